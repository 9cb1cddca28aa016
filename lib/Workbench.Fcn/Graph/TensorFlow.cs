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
        var y = layer is TorchSharp.Modules.ConvTranspose2d d && x.dtype == ScalarType.BFloat16 && x.device.type == DeviceType.CPU
            ? Float32Deconvolution(d, x)
            : layer.forward(x);
        Release(x, y);
        return y;
    }

    // libtorch 2.10's bfloat16 transposed convolution on the CPU takes a slow path: FCN-8s's
    // upscore8 runs 8× slower than in float32 (337 against 44 ms on this machine's 2 cores), a
    // tenth of the whole bf16 forward pass. Deconvolutions are under 1% of the net's operations,
    // so they compute in float32 and hand bfloat16 on; gradients flow through both casts.
    static Tensor Float32Deconvolution(TorchSharp.Modules.ConvTranspose2d d, Tensor x)
    {
        using var x32 = x.to(ScalarType.Float32);
        using var w32 = d.weight!.to(ScalarType.Float32);
        using var b32 = d.bias?.to(ScalarType.Float32);
        using var y32 = nn.functional.conv_transpose2d(x32, w32, b32, d.stride, d.padding, d.output_padding, d.dilation, d.groups);
        return y32.to(ScalarType.BFloat16);
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
