using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Backbones;

/// <summary>The features an FCN head reads from a trunk: the last maps at strides 8, 16 and 32.</summary>
public readonly record struct Features<T>(T Stride8, T Stride16, T Top);

/// <summary>
/// An ILSVRC classifier cast into a fully convolutional trunk (§3.1, §4.1): its layers keep the
/// classifier's names, so classifier weights load by name. A width multiplier scales every
/// channel count (1.0 is the paper's net) for CPU-scale experiments.
/// </summary>
public abstract class Backbone : NamedModule<Tensor, Tensor>, IFlowModule
{
    protected Backbone(string name, double width) : base(name)
    {
        if (!(width > 0) || double.IsInfinity(width)) throw new ArgumentOutOfRangeException(nameof(width), width, "width multiplier must be positive");
        Width = width;
    }

    public double Width { get; }

    /// <summary>Channels of the stride-8, stride-16 and top features.</summary>
    public abstract long Stride8Channels { get; }
    public abstract long Stride16Channels { get; }
    public abstract long TopChannels { get; }

    /// <summary>
    /// Kernel size of a ×<paramref name="factor"/> upsampling for this trunk: 2·factor where the
    /// trunk's coordinate maps leave whole-pixel offsets (VGG16), 2·factor − 1 where they leave a
    /// half pixel (AlexNet's 6×6 fc6, GoogLeNet's 7×7/2 conv1), as FCN-AlexNet's 63×63 upscore.
    /// </summary>
    public abstract long UpsamplingKernel(long factor);

    /// <summary>
    /// Padding of the inner (×2) upsampling layers of skip nets, which trims their output. VGG16's
    /// and AlexNet's unpadded fc6 already shrink the top so that the upsampled scores fit inside
    /// the skip features; GoogLeNet has no such layer and needs the trim.
    /// </summary>
    public virtual long InnerUpsamplingPadding => 0;

    /// <summary>The channel count of the paper's net scaled by the width multiplier (at least one).</summary>
    protected long C(long channels) => Math.Max(1, (long) Math.Round(channels * Width));

    public abstract Features<T> Features<T>(Flow<T> f, T x);

    T IFlowModule.Forward<T>(Flow<T> f, T x) => Features(f, x).Top;

    /// <summary>The top features alone.</summary>
    public override Tensor forward(Tensor input)
    {
        var flow = new TensorFlow(input, new Dictionary<string, long>());
        return flow.Finish(Features(flow, input).Top);
    }
}
