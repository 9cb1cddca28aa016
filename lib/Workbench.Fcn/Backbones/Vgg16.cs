using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Backbones;

/// <summary>
/// VGG16 (Simonyan and Zisserman), convolutionalized as in the reference voc-fcn8s: conv1_1 pads
/// by 100 so that every input size leaves a valid output, pools round up (Caffe's ceil), fc6 is a
/// 7×7 convolution without padding and fc7 a 1×1 one, each followed by ReLU and dropout 0.5.
/// </summary>
public sealed class Vgg16 : Backbone
{
    readonly Conv2d conv1_1, conv1_2;
    readonly ReLU relu1_1, relu1_2;
    readonly MaxPool2d pool1;
    readonly Conv2d conv2_1, conv2_2;
    readonly ReLU relu2_1, relu2_2;
    readonly MaxPool2d pool2;
    readonly Conv2d conv3_1, conv3_2, conv3_3;
    readonly ReLU relu3_1, relu3_2, relu3_3;
    readonly MaxPool2d pool3;
    readonly Conv2d conv4_1, conv4_2, conv4_3;
    readonly ReLU relu4_1, relu4_2, relu4_3;
    readonly MaxPool2d pool4;
    readonly Conv2d conv5_1, conv5_2, conv5_3;
    readonly ReLU relu5_1, relu5_2, relu5_3;
    readonly MaxPool2d pool5;
    readonly Conv2d fc6;
    readonly ReLU relu6;
    readonly Dropout drop6;
    readonly Conv2d fc7;
    readonly ReLU relu7;
    readonly Dropout drop7;

    /// <param name="conv1Padding">100 in the FCN (the reference's, so that any input size leaves an output); the ILSVRC classifier's own (VGG16 classifier: 1) when the trunk is trained as a classifier (Classifiers/Classifier.cs).</param>
    public Vgg16(double width = 1.0, long inChannels = 3, long conv1Padding = 100) : base(nameof(Vgg16), width)
    {
        long c1 = C(64), c2 = C(128), c3 = C(256), c4 = C(512), c5 = C(512), fc = C(4096);
        conv1_1 = nn.Conv2d(inChannels, c1, 3, padding: conv1Padding); relu1_1 = nn.ReLU(inplace: true);
        conv1_2 = nn.Conv2d(c1, c1, 3, padding: 1); relu1_2 = nn.ReLU(inplace: true);
        pool1 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
        conv2_1 = nn.Conv2d(c1, c2, 3, padding: 1); relu2_1 = nn.ReLU(inplace: true);
        conv2_2 = nn.Conv2d(c2, c2, 3, padding: 1); relu2_2 = nn.ReLU(inplace: true);
        pool2 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
        conv3_1 = nn.Conv2d(c2, c3, 3, padding: 1); relu3_1 = nn.ReLU(inplace: true);
        conv3_2 = nn.Conv2d(c3, c3, 3, padding: 1); relu3_2 = nn.ReLU(inplace: true);
        conv3_3 = nn.Conv2d(c3, c3, 3, padding: 1); relu3_3 = nn.ReLU(inplace: true);
        pool3 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
        conv4_1 = nn.Conv2d(c3, c4, 3, padding: 1); relu4_1 = nn.ReLU(inplace: true);
        conv4_2 = nn.Conv2d(c4, c4, 3, padding: 1); relu4_2 = nn.ReLU(inplace: true);
        conv4_3 = nn.Conv2d(c4, c4, 3, padding: 1); relu4_3 = nn.ReLU(inplace: true);
        pool4 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
        conv5_1 = nn.Conv2d(c4, c5, 3, padding: 1); relu5_1 = nn.ReLU(inplace: true);
        conv5_2 = nn.Conv2d(c5, c5, 3, padding: 1); relu5_2 = nn.ReLU(inplace: true);
        conv5_3 = nn.Conv2d(c5, c5, 3, padding: 1); relu5_3 = nn.ReLU(inplace: true);
        pool5 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
        fc6 = nn.Conv2d(c5, fc, 7); relu6 = nn.ReLU(inplace: true); drop6 = nn.Dropout(0.5);
        fc7 = nn.Conv2d(fc, fc, 1); relu7 = nn.ReLU(inplace: true); drop7 = nn.Dropout(0.5);
        Stride8Channels = c3;
        Stride16Channels = c4;
        TopChannels = fc;
        RegisterComponents();
    }

    public override long Stride8Channels { get; }
    public override long Stride16Channels { get; }
    public override long TopChannels { get; }
    public override long UpsamplingKernel(long factor) => 2 * factor;

    public override Features<T> Features<T>(Flow<T> f, T data)
    {
        var h = f.Apply(conv1_1, data);
        h = f.Apply(relu1_1, h);
        h = f.Apply(conv1_2, h);
        h = f.Apply(relu1_2, h);
        h = f.Apply(pool1, h);

        h = f.Apply(conv2_1, h);
        h = f.Apply(relu2_1, h);
        h = f.Apply(conv2_2, h);
        h = f.Apply(relu2_2, h);
        h = f.Apply(pool2, h);

        h = f.Apply(conv3_1, h);
        h = f.Apply(relu3_1, h);
        h = f.Apply(conv3_2, h);
        h = f.Apply(relu3_2, h);
        h = f.Apply(conv3_3, h);
        h = f.Apply(relu3_3, h);
        h = f.Apply(pool3, h);
        var p3 = f.Keep(h);

        h = f.Apply(conv4_1, h);
        h = f.Apply(relu4_1, h);
        h = f.Apply(conv4_2, h);
        h = f.Apply(relu4_2, h);
        h = f.Apply(conv4_3, h);
        h = f.Apply(relu4_3, h);
        h = f.Apply(pool4, h);
        var p4 = f.Keep(h);

        h = f.Apply(conv5_1, h);
        h = f.Apply(relu5_1, h);
        h = f.Apply(conv5_2, h);
        h = f.Apply(relu5_2, h);
        h = f.Apply(conv5_3, h);
        h = f.Apply(relu5_3, h);
        h = f.Apply(pool5, h);

        h = f.Apply(fc6, h);
        h = f.Apply(relu6, h);
        h = f.Apply(drop6, h);

        h = f.Apply(fc7, h);
        h = f.Apply(relu7, h);
        h = f.Apply(drop7, h);
        return new Features<T>(p3, p4, h);
    }
}
