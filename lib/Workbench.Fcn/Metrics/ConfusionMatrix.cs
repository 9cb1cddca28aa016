using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Metrics;

/// <summary>
/// One confusion matrix over a whole split (§5): rows are ground truth, columns predictions.
/// Pixels whose ground truth is outside 0..n−1 (void 255 among them) are dropped, as the
/// reference's fast_hist; a prediction outside 0..n−1 for a counted pixel is an error. Dropped
/// labels other than void are counted (<see cref="OutOfRangePixels"/>): they mean a class count
/// that does not fit the ground truth, which a caller should say rather than score silently.
/// </summary>
public sealed class ConfusionMatrix
{
    readonly long[] counts;

    public ConfusionMatrix(int numClasses)
    {
        Models.ModelLimits.CheckClasses(numClasses, "classes of a confusion matrix");
        NumClasses = numClasses;
        counts = new long[numClasses * numClasses];
    }

    public int NumClasses { get; }

    /// <summary>Pixels counted with ground truth <paramref name="truth"/> and prediction <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => counts[truth * NumClasses + predicted];

    public long Total => counts.Sum();

    /// <summary>The classes predicted for at least one counted pixel: 1 means the net labels everything alike.</summary>
    public int PredictedClasses => Enumerable.Range(0, NumClasses).Count(p => Enumerable.Range(0, NumClasses).Any(t => counts[t * NumClasses + p] > 0));

    /// <summary>Ground-truth pixels dropped for a label outside 0..n−1 that is not void (255).</summary>
    public long OutOfRangePixels { get; private set; }

    /// <summary>The first such label seen, for the warning (null when there was none).</summary>
    public long? FirstOutOfRangeLabel { get; private set; }

    /// <summary>Adds a prediction and its ground truth, both label maps of the same shape (any integer dtype).</summary>
    public void Add(Tensor groundTruth, Tensor prediction)
    {
        if (!groundTruth.shape.SequenceEqual(prediction.shape))
            throw new ArgumentException($"ground truth [{string.Join(", ", groundTruth.shape)}] and prediction [{string.Join(", ", prediction.shape)}] differ in shape");
        using var scope = NewDisposeScope();
        var gt = groundTruth.flatten().to(int64).cpu();
        var pred = prediction.flatten().to(int64).cpu();
        var valid = (gt >= 0) & (gt < NumClasses);
        var stray = valid.logical_not() & gt.ne(Losses.SegmentationLoss.Void);
        long strays = stray.sum().item<long>();
        if (strays > 0)
        {
            FirstOutOfRangeLabel ??= gt.masked_select(stray)[0].item<long>();
            OutOfRangePixels += strays;
        }
        var g = gt.masked_select(valid);
        var p = pred.masked_select(valid);
        if (p.numel() == 0) return;
        if (((p < 0) | (p >= NumClasses)).any().item<bool>())
        {
            var bad = p.masked_select((p < 0) | (p >= NumClasses))[0].item<long>();
            throw new ArgumentException($"prediction {bad} is outside the classes 0..{NumClasses - 1}");
        }
        var index = g * NumClasses + p;
        var binned = bincount(index, minlength: (long) NumClasses * NumClasses).ToArray<long>();
        for (int i = 0; i < counts.Length; i++) counts[i] += binned[i];
    }

    /// <summary>Adds counts directly (hand-built matrices, merging matrices).</summary>
    public void Add(int truth, int predicted, long count)
    {
        if ((uint) truth >= NumClasses || (uint) predicted >= NumClasses)
            throw new ArgumentOutOfRangeException(nameof(truth), $"({truth}, {predicted}) is outside a {NumClasses}-class matrix");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "counts are non-negative");
        counts[truth * NumClasses + predicted] += count;
    }

    public void Add(ConfusionMatrix other)
    {
        if (other.NumClasses != NumClasses) throw new ArgumentException($"cannot add a {other.NumClasses}-class matrix to a {NumClasses}-class one");
        for (int i = 0; i < counts.Length; i++) counts[i] += other.counts[i];
        OutOfRangePixels += other.OutOfRangePixels;
        FirstOutOfRangeLabel ??= other.FirstOutOfRangeLabel;
    }

    /// <summary>The one warning for <see cref="OutOfRangePixels"/>, or null when there are none.</summary>
    public string? OutOfRangeWarning(string? where = null) => OutOfRangePixels == 0 ? null :
        $"{OutOfRangePixels} ground-truth pixel(s){(where is null ? "" : " in " + where)} carry labels outside the classes 0..{NumClasses - 1} " +
        $"and are not void ({Losses.SegmentationLoss.Void}), e.g. label {FirstOutOfRangeLabel}; they were left out of the metrics — is the class count right?";

    public long[,] ToArray()
    {
        var a = new long[NumClasses, NumClasses];
        for (int i = 0; i < NumClasses; i++)
        for (int j = 0; j < NumClasses; j++)
            a[i, j] = counts[i * NumClasses + j];
        return a;
    }

    public SegmentationMetrics Metrics(IEnumerable<int>? leaveOut = null) => SegmentationMetrics.From(this, leaveOut);
}
