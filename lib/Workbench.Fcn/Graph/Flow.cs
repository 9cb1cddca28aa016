using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Graph;

/// <summary>
/// What a forward pass is written against. Every model writes its forward pass once, generic in
/// the value that flows along the edges: <see cref="TensorFlow"/> runs it on tensors,
/// <see cref="GeometryFlow"/> runs the same code on layer geometry (coordinate maps, sizes,
/// receptive fields), which is how crop offsets and Table 1's facts are derived from the very
/// graph that computes, as Caffe's coord_map.py does from a net's prototxt.
/// </summary>
public abstract class Flow<T>
{
    /// <summary>One layer: a convolution, pooling, deconvolution or a point-wise layer.</summary>
    public T Apply(nn.Module<Tensor, Tensor> layer, T x) =>
        layer is IFlowModule composite ? composite.Forward(this, x) : Step(layer, x);

    protected abstract T Step(nn.Module<Tensor, Tensor> layer, T x);

    /// <summary>Marks a value that is used again later (a skip connection, a branch point).</summary>
    public abstract T Keep(T x);

    /// <summary>
    /// The window of <paramref name="x"/> aligned with <paramref name="like"/> and of its size
    /// (Caffe's Crop layer); the offset of each named site is derived, never given.
    /// </summary>
    public abstract T Crop(string site, T x, T like);

    /// <summary>Element-wise sum of two aligned maps (Caffe's Eltwise SUM).</summary>
    public abstract T Add(T a, T b);

    /// <summary>Multiplies by a constant (at-once FCN-8s scales pool4 and pool3 features).</summary>
    public abstract T Scale(T x, double factor);

    /// <summary>Channel concatenation of aligned maps (an Inception block's branches).</summary>
    public abstract T Concat(IReadOnlyList<T> parts);
}

/// <summary>A module whose forward pass is itself written against a <see cref="Flow{T}"/>.</summary>
public interface IFlowModule
{
    T Forward<T>(Flow<T> f, T x);
}
