using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Weights;

/// <summary>
/// The sum of a tensor's values computed from its storage, never from an expanded copy. A file may
/// hold a view whose element count is far beyond its storage — a zero stride
/// (<c>torch.ones(1).expand(100000, 10000)</c> saved: 759 bytes, 10^9 values) or strides that make
/// rows overlap. Zero-stride dimensions multiply the sum; a view whose elements do not overlap is
/// summed in place in float64 (libtorch's strided reduction, no copy); an overlapping one by how
/// many times each storage element is seen, in time and memory linear in the storage span.
/// </summary>
internal static class StridedSum
{
    public static double Of(Tensor t)
    {
        if (t.numel() == 0) return 0;
        var sizes = t.shape;
        var strides = t.stride();
        long offset = t.storage_offset();
        double repeat = 1;
        var dims = new List<(long Size, long Stride)>();
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] == 1) continue;
            if (strides[i] == 0) repeat *= sizes[i];
            else dims.Add((sizes[i], Math.Abs(strides[i])));
        }
        dims.Sort((a, b) => a.Stride.CompareTo(b.Stride));
        using var scope = NewDisposeScope();
        if (!Overlaps(dims))
        {
            var view = t.as_strided(dims.Select(d => d.Size).ToArray(), dims.Select(d => d.Stride).ToArray(), offset);
            return repeat * view.sum(ScalarType.Float64).item<double>();
        }
        return repeat * ByMultiplicity(t, dims, offset);
    }

    // Each stride at least the extent of the dimensions below it: every element is seen once.
    static bool Overlaps(List<(long Size, long Stride)> sorted)
    {
        long extent = 1;
        foreach (var (size, stride) in sorted)
        {
            if (stride < extent) return true;
            extent = stride > long.MaxValue / size ? long.MaxValue : stride * size;
        }
        return false;
    }

    // count[p]: in how many index tuples the view reaches storage element offset + p; the sum is
    // Σ value[p]·count[p]. Each dimension (n, k) turns count into Σ_{i<n} count[p − i·k], a running
    // window over every k-th element.
    static double ByMultiplicity(Tensor t, List<(long Size, long Stride)> dims, long offset)
    {
        long span = 1;
        foreach (var (size, stride) in dims) span += (size - 1) * stride;   // inside the storage: checked on reading
        if (!ReadLimits.Allows(ReadLimits.Product(span, 16))) return double.NaN;
        var values = t.as_strided(new[] { span }, new[] { 1L }, offset).to(ScalarType.Float64).contiguous().ToArray<double>();
        var count = new double[span];
        var next = new double[span];
        count[0] = 1;
        foreach (var (size, stride) in dims)
        {
            for (long p = 0; p < span; p++)
            {
                double v = count[p] + (p >= stride ? next[p - stride] : 0);
                if (p >= size * stride) v -= count[p - size * stride];
                next[p] = v;
            }
            (count, next) = (next, count);
        }
        double sum = 0;
        for (long p = 0; p < span; p++) sum += values[p] * count[p];
        return sum;
    }
}
