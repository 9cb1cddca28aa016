using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Datasets.Synthetic;

namespace Workbench.Vision.Data.Tests;

public class FashionWindowsTests
{
    /// <summary>Filled 28×28 squares (every pixel inside the silhouette), one per class 0..count-1.</summary>
    static ClassificationSet Squares(int count)
    {
        var pixels = Enumerable.Repeat((byte) 200, count * 784).ToArray();
        return new ClassificationSet("squares", 28, 28, pixels, Enumerable.Range(0, count).Select(i => (byte) (i % 10)).ToArray(), FashionMnist.ClassNames);
    }

    [Fact]
    public void A_window_is_a_function_of_seed_and_index_and_its_centre_is_its_item()
    {
        var items = Squares(10);
        var gen = from seed in Gen.Choose(-1000, 1000)
                  from index in Gen.Choose(0, 9)
                  from scene in Gen.Choose(40, 200)
                  select (seed, index, scene);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var w = new FashionWindows(items, 64, t.scene, t.seed);
            var again = new FashionWindows(items, 64, t.scene, t.seed);
            again.RenderImage((t.index + 1) % 10);
            var mask = w.Silhouettes(t.index);
            // The centred item is painted last, so whatever the context, the centre is its class + 1.
            return w.RenderImage(t.index).Pixels.AsSpan().SequenceEqual(again.RenderImage(t.index).Pixels)
                   && mask[32, 32] == items.Label(t.index) + 1
                   && w.Label(t.index) == items.Label(t.index);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Items_have_the_size_they_have_in_scenes_of_that_side()
    {
        var items = Squares(1);
        foreach (int scene in new[] { 100, 200 })
        {
            var w = new FashionWindows(items, 224, scene, 3);
            var sides = new List<int>();
            for (int i = 0; i < 40; i++)
            {
                // The one item class is 0, label 1: the centred square's extent along the centre row,
                // less any context square it touches (those lie elsewhere and are usually separate).
                var m = w.Silhouettes(0);
                int x0 = 112, x1 = 112;
                while (x0 > 0 && m[112, x0 - 1] == 1) x0--;
                while (x1 < 223 && m[112, x1 + 1] == 1) x1++;
                sides.Add(x1 - x0 + 1);
                w = new FashionWindows(items, 224, scene, 100 + i);
            }
            sides.Sort();
            // The median side lies within the scenes' range (FashionScenes.ItemSide), context squares merging
            // with the centred one only widen a few.
            Assert.InRange(sides[sides.Count / 2], FashionScenes.ItemSide.Min * scene - 2, FashionScenes.ItemSide.Max * scene + 2);
            Assert.InRange(sides[0], FashionScenes.ItemSide.Min * scene - 2, 224);
        }
    }

    [Fact]
    public void Windows_of_different_seeds_differ_and_bad_sizes_are_refused_with_the_range()
    {
        var items = Squares(3);
        Assert.False(new FashionWindows(items, 48, 96, 0).RenderImage(1).Pixels.AsSpan()
            .SequenceEqual(new FashionWindows(items, 48, 96, 1).RenderImage(1).Pixels));
        Assert.Contains("window side must be 8 to 1024", Assert.Throws<ArgumentException>(() => new FashionWindows(items, 4, 96, 0)).Message);
        Assert.Contains("scene side must be 8 to 4096", Assert.Throws<ArgumentException>(() => new FashionWindows(items, 48, 0, 0)).Message);
        Assert.Contains("outside 0..2", Assert.Throws<ArgumentOutOfRangeException>(() => new FashionWindows(items, 48, 96, 0).RenderImage(3)).Message);
    }
}
