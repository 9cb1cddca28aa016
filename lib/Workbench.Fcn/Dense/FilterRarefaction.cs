using static TorchSharp.torch;

namespace Workbench.Fcn.Dense;

/// <summary>
/// §3.2's second route: remove a layer's stride s and "rarefy" every filter above it, f'[s·i, s·j] =
/// f[i, j] with zeros between — which is what a convolution dilated by s computes without the zeros.
/// </summary>
public static class FilterRarefaction
{
    /// <summary>A [out, in, k, k] filter spread to [out, in, (k−1)s+1, (k−1)s+1] with zeros between its taps.</summary>
    public static Tensor Rarefy(Tensor weight, int s)
    {
        if (s < 1) throw new ArgumentOutOfRangeException(nameof(s), s, "the rarefaction factor must be at least 1");
        if (weight.ndim != 4) throw new ArgumentException($"expected a filter [out, in, k, k], got [{string.Join(", ", weight.shape)}]", nameof(weight));
        long kh = weight.shape[2], kw = weight.shape[3];
        long bh = (kh - 1) * s + 1, bw = (kw - 1) * s + 1;
        var r = zeros(new[] { weight.shape[0], weight.shape[1], bh, bw }, dtype: weight.dtype, device: weight.device);
        r.slice(2, 0, bh, s).slice(3, 0, bw, s).copy_(weight);
        return r;
    }
}
