using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Graph;

/// <summary>
/// Runs a forward pass on tensors. Each intermediate handle is released as soon as the next layer
/// has consumed it (autograd keeps what backward needs), so inference holds about as many
/// activations at once as PyTorch does; values marked with <see cref="Keep"/> live until the
/// pass ends.
/// </summary>
public sealed class TensorFlow : Flow<Tensor>
{
    readonly Tensor input;
    readonly IReadOnlyDictionary<string, long> cropOffsets;
    readonly HashSet<Tensor> kept = new(ReferenceEqualityComparer.Instance);

    public TensorFlow(Tensor input, IReadOnlyDictionary<string, long> cropOffsets)
    {
        this.input = input;
        this.cropOffsets = cropOffsets;
    }

    void Release(Tensor x, Tensor result)
    {
        if (!ReferenceEquals(x, input) && !ReferenceEquals(x, result) && !kept.Contains(x)) x.Dispose();
    }

    protected override Tensor Step(nn.Module<Tensor, Tensor> layer, Tensor x)
    {
        var y = layer.forward(x);
        Release(x, y);
        return y;
    }

    public override Tensor Keep(Tensor x)
    {
        kept.Add(x);
        return x;
    }

    public override Tensor Crop(string site, Tensor x, Tensor like)
    {
        if (!cropOffsets.TryGetValue(site, out var offset))
            throw new KeyNotFoundException($"no derived offset for crop '{site}'");
        var s = like.shape;
        long h = s[^2], w = s[^1];
        using var rows = x.slice(2, offset, offset + h, 1);
        var y = rows.slice(3, offset, offset + w, 1);
        Release(x, y);
        return y;
    }

    public override Tensor Add(Tensor a, Tensor b)
    {
        var y = a + b;
        Release(a, y);
        Release(b, y);
        return y;
    }

    public override Tensor Scale(Tensor x, double factor)
    {
        var y = x * factor;
        Release(x, y);
        return y;
    }

    public override Tensor Concat(IReadOnlyList<Tensor> parts)
    {
        var y = cat(parts.ToList(), 1);
        foreach (var p in parts) Release(p, y);
        return y;
    }

    /// <summary>Releases the kept values except <paramref name="output"/>; call when the pass is done.</summary>
    public Tensor Finish(Tensor output)
    {
        foreach (var k in kept)
            if (!ReferenceEquals(k, output) && !ReferenceEquals(k, input)) k.Dispose();
        kept.Clear();
        return output;
    }
}
