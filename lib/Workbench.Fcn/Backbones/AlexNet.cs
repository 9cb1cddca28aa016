using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Backbones;

/// <summary>
/// AlexNet in its CaffeNet form, as FCN-AlexNet uses it: 11×11/4 conv1 (padded by 100), pooling
/// before LRN, conv2, conv4 and conv5 split into two groups (the two GPUs of Krizhevsky et al.),
/// 3×3/2 ceil pools; fc6 becomes a 6×6 convolution and fc7 a 1×1 one.
/// </summary>
public sealed class AlexNet : Backbone
{
    readonly Conv2d conv1;
    readonly ReLU relu1;
    readonly MaxPool2d pool1;
    readonly LocalResponseNorm norm1;
    readonly Conv2d conv2;
    readonly ReLU relu2;
    readonly MaxPool2d pool2;
    readonly LocalResponseNorm norm2;
    readonly Conv2d conv3;
    readonly ReLU relu3;
    readonly Conv2d conv4;
    readonly ReLU relu4;
    readonly Conv2d conv5;
    readonly ReLU relu5;
    readonly MaxPool2d pool5;
    readonly Conv2d fc6;
    readonly ReLU relu6;
    readonly Dropout drop6;
    readonly Conv2d fc7;
    readonly ReLU relu7;
    readonly Dropout drop7;

    /// <param name="conv1Padding">100 in the FCN (the reference's, so that any input size leaves an output); the ILSVRC classifier's own (CaffeNet: 0) when the trunk is trained as a classifier (Classifiers/Classifier.cs).</param>
    public AlexNet(double width = 1.0, long inChannels = 3, long conv1Padding = 100) : base(nameof(AlexNet), width)
    {
        // Grouped layers need channel counts divisible by two.
        long c1 = 2 * C(48), c2 = 2 * C(128), c3 = 2 * C(192), c5 = 2 * C(128), fc = C(4096);
        conv1 = nn.Conv2d(inChannels, c1, 11, stride: 4, padding: conv1Padding); relu1 = nn.ReLU(inplace: true);
        pool1 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        norm1 = nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75);
        conv2 = nn.Conv2d(c1, c2, 5, padding: 2, groups: 2); relu2 = nn.ReLU(inplace: true);
        pool2 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        norm2 = nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75);
        conv3 = nn.Conv2d(c2, c3, 3, padding: 1); relu3 = nn.ReLU(inplace: true);
        conv4 = nn.Conv2d(c3, c3, 3, padding: 1, groups: 2); relu4 = nn.ReLU(inplace: true);
        conv5 = nn.Conv2d(c3, c5, 3, padding: 1, groups: 2); relu5 = nn.ReLU(inplace: true);
        pool5 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        fc6 = nn.Conv2d(c5, fc, 6); relu6 = nn.ReLU(inplace: true); drop6 = nn.Dropout(0.5);
        fc7 = nn.Conv2d(fc, fc, 1); relu7 = nn.ReLU(inplace: true); drop7 = nn.Dropout(0.5);
        Stride8Channels = c2;
        Stride16Channels = c5;
        TopChannels = fc;
        RegisterComponents();
    }

    public override long Stride8Channels { get; }
    public override long Stride16Channels { get; }
    public override long TopChannels { get; }
    public override long UpsamplingKernel(long factor) => 2 * factor - 1;

    public override Features<T> Features<T>(Flow<T> f, T data)
    {
        var h = f.Apply(conv1, data);
        h = f.Apply(relu1, h);
        h = f.Apply(pool1, h);
        h = f.Apply(norm1, h);

        h = f.Apply(conv2, h);
        h = f.Apply(relu2, h);
        var stride8 = f.Keep(h);
        h = f.Apply(pool2, h);
        h = f.Apply(norm2, h);

        h = f.Apply(conv3, h);
        h = f.Apply(relu3, h);
        h = f.Apply(conv4, h);
        h = f.Apply(relu4, h);
        h = f.Apply(conv5, h);
        h = f.Apply(relu5, h);
        var stride16 = f.Keep(h);
        h = f.Apply(pool5, h);

        h = f.Apply(fc6, h);
        h = f.Apply(relu6, h);
        h = f.Apply(drop6, h);

        h = f.Apply(fc7, h);
        h = f.Apply(relu7, h);
        h = f.Apply(drop7, h);
        return new Features<T>(stride8, stride16, h);
    }
}
