using FsCheck;
using FsCheck.Fluent;
using Workbench.Fcn.Metrics;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class MetricsTests
{
    // Rows: ground truth; columns: prediction. Class 3 is absent from both; class 2 is never
    // ground truth but is predicted once.
    static ConfusionMatrix HandBuilt()
    {
        var m = new ConfusionMatrix(4);
        m.Add(0, 0, 5); m.Add(0, 1, 1);
        m.Add(1, 0, 2); m.Add(1, 1, 3); m.Add(1, 2, 1);
        return m;
    }

    [Fact]
    public void Metrics_of_a_hand_built_matrix()
    {
        var r = HandBuilt().Metrics();
        // 12 pixels, 8 right.
        Assert.Equal(8.0 / 12, r.PixelAccuracy, 12);
        // accuracies: 5/6, 3/6; class 2 and 3 have no ground truth (NaN, not counted).
        Assert.Equal((5.0 / 6 + 3.0 / 6) / 2, r.MeanAccuracy, 12);
        // IU: class 0 5/(6+7−5) = 5/8, class 1 3/(6+4−3) = 3/7, class 2 0/(0+1−0) = 0, class 3 0/0 = NaN.
        Assert.Equal(5.0 / 8, r.ClassIU[0], 12);
        Assert.Equal(3.0 / 7, r.ClassIU[1], 12);
        Assert.Equal(0.0, r.ClassIU[2]);
        Assert.True(double.IsNaN(r.ClassIU[3]));
        Assert.Equal((5.0 / 8 + 3.0 / 7 + 0) / 3, r.MeanIU, 12);
        // fw IU: (6/12)·5/8 + (6/12)·3/7
        Assert.Equal(0.5 * 5 / 8 + 0.5 * 3 / 7, r.FrequencyWeightedIU, 12);
    }

    [Fact]
    public void Left_out_classes_count_in_no_mean()
    {
        var r = HandBuilt().Metrics(leaveOut: new[] { 2 });
        Assert.Equal((5.0 / 8 + 3.0 / 7) / 2, r.MeanIU, 12);
        Assert.Equal(8.0 / 12, r.PixelAccuracy, 12);
    }

    [Fact]
    public void Accumulating_label_maps_drops_void_and_out_of_range_ground_truth()
    {
        var m = new ConfusionMatrix(3);
        using var gt = tensor(new byte[] { 0, 1, 2, 255, 7, 1 }, new long[] { 2, 3 });
        using var pred = tensor(new long[] { 0, 2, 2, 1, 0, 1 }, new long[] { 2, 3 });
        m.Add(gt, pred);
        Assert.Equal(4, m.Total);
        Assert.Equal(4, m.Metrics().Pixels);   // what eval and train print as "pixels counted"
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[1, 2]);
        Assert.Equal(1, m[2, 2]);
        Assert.Equal(1, m[1, 1]);
    }

    [Fact]
    public void A_prediction_outside_the_classes_is_an_error_naming_it()
    {
        var m = new ConfusionMatrix(3);
        using var gt = tensor(new long[] { 0, 1 }, new long[] { 2 });
        using var pred = tensor(new long[] { 0, 9 }, new long[] { 2 });
        var e = Assert.Throws<ArgumentException>(() => m.Add(gt, pred));
        Assert.Contains("9", e.Message);
    }

    [Fact]
    public void Perfect_prediction_scores_one_and_metrics_stay_in_range()
    {
        Prop.ForAll(Gen.Choose(0, 4).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(0, 4).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), (truth, noise) =>
        {
            var m = new ConfusionMatrix(5);
            using var gt = tensor(truth.Select(v => (long) v).ToArray(), new long[] { truth.Length });
            m.Add(gt, gt);
            var perfect = m.Metrics();
            var other = new ConfusionMatrix(5);
            var pred = truth.Select((v, i) => (long) noise[i % noise.Length]).ToArray();
            using var p = tensor(pred, new long[] { pred.Length });
            other.Add(gt, p);
            var r = other.Metrics();
            return perfect.PixelAccuracy == 1 && perfect.MeanIU == 1 && perfect.MeanAccuracy == 1 && Math.Abs(perfect.FrequencyWeightedIU - 1) < 1e-12
                   && r.MeanIU is >= 0 and <= 1 && r.PixelAccuracy is >= 0 and <= 1 && r.FrequencyWeightedIU <= r.PixelAccuracy + 1e-12;
        }).QuickCheckThrowOnFailure();
    }
}
