using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// Early fusion of RGB and depth (§5, NYUDv2 "RGBD"): a trunk whose first convolution takes four
/// channels (build it with <c>inChannels: 4</c>). A classifier's RGB filters carry over and the
/// depth filter of each output channel starts as the mean of its three colour filters.
/// </summary>
public static class EarlyFusion
{
    /// <summary>[O, 3, k, k] colour filters → [O, <paramref name="inChannels"/>, k, k], the extra channels the colour mean.</summary>
    public static Tensor ExpandFilters(Tensor rgb, long inChannels)
    {
        var s = rgb.shape;
        if (s.Length != 4 || s[1] != 3) throw new ArgumentException($"expected colour filters [O, 3, k, k], got [{string.Join(", ", s)}]", nameof(rgb));
        if (inChannels < 3) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "at least the three colour channels");
        if (inChannels == 3) return rgb.clone();
        using var scope = NewDisposeScope();
        var mean = rgb.mean(new long[] { 1 }, keepdim: true);
        var extra = mean.expand(s[0], inChannels - 3, s[2], s[3]);
        return cat(new[] { rgb, extra }, 1).MoveToOuterDisposeScope();
    }
}
