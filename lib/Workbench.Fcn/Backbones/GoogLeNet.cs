using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Backbones;

/// <summary>
/// GoogLeNet (Inception v1, the bvlc_googlenet layout) up to its last Inception block. The paper
/// uses only the final loss layer and discards the final average pooling (§4.1); with
/// <c>averagePool: true</c> the trunk keeps the classifier's 7×7 average pool, convolutionalized
/// to stride 1 — the classifier that Table 1's receptive field of 907 describes.
/// </summary>
public sealed class GoogLeNet : Backbone
{
    readonly Conv2d conv1;
    readonly ReLU relu1;
    readonly MaxPool2d pool1;
    readonly LocalResponseNorm norm1;
    readonly Conv2d conv2_reduce;
    readonly ReLU relu2_reduce;
    readonly Conv2d conv2;
    readonly ReLU relu2;
    readonly LocalResponseNorm norm2;
    readonly MaxPool2d pool2;
    readonly Inception inception_3a, inception_3b;
    readonly MaxPool2d pool3;
    readonly Inception inception_4a, inception_4b, inception_4c, inception_4d, inception_4e;
    readonly MaxPool2d pool4;
    readonly Inception inception_5a, inception_5b;
    readonly AvgPool2d? pool5;
    readonly Dropout drop5;

    /// <param name="conv1Padding">100 in the FCN (the reference's, so that any input size leaves an output); the ILSVRC classifier's own (bvlc_googlenet: 3) when the trunk is trained as a classifier (Classifiers/Classifier.cs).</param>
    public GoogLeNet(double width = 1.0, long inChannels = 3, bool averagePool = false, long conv1Padding = 100) : base(nameof(GoogLeNet), width)
    {
        conv1 = nn.Conv2d(inChannels, C(64), 7, stride: 2, padding: conv1Padding); relu1 = nn.ReLU(inplace: true);
        pool1 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        norm1 = nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75);
        conv2_reduce = nn.Conv2d(C(64), C(64), 1); relu2_reduce = nn.ReLU(inplace: true);
        conv2 = nn.Conv2d(C(64), C(192), 3, padding: 1); relu2 = nn.ReLU(inplace: true);
        norm2 = nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75);
        pool2 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        inception_3a = Block(C(192), 64, 96, 128, 16, 32, 32);
        inception_3b = Block(inception_3a.OutChannels, 128, 128, 192, 32, 96, 64);
        pool3 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        inception_4a = Block(inception_3b.OutChannels, 192, 96, 208, 16, 48, 64);
        inception_4b = Block(inception_4a.OutChannels, 160, 112, 224, 24, 64, 64);
        inception_4c = Block(inception_4b.OutChannels, 128, 128, 256, 24, 64, 64);
        inception_4d = Block(inception_4c.OutChannels, 112, 144, 288, 32, 64, 64);
        inception_4e = Block(inception_4d.OutChannels, 256, 160, 320, 32, 128, 128);
        pool4 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        inception_5a = Block(inception_4e.OutChannels, 256, 160, 320, 32, 128, 128);
        inception_5b = Block(inception_5a.OutChannels, 384, 192, 384, 48, 128, 128);
        pool5 = averagePool ? nn.AvgPool2d(7, stride: 1) : null;
        drop5 = nn.Dropout(0.4);
        Stride8Channels = inception_3b.OutChannels;
        Stride16Channels = inception_4e.OutChannels;
        TopChannels = inception_5b.OutChannels;
        RegisterComponents();
    }

    Inception Block(long inChannels, long c1, long c3r, long c3, long c5r, long c5, long pp) =>
        new(inChannels, C(c1), C(c3r), C(c3), C(c5r), C(c5), C(pp));

    public override long Stride8Channels { get; }
    public override long Stride16Channels { get; }
    public override long TopChannels { get; }
    public override long UpsamplingKernel(long factor) => 2 * factor - 1;
    public override long InnerUpsamplingPadding => 1;

    public override Features<T> Features<T>(Flow<T> f, T data)
    {
        var h = f.Apply(conv1, data);
        h = f.Apply(relu1, h);
        h = f.Apply(pool1, h);
        h = f.Apply(norm1, h);
        h = f.Apply(conv2_reduce, h);
        h = f.Apply(relu2_reduce, h);
        h = f.Apply(conv2, h);
        h = f.Apply(relu2, h);
        h = f.Apply(norm2, h);
        h = f.Apply(pool2, h);

        h = f.Apply(inception_3a, h);
        h = f.Apply(inception_3b, h);
        var stride8 = f.Keep(h);
        h = f.Apply(pool3, h);

        h = f.Apply(inception_4a, h);
        h = f.Apply(inception_4b, h);
        h = f.Apply(inception_4c, h);
        h = f.Apply(inception_4d, h);
        h = f.Apply(inception_4e, h);
        var stride16 = f.Keep(h);
        h = f.Apply(pool4, h);

        h = f.Apply(inception_5a, h);
        h = f.Apply(inception_5b, h);
        if (pool5 is not null) h = f.Apply(pool5, h);
        h = f.Apply(drop5, h);
        return new Features<T>(stride8, stride16, h);
    }
}
