using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Losses;

/// <summary>
/// Loss sampling (§3.4, Fig. 5): patchwise training is loss sampling, done here by keeping each
/// final-layer cell (a stride×stride block of pixels, the region one top unit scores) with
/// probability p and ignoring the pixels of the others, as if they were void. p = 1 is the
/// full image loss.
/// </summary>
public static class LossSampling
{
    /// <summary>Labels with the pixels of dropped cells set to void; with p = 1 the labels themselves (no random draw).</summary>
    /// <param name="labels">[N, H, W] labels.</param>
    /// <param name="keep">p, the probability of keeping a cell, in (0, 1].</param>
    /// <param name="stride">Cell size in pixels (32 for the paper's nets).</param>
    public static Tensor Sample(Tensor labels, double keep, long stride = 32)
    {
        if (!(keep > 0 && keep <= 1)) throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep probability must be in (0, 1]");
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "cell stride must be positive");
        if (labels.ndim != 3) throw new ArgumentException($"labels must be [N, H, W], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        if (keep >= 1) return labels.alias();
        using var scope = NewDisposeScope();
        var s = labels.shape;
        long n = s[0], h = s[1], w = s[2];
        long gh = (h + stride - 1) / stride, gw = (w + stride - 1) / stride;
        var cells = empty(new[] { n, gh, 1, gw, 1 }, float32, labels.device).bernoulli_(keep);
        var mask = cells.expand(n, gh, stride, gw, stride).reshape(n, gh * stride, gw * stride)[.., ..(int) h, ..(int) w];
        var dropped = mask.eq(0);
        return labels.masked_fill(dropped, SegmentationLoss.Void).MoveToOuterDisposeScope();
    }
}
