namespace Workbench.Fcn.Metrics;

/// <summary>
/// The four metrics of §5 and per-class IU, from one confusion matrix n (n_ij: pixels of class i
/// predicted as j, t_i = Σ_j n_ij):
/// pixel accuracy Σ_i n_ii / Σ_i t_i; mean accuracy (1/n_cl) Σ_i n_ii / t_i;
/// mean IU (1/n_cl) Σ_i n_ii / (t_i + Σ_j n_ji − n_ii); frequency-weighted IU
/// (Σ_k t_k)⁻¹ Σ_i t_i n_ii / (t_i + Σ_j n_ji − n_ii).
/// Means are nan-means: a class with no ground truth does not count in mean accuracy, and a
/// class absent from both ground truth and prediction does not count in mean IU (its IU is NaN);
/// classes in the leave-out list (SIFT Flow's) count in neither.
/// </summary>
public sealed record SegmentationMetrics(double PixelAccuracy, double MeanAccuracy, double MeanIU, double FrequencyWeightedIU,
    IReadOnlyList<double> ClassIU, IReadOnlyList<double> ClassAccuracy)
{
    /// <summary>
    /// Pixels the matrix counted (void and out-of-range labels excluded): what the metrics stand on,
    /// so a report can say how much it scored without the matrix beside it.
    /// </summary>
    public long Pixels { get; init; }

    public static SegmentationMetrics From(ConfusionMatrix m, IEnumerable<int>? leaveOut = null)
    {
        int n = m.NumClasses;
        var excluded = new HashSet<int>(leaveOut ?? Array.Empty<int>());
        foreach (var c in excluded)
            if (c < 0 || c >= n) throw new ArgumentOutOfRangeException(nameof(leaveOut), c, $"class to leave out is outside 0..{n - 1}");
        var truth = new double[n];
        var predicted = new double[n];
        var diag = new double[n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            truth[i] += m[i, j];
            predicted[j] += m[i, j];
        }
        for (int i = 0; i < n; i++) diag[i] = m[i, i];

        double total = truth.Sum();
        var iu = new double[n];
        var acc = new double[n];
        for (int i = 0; i < n; i++)
        {
            iu[i] = diag[i] / (truth[i] + predicted[i] - diag[i]); // 0/0 = NaN: absent from both
            acc[i] = diag[i] / truth[i];
        }
        var kept = Enumerable.Range(0, n).Where(i => !excluded.Contains(i)).ToList();
        double fw = 0;
        foreach (var i in kept)
            if (truth[i] > 0) fw += truth[i] / total * iu[i];
        return new SegmentationMetrics(
            diag.Sum() / total,
            NanMean(kept.Select(i => acc[i])),
            NanMean(kept.Select(i => iu[i])),
            total > 0 ? fw : double.NaN,
            iu, acc) { Pixels = m.Total };
    }

    static double NanMean(IEnumerable<double> values)
    {
        var finite = values.Where(v => !double.IsNaN(v)).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }
}
