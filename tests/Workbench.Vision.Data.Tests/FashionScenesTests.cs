using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Datasets.Synthetic;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Data.Tests;

public class FashionScenesTests
{
    /// <summary>Items of one class each: a filled square (every pixel above the threshold) or a ring (a hole in the middle).</summary>
    internal static ClassificationSet Items(params (int Label, bool Ring)[] items)
    {
        var pixels = new byte[items.Length * 28 * 28];
        for (int i = 0; i < items.Length; i++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                {
                    bool inRing = Math.Max(Math.Abs(x - 13.5), Math.Abs(y - 13.5)) > 7;
                    pixels[i * 784 + y * 28 + x] = (byte) (!items[i].Ring || inRing ? 200 : 0);
                }
        return new ClassificationSet("toy", 28, 28, pixels, items.Select(t => (byte) t.Label).ToArray(), FashionMnist.ClassNames);
    }

    [Fact]
    public void Scenes_are_a_function_of_seed_and_index_with_labels_in_range()
    {
        var items = Items((0, false), (4, true), (9, false));
        var gen = from seed in Gen.Choose(-500, 500)
                  from index in Gen.Choose(0, 5)
                  from h in Gen.Choose(16, 64)
                  from w in Gen.Choose(16, 64)
                  select (seed, index, h, w);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var a = new FashionScenes(items, 6, t.h, t.w, t.seed).Get(t.index);
            var other = new FashionScenes(items, 6, t.h, t.w, t.seed);
            other.Get((t.index + 1) % 6);
            var b = other.Get(t.index);
            return a.Raw.Pixels.AsSpan().SequenceEqual(b.Raw.Pixels) && a.Label.Indices.AsSpan().SequenceEqual(b.Label.Indices)
                   && a.Label.Indices.All(v => v is 0 or 1 or 5 or 10 or LabelMap.Void)
                   && a.Height == t.h && a.Width == t.w;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Masks_are_the_silhouettes_with_class_plus_one_and_a_void_band_on_the_background_side()
    {
        var set = new FashionScenes(Items((4, true)), 12, 96, 96, seed: 7);
        Assert.Equal(11, set.ClassNames.Count);
        Assert.Equal("background", set.ClassNames[0]);
        Assert.Equal("coat", set.ClassNames[5]);
        long item = 0, holes = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var s = set.Get(i);
            var l = s.Label;
            for (int y = 0; y < 96; y++)
                for (int x = 0; x < 96; x++)
                {
                    byte v = l[y, x];
                    Assert.True(v is 0 or 5 or LabelMap.Void, $"scene {i} ({x}, {y}): label {v}");
                    if (v == 5) item++;
                    // No background pixel touches an item: the void band lies between them.
                    if (v == 0)
                        foreach (var (dx, dy) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1) })
                        {
                            int xx = x + dx, yy = y + dy;
                            if (xx >= 0 && yy >= 0 && xx < 96 && yy < 96) Assert.NotEqual(5, l[yy, xx]);
                        }
                }
            // The ring's hole is not the item: some void-free background lies inside every fully visible ring.
            holes += l.Indices.Count(v => v == 0);
        }
        Assert.InRange(item / (double) (set.Count * 96 * 96), 0.03, 0.6);
        Assert.True(holes > 0);
    }

    [Fact]
    public void A_filled_item_is_a_square_mask_and_inputs_are_bgr_minus_the_voc_mean()
    {
        var set = new FashionScenes(Items((2, false)), 4, 64, 80, seed: 3, voidBorder: 0);
        var s = set.Get(0);
        // Every item pixel is labelled 3 and lies in a union of squares: its row and column runs are contiguous per item,
        // so the labelled area is at least one (clipped) square of side ≥ 0.4·64.
        Assert.Contains(s.Label.Indices, v => v == 3);
        Assert.DoesNotContain(s.Label.Indices, v => v == LabelMap.Void);
        var planes = s.Inputs[InputKind.Color];
        for (int c = 0; c < 3; c++)
            Assert.Equal(s.Raw.Pixels[(5 * 80 + 7) * 3 + (2 - c)] - Means.VocBgr[c], planes[c, 5, 7], 3);
    }

    [Fact]
    public void The_kind_task_labels_every_pixel_with_its_items_kind_and_exists_only_for_fashion_mnists_classes()
    {
        var items = Items((0, false), (5, true), (8, false), (9, false));   // t-shirt, sandal, bag, ankle boot
        var set = new FashionScenes(items, 8, 64, 64, seed: 2);
        Assert.Equal(new[] { LabelTask.Semantic, FashionScenes.KindTask }, set.Tasks.Select(t => t.Name));
        Assert.Equal(new[] { "background", "garment", "footwear", "bag" }, set.Tasks[1].ClassNames);
        // The expected kind from the painted classes, written out here rather than through KindOf.
        var seen = DerivedLabels.AssertFollowSemantic(set, FashionScenes.KindTask, v => v switch
        {
            LabelMap.Void => LabelMap.Void, 0 => 0, 1 => 1, 6 or 10 => 2, 9 => 3, _ => throw new InvalidOperationException($"class {v} was not painted"),
        });
        Assert.Superset(new HashSet<byte> { 0, 1, 2, 3, LabelMap.Void }, seen);
        Assert.Equal(5, seen.Count);   // 8 scenes of one to three items: every kind appears

        var renamed = new ClassificationSet("toy", 28, 28, new byte[784], new byte[] { 0 }, new[] { "a", "b" });
        Assert.Equal(new[] { LabelTask.Semantic }, new FashionScenes(renamed, 2, 32, 32).Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Each_fashion_mnist_class_has_the_kind_its_name_says()
    {
        Assert.Equal(0, FashionScenes.KindOf(0));
        Assert.Equal(LabelMap.Void, FashionScenes.KindOf(LabelMap.Void));
        for (int item = 0; item < 10; item++)
            Assert.Equal(Group(FashionMnist.ClassNames[item]), FashionScenes.KindNames[FashionScenes.KindOf((byte) (item + 1))]);
    }

    static string Group(string item) => item switch { "sandal" or "sneaker" or "ankle boot" => "footwear", "bag" => "bag", _ => "garment" };

    [Fact]
    public void Debian_items_make_train_and_test_scenes_from_their_own_splits()
    {
        if (!FashionMnist.IsPresent(FashionMnist.DefaultRoot, "train") || !FashionMnist.IsPresent(FashionMnist.DefaultRoot, "test"))
        {
            Console.WriteLine($"skipped: {FashionMnist.DefaultRoot} has no Fashion-MNIST (apt-get install dataset-fashion-mnist)");
            return;
        }
        var train = FashionScenes.Train(20, 96, 96, seed: 0);
        var test = FashionScenes.Test(20, 96, 96, seed: 1);
        Assert.Same(FashionMnist.Shared(FashionMnist.DefaultRoot, "train"), FashionMnist.Shared(FashionMnist.DefaultRoot, "train"));
        var classes = new HashSet<byte>();
        foreach (var set in new[] { train, test })
            for (int i = 0; i < set.Count; i++)
                foreach (var v in set.Get(i).Label.Indices)
                    if (v is > 0 and < 11) classes.Add(v);
        Assert.True(classes.Count >= 8, $"only classes {string.Join(", ", classes)} appear in 40 scenes");
        Assert.NotEqual(train.Get(0).Raw.Pixels, test.Get(0).Raw.Pixels);
    }
}
