using FsCheck;
using FsCheck.Fluent;
using Workbench.Fcn.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>The trimap accuracy notebook 03 measures boundaries with.</summary>
public class BoundaryAccuracyTests
{
    static Tensor Square(int size, int x0, int y0, int side)
    {
        var t = zeros(size, size, dtype: int64);
        t.narrow(0, y0, side).narrow(1, x0, side).fill_(1);
        return t;
    }

    [Fact]
    public void The_band_holds_the_pixels_near_an_edge_and_only_those()
    {
        using var scope = NewDisposeScope();
        var truth = Square(20, 5, 5, 8);   // class 1 on rows and columns 5..12
        var band = BoundaryAccuracy.Band(truth, 2);
        Assert.True(band[5, 5].item<bool>());       // an edge pixel inside the square
        Assert.True(band[3, 8].item<bool>());       // outside its top edge
        Assert.True(band[2, 8].item<bool>());       // two pixels from the edge pixels just outside it
        Assert.False(band[1, 8].item<bool>());      // three
        Assert.False(band[9, 9].item<bool>());      // the square's centre, 4 pixels in
        Assert.False(band[0, 19].item<bool>());     // far background
        // Edge pixels: the square's 28 border pixels and the 32 just outside; radius 0 keeps exactly those.
        Assert.Equal(28 + 32, BoundaryAccuracy.Band(truth, 0).sum().item<long>());
    }

    [Fact]
    public void A_shifted_prediction_loses_accuracy_at_the_boundary_first()
    {
        using var scope = NewDisposeScope();
        var truth = Square(40, 10, 10, 16);
        var exact = new BoundaryAccuracy(2);
        exact.Add(truth, truth);
        Assert.Equal(1.0, exact.Accuracy);
        var shifted = new BoundaryAccuracy(2);
        shifted.Add(truth, Square(40, 12, 10, 16));
        double whole = Square(40, 12, 10, 16).eq(truth).to(float32).mean().item<float>();
        Assert.InRange(shifted.Accuracy, 0.3, 0.95);
        Assert.True(shifted.Accuracy < whole, $"band {shifted.Accuracy:0.###} against whole image {whole:0.###}");
        var none = new BoundaryAccuracy(2);
        none.Add(zeros(40, 40, dtype: int64), zeros(40, 40, dtype: int64));
        Assert.True(double.IsNaN(none.Accuracy));   // no edge, nothing counted
    }

    [Fact]
    public void The_bands_mean_IU_does_not_reward_labelling_the_band_background()
    {
        using var scope = NewDisposeScope();
        var truth = Square(40, 10, 10, 16);
        var background = new BoundaryAccuracy(2, classes: 2);
        background.Add(truth, zeros(40, 40, dtype: int64));
        var band = BoundaryAccuracy.Band(truth, 2);
        double share = (double) band.logical_and(truth.eq(0)).sum().item<long>() / band.sum().item<long>();
        Assert.Equal(share, background.Accuracy, 12);              // accuracy: the background's share of the band
        Assert.Equal(share / 2, background.MeanIU, 12);            // mean IU: that IU for background, 0 for the object
        var shifted = new BoundaryAccuracy(2, classes: 2);
        shifted.Add(truth, Square(40, 12, 10, 16));
        Assert.True(shifted.MeanIU > background.MeanIU, $"a shifted square {shifted.MeanIU:0.###} against background {background.MeanIU:0.###}");
        var exact = new BoundaryAccuracy(2, classes: 2);
        exact.Add(truth, truth);
        Assert.Equal(1.0, exact.MeanIU);
        Assert.True(double.IsNaN(new BoundaryAccuracy(2).MeanIU));   // no class count, no confusion matrix
    }

    [Fact]
    public void Void_outlines_objects_and_is_never_scored()
    {
        using var scope = NewDisposeScope();
        var truth = Square(16, 4, 4, 6);
        truth[3, 6] = tensor(255L);
        var m = new BoundaryAccuracy(1);
        m.Add(truth, zeros(16, 16, dtype: int64));
        long voidInBand = 1;
        Assert.Equal(BoundaryAccuracy.Band(truth, 1).sum().item<long>() - voidInBand, m.Counted);
    }

    [Fact]
    public void A_band_as_wide_as_the_image_scores_every_labelled_pixel_as_the_whole_image_metrics_do()
    {
        Prop.ForAll(Gen.Choose(2, 8).ToArbitrary(), Gen.Elements(0L, 1L, 2L, 255L).ArrayOf(64).ToArbitrary(), Gen.Elements(0L, 1L, 2L).ArrayOf(64).ToArbitrary(), (n, t, p) =>
        {
            using var scope = NewDisposeScope();
            var truth = tensor(t.Take(n * n).ToArray()).reshape(n, n);
            var predicted = tensor(p.Take(n * n).ToArray()).reshape(n, n);
            var m = new BoundaryAccuracy(n, classes: 3);
            m.Add(truth, predicted);
            var whole = new ConfusionMatrix(3);
            whole.Add(truth, predicted);
            var labelled = truth.ne(255L);
            bool anyEdge = BoundaryAccuracy.Band(truth, 0).any().item<bool>();
            long expected = anyEdge ? labelled.sum().item<long>() : 0;
            long right = anyEdge ? labelled.logical_and(predicted.eq(truth)).sum().item<long>() : 0;
            bool iuAgrees = m.Counted == 0 ? double.IsNaN(m.MeanIU) : Math.Abs(m.MeanIU - whole.Metrics().MeanIU) < 1e-12;
            return m.Counted == expected && m.Correct == right && (m.Counted == 0 || m.Accuracy is >= 0 and <= 1) && iuAgrees;
        }).QuickCheckThrowOnFailure();
    }
}
