using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets;

/// <summary>What datasets and the loader need of a <see cref="LabelMap"/> beyond the codecs.</summary>
public static class LabelMapExtensions
{
    /// <summary>Throws, naming <paramref name="source"/>, if a label is neither void nor below <paramref name="classCount"/>.</summary>
    public static void Validate(this LabelMap labels, int classCount, string source)
    {
        var d = labels.Indices;
        for (int i = 0; i < d.Length; i++)
        {
            var v = d[i];
            if (v != LabelMap.Void && v >= classCount)
                throw new InvalidDataException(
                    $"{source}: label {v} at (y={i / labels.Width}, x={i % labels.Width}) is outside 0..{classCount - 1} (and not void {LabelMap.Void})");
        }
    }

    /// <summary>Pixel counts of classes 0..n−1; index n counts void.</summary>
    public static long[] ClassHistogram(this LabelMap labels, int classCount)
    {
        var h = new long[classCount + 1];
        foreach (var v in labels.Indices) h[v < classCount ? v : classCount]++;
        return h;
    }

    /// <summary>A new int64 tensor [H, W] (the loss and the metrics take int64 targets).</summary>
    public static torch.Tensor ToTensor(this LabelMap labels)
    {
        var d = labels.Indices;
        var wide = new long[d.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = d[i];
        return TensorBytes.FromSpan<long>(wide, new long[] { labels.Height, labels.Width });
    }
}
