using FsCheck;
using FsCheck.Fluent;
using Workbench.Fcn.Metrics;
using Workbench.Vision.Imaging;

namespace Workbench.Fcn.Tests;

/// <summary>Appendix A's bound: the ground truth, down-sampled and up-sampled, scored against itself.</summary>
public class IuUpperBoundTests
{
    [Fact]
    public void Factor_one_keeps_every_label_so_the_bound_is_perfect()
    {
        Prop.ForAll(Gen.Choose(1, 9).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), Gen.Elements<byte>(0, 1, 2, 255).ArrayOf(81).ToArbitrary(), (w, h, pool) =>
        {
            var map = new LabelMap(w, h, pool.Take(w * h).ToArray());
            bool anyLabelled = map.Indices.Any(v => v < 3);
            var m = IuUpperBound.Score(new[] { map }, 1, 3);
            return !anyLabelled || (m.PixelAccuracy == 1 && m.MeanIU == 1);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_cell_takes_its_majority_or_its_centre_and_void_never_votes()
    {
        // One 4x4 cell: 9 pixels of class 1, 5 of class 2 (the centre (2, 2) among them), 2 void.
        var pixels = Enumerable.Repeat((byte) 1, 16).ToArray();
        foreach (var i in new[] { 10, 11, 14, 15, 9 }) pixels[i] = 2;
        pixels[0] = pixels[1] = LabelMap.Void;
        var map = new LabelMap(4, 4, pixels);
        Assert.All(IuUpperBound.Coarse(map, 4, 3), v => Assert.Equal(1, v));
        Assert.All(IuUpperBound.Coarse(map, 4, 3, CoarseLabel.Centre), v => Assert.Equal(2, v));
        var majority = IuUpperBound.Score(new[] { map }, 4, 3);
        // 14 labelled pixels, 9 right; class 1: IU 9/14, class 2: 0.
        Assert.Equal(9.0 / 14, majority.PixelAccuracy, 12);
        Assert.Equal(9.0 / 14, majority.ClassIU[1], 12);
        Assert.Equal(0, majority.ClassIU[2]);
    }

    [Fact]
    public void Cells_at_the_border_are_clipped_and_a_factor_below_one_is_refused()
    {
        var map = new LabelMap(5, 3, new byte[] { 0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 0, 0, 1, 1, 2 });
        Assert.Equal(new byte[] { 0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 0, 0, 1, 1, 2 }, IuUpperBound.Coarse(map, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => IuUpperBound.Coarse(map, 0, 3));
    }
}
