using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Fcn.Metrics;

/// <summary>
/// Pixel accuracy in a band around the label edges (a trimap): how well a net places boundaries,
/// which is what the skips of §4.2 refine (Fig. 4: "finer" 16s and 8s outputs). A pixel is an edge
/// pixel when a 4-neighbour carries another label, void included, so VOC's void bands around
/// objects outline them; the band is every labelled pixel within <see cref="Radius"/> pixels
/// (Chebyshev distance) of an edge pixel. Accumulates over images, like the confusion matrix.
/// <para>Given the class count it also keeps the band's confusion matrix, whose mean IU is the
/// trimap measure of Kohli et al. and DeepLab. Accuracy alone favours a net that labels the band
/// background: about half of any band around an object is background, so background everywhere
/// scores about half there; its mean IU in the band is that share divided by the classes present.</para>
/// </summary>
public sealed class BoundaryAccuracy
{
    public BoundaryAccuracy(int radius, int classes = 0)
    {
        if (radius is < 0 or > 1024) throw new ArgumentOutOfRangeException(nameof(radius), radius, "the band's radius is 0 to 1024 pixels");
        Radius = radius;
        InBand = classes > 0 ? new ConfusionMatrix(classes) : null;
    }

    public int Radius { get; }

    /// <summary>The confusion matrix of the band's pixels (null when no class count was given).</summary>
    public ConfusionMatrix? InBand { get; }

    /// <summary>Mean IU over the band's pixels (NaN before any band pixel was counted or without a class count).</summary>
    public double MeanIU => InBand is null || InBand.Total == 0 ? double.NaN : InBand.Metrics().MeanIU;

    /// <summary>Labelled pixels inside the band, over every image added.</summary>
    public long Counted { get; private set; }

    /// <summary>Of those, the ones predicted right.</summary>
    public long Correct { get; private set; }

    /// <summary>The band's pixel accuracy (NaN before any band pixel was counted).</summary>
    public double Accuracy => Counted == 0 ? double.NaN : (double) Correct / Counted;

    /// <summary>Adds one image: ground truth and prediction [H, W] of class indices (void 255 in the truth).</summary>
    public void Add(Tensor truth, Tensor predicted)
    {
        if (truth.ndim != 2 || !truth.shape.SequenceEqual(predicted.shape))
            throw new ArgumentException($"truth and prediction must be two maps [H, W] of one size, got [{string.Join(", ", truth.shape)}] and [{string.Join(", ", predicted.shape)}]");
        using var scope = NewDisposeScope();
        var band = Band(truth.to(int64), Radius);
        var scored = band.logical_and(truth.ne(Losses.SegmentationLoss.Void));
        Counted += scored.sum().item<long>();
        Correct += scored.logical_and(predicted.to(int64).eq(truth.to(int64))).sum().item<long>();
        // Outside the band the truth becomes void, which the confusion matrix drops.
        InBand?.Add(truth.to(int64).where(band, tensor(Losses.SegmentationLoss.Void, device: truth.device)), predicted);
    }

    /// <summary>The band [H, W] (bool): pixels within <paramref name="radius"/> of a label edge.</summary>
    public static Tensor Band(Tensor truth, int radius)
    {
        long h = truth.shape[0], w = truth.shape[1];
        using var scope = NewDisposeScope();
        var edge = zeros(h, w, dtype: float32, device: truth.device);
        if (w > 1)
        {
            var across = truth.narrow(1, 1, w - 1).ne(truth.narrow(1, 0, w - 1)).to(float32);
            edge = edge.maximum(nn.functional.pad(across, new long[] { 1, 0 })).maximum(nn.functional.pad(across, new long[] { 0, 1 }));
        }
        if (h > 1)
        {
            var down = truth.narrow(0, 1, h - 1).ne(truth.narrow(0, 0, h - 1)).to(float32);
            edge = edge.maximum(nn.functional.pad(down, new long[] { 0, 0, 1, 0 })).maximum(nn.functional.pad(down, new long[] { 0, 0, 0, 1 }));
        }
        var grown = radius == 0 ? edge : nn.functional.max_pool2d(edge.unsqueeze(0).unsqueeze(0), 2 * radius + 1, 1, radius).squeeze(0).squeeze(0);
        return grown.gt(0).MoveToOuterDisposeScope();
    }
}
