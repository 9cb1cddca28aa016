using static TorchSharp.torch;

namespace Workbench.Fcn.Dense;

/// <summary>
/// §3.2's first route to dense output from a net of stride f: run it on the f² inputs shifted by
/// (dy, dx) ∈ [0, f)², and put output (i, j) of the (dy, dx) run at (f·i + dy, f·j + dx). The f²
/// outputs are cropped to a common size and interleaved with one permute and reshape.
/// </summary>
public static class ShiftAndStitch
{
    public static Tensor Apply(Func<Tensor, Tensor> coarse, Tensor x, int f)
    {
        if (f < 1) throw new ArgumentOutOfRangeException(nameof(f), f, "the stride must be at least 1");
        if (x.ndim != 4) throw new ArgumentException($"expected an input [N, C, H, W], got [{string.Join(", ", x.shape)}]", nameof(x));
        var outputs = new List<Tensor>();
        for (int dy = 0; dy < f; dy++)
            for (int dx = 0; dx < f; dx++)
                outputs.Add(coarse(x[.., .., dy.., dx..]));
        long h = outputs.Min(o => o.shape[2]), w = outputs.Min(o => o.shape[3]);
        var cropped = outputs.Select(o => o[.., .., ..(int) h, ..(int) w]).ToList();
        long n = x.shape[0], c = cropped[0].shape[1];
        // [dy, dx, n, c, i, j] -> [n, c, i, dy, j, dx] -> [n, c, f*i + dy, f*j + dx]
        return stack(cropped, 0).view(f, f, n, c, h, w).permute(2, 3, 4, 0, 5, 1).reshape(n, c, h * f, w * f);
    }
}
