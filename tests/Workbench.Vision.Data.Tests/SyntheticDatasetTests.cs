using Workbench.Vision.Imaging;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Synthetic;

namespace Workbench.Vision.Data.Tests;

public class SyntheticDatasetTests
{
    static ISegmentationDataset Make(int kind, long seed, int h, int w) => kind switch
    {
        0 => new SyntheticVoc(8, h, w, seed),
        1 => new SyntheticNyud(8, h, w, seed, new[] { InputKind.Color, InputKind.Depth, InputKind.Hha }),
        _ => new SyntheticSiftFlow(8, h, w, seed),
    };

    static bool SameSample(SegmentationSample a, SegmentationSample b) =>
        a.Id == b.Id && a.Raw.Pixels.AsSpan().SequenceEqual(b.Raw.Pixels)
        && a.Inputs.Keys.SequenceEqual(b.Inputs.Keys) && a.Inputs.All(kv => kv.Value.Data.AsSpan().SequenceEqual(b.Inputs[kv.Key].Data))
        && a.Labels.Keys.SequenceEqual(b.Labels.Keys) && a.Labels.All(kv => kv.Value.Indices.AsSpan().SequenceEqual(b.Labels[kv.Key].Indices));

    [Fact]
    public void Items_are_a_function_of_seed_and_index_and_labels_stay_in_range()
    {
        var gen = from kind in Gen.Choose(0, 2)
                  from seed in Gen.Choose(-1000, 1000)
                  from index in Gen.Choose(0, 7)
                  from h in Gen.Choose(8, 48)
                  from w in Gen.Choose(8, 48)
                  select (kind, seed, index, h, w);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var a = Make(t.kind, t.seed, t.h, t.w);
            var b = Make(t.kind, t.seed, t.h, t.w);
            var later = b.Get(t.index);          // fresh instance, different call order
            var first = a.Get((t.index + 1) % 8);
            var again = a.Get(t.index);
            bool ranges = a.Tasks.All(task => later.Labels[task.Name].Indices.All(v => v == LabelMap.Void || v < task.ClassCount));
            bool shapes = later.Height == t.h && later.Width == t.w
                          && later.Inputs.All(kv => kv.Value.Channels == InputKind.Channels(kv.Key) && kv.Value.Height == t.h && kv.Value.Width == t.w);
            return SameSample(later, again) && ranges && shapes && first.Id != again.Id;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30)); // each case spins up threads or renders scenes
    }

    [Fact]
    public void Different_seeds_give_different_scenes()
    {
        foreach (var kind in new[] { 0, 1, 2 })
        {
            var a = Make(kind, 1, 32, 40).Get(0);
            var b = Make(kind, 2, 32, 40).Get(0);
            Assert.False(a.Raw.Pixels.AsSpan().SequenceEqual(b.Raw.Pixels));
        }
    }

    [Fact]
    public void Colour_input_is_bgr_minus_the_dataset_mean_in_chw()
    {
        var cases = new (ISegmentationDataset Set, float[] Mean)[]
        {
            (new SyntheticVoc(2, 20, 30), Means.VocBgr),
            (new SyntheticNyud(2, 20, 30), Means.NyudBgr),
            (new SyntheticSiftFlow(2, 20, 30), Means.SiftFlowBgr),
        };
        foreach (var (set, mean) in cases)
        {
            var s = set.Get(1);
            foreach (var (y, x) in new[] { (0, 0), (7, 11), (19, 29) })
            {
                int i = (y * 30 + x) * 3;
                Assert.Equal(s.Raw.Pixels[i + 2] - mean[0], s.Image[0, y, x], 4);
                Assert.Equal(s.Raw.Pixels[i + 1] - mean[1], s.Image[1, y, x], 4);
                Assert.Equal(s.Raw.Pixels[i] - mean[2], s.Image[2, y, x], 4);
            }
        }
    }

    [Fact]
    public void Vary_size_draws_sizes_between_three_quarters_and_full()
    {
        var set = new SyntheticVoc(20, 64, 80, seed: 3, varySize: true);
        var sizes = Enumerable.Range(0, 20).Select(i => set.Get(i)).Select(s => (s.Height, s.Width)).ToList();
        Assert.All(sizes, s => Assert.InRange(s.Height, 48, 64));
        Assert.All(sizes, s => Assert.InRange(s.Width, 60, 80));
        Assert.True(sizes.Distinct().Count() > 5);
    }

    [Fact]
    public void Subsets_keep_ids_and_samples()
    {
        var set = new SyntheticSiftFlow(10, 16, 16, seed: 8);
        var sub = set.Subset(new[] { 7, 2 });
        Assert.Equal(2, sub.Count);
        Assert.Equal(set.IdAt(7), sub.IdAt(0));
        Assert.Equal(set.Get(2).Raw.Pixels, sub.Get(1).Raw.Pixels);
        Assert.Equal(set.Tasks, sub.Tasks);
        Assert.Equal(3, set.Take(3).Count);
        Assert.Equal(set.IdAt(4), set.GetById(set.IdAt(4)).Id);
        Assert.Throws<KeyNotFoundException>(() => set.GetById("nope"));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Subset(new[] { 10 }));
    }

    [Fact]
    public void Index_out_of_range_names_the_dataset()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticVoc(3).Get(3));
        Assert.Contains("synthetic-voc", e.Message);
    }

    [Fact]
    public void Voc_scenes_cover_the_classes_and_fine_structure_makes_output_stride_matter()
    {
        // Oracle upper bound of a stride-s prediction: take the label at the centre of each s×s cell
        // and paint the cell with it; compare pixel accuracy on object pixels at stride 8 and 32.
        var set = new SyntheticVoc(40, 128, 128, seed: 5);
        var seen = new HashSet<int>();
        long objects = 0, right8 = 0, right32 = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var l = set.Get(i).Label;
            foreach (var v in l.Indices) if (v != LabelMap.Void) seen.Add(v);
            for (int y = 0; y < 128; y++)
                for (int x = 0; x < 128; x++)
                {
                    var v = l[y, x];
                    if (v == 0 || v == LabelMap.Void) continue;
                    objects++;
                    if (l[Math.Min(127, y / 8 * 8 + 4), Math.Min(127, x / 8 * 8 + 4)] == v) right8++;
                    if (l[Math.Min(127, y / 32 * 32 + 16), Math.Min(127, x / 32 * 32 + 16)] == v) right32++;
                }
        }
        Assert.True(seen.Count >= 18, $"only {seen.Count} classes in 40 scenes");
        double acc8 = (double) right8 / objects, acc32 = (double) right32 / objects;
        Assert.True(acc8 - acc32 > 0.1, $"stride-8 oracle {acc8:F3} vs stride-32 {acc32:F3}");
    }

    [Fact]
    public void Voc_void_band_lies_on_the_background_side_of_objects()
    {
        var s = new SyntheticVoc(1, 64, 64, seed: 9).Get(0);
        var l = s.Label;
        int voids = 0;
        for (int y = 1; y < 63; y++)
            for (int x = 1; x < 63; x++)
            {
                if (l[y, x] != LabelMap.Void) continue;
                voids++;
                bool touchesObject = false;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        touchesObject |= l[y + dy, x + dx] is not 0 and not LabelMap.Void;
                Assert.True(touchesObject, $"void at ({y},{x}) is not next to an object");
            }
        Assert.True(voids > 0);
    }

    [Fact]
    public void Sift_flow_geometric_labels_follow_the_semantic_class()
    {
        var set = new SyntheticSiftFlow(10, 64, 64, seed: 2);
        var seen = DerivedLabels.AssertFollowSemantic(set, LabelTask.Geometric, SyntheticSiftFlow.GeometricOf);
        Assert.Contains((byte) 0, seen);
        Assert.Contains((byte) 1, seen);
        Assert.Contains((byte) 2, seen);
        Assert.Equal(33, set.Tasks[0].ClassCount);
        Assert.Equal(30, set.Tasks[0].EvaluatedClasses!.Count);
        Assert.DoesNotContain(ClassLists.SiftFlowSemantic.ToList().IndexOf("moon"), set.Tasks[0].EvaluatedClasses!);
    }

    [Fact]
    public void Nyud_floor_and_wall_share_colour_but_hha_separates_them()
    {
        var set = new SyntheticNyud(24, 60, 80, seed: 4, inputs: new[] { InputKind.Color, InputKind.Hha });
        double floorLum = 0, wallLum = 0, floorAngle = 0, wallAngle = 0, floorHeight = 0, wallHeight = 0;
        long nf = 0, nw = 0;
        int n = 60 * 80;
        for (int i = 0; i < set.Count; i++)
        {
            var s = set.Get(i);
            var hha = s.Inputs[InputKind.Hha].Data;
            for (int p = 0; p < n; p++)
            {
                var l = s.Label.Indices[p];
                if (l != RoomScene.Floor && l != RoomScene.Wall) continue;
                if (hha[p] + Means.NyudHha[0] == 0) continue; // missing depth
                double lum = s.Raw.Pixels[3 * p] + s.Raw.Pixels[3 * p + 1] + s.Raw.Pixels[3 * p + 2];
                double angle = hha[2 * n + p] + Means.NyudHha[2], height = hha[n + p] + Means.NyudHha[1];
                if (l == RoomScene.Floor) { floorLum += lum; floorAngle += angle; floorHeight += height; nf++; }
                else { wallLum += lum; wallAngle += angle; wallHeight += height; nw++; }
            }
        }
        floorLum /= nf; wallLum /= nw; floorAngle /= nf; wallAngle /= nw; floorHeight /= nf; wallHeight /= nw;
        Assert.True(Math.Abs(floorLum - wallLum) < 0.15 * wallLum, $"floor brightness {floorLum:F0} vs wall {wallLum:F0}");
        Assert.InRange(floorAngle, 30, 50);   // normal along gravity: 0° + 128 − 90 = 38
        Assert.InRange(wallAngle, 115, 140);  // perpendicular: 90° → 128
        Assert.True(floorHeight < 15 && wallHeight > 60, $"heights: floor {floorHeight:F0} cm, wall {wallHeight:F0} cm");
    }

    [Fact]
    public void Nyud_depth_has_missing_pixels_and_is_in_millimetres()
    {
        var set = new SyntheticNyud(6, 60, 80, seed: 1);
        int missing = 0, total = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var r = set.RenderRoom(i);
            foreach (var d in r.DepthMm)
            {
                total++;
                if (d == 0) missing++;
                else Assert.InRange(d, 100, 12000);
            }
        }
        Assert.InRange(missing, 1, total / 4);
        var s = new SyntheticNyud(1, 60, 80, seed: 1, inputs: new[] { InputKind.Depth }).Get(0);
        var raw = set.RenderRoom(0).DepthMm;
        var log = s.Inputs[InputKind.Depth].Data;
        for (int p = 0; p < raw.Length; p += 97)
            Assert.Equal(raw[p] > 0 ? MathF.Log(raw[p]) - Means.NyudLogDepth : 0f, log[p], 4);
    }

    [Fact]
    public void Nyud_rejects_unknown_inputs()
    {
        var e = Assert.Throws<ArgumentException>(() => new SyntheticNyud(inputs: new[] { "colour" }));
        Assert.Contains("colour", e.Message);
    }
}
