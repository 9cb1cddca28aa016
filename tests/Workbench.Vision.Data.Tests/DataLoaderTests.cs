using static TorchSharp.torch;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Imaging;
using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Synthetic;
using Workbench.Vision.Loading;

namespace Workbench.Vision.Data.Tests;

public class DataLoaderTests
{
    [Fact]
    public void Order_is_a_seeded_permutation_that_changes_per_epoch()
    {
        var loader = new DataLoader(new SyntheticVoc(50, 16, 16), new DataLoaderOptions { Seed = 11 });
        var e0 = loader.Order(0);
        Assert.Equal(Enumerable.Range(0, 50), e0.OrderBy(i => i));
        Assert.Equal(e0, new DataLoader(new SyntheticVoc(50, 16, 16), new DataLoaderOptions { Seed = 11 }).Order(0));
        Assert.NotEqual(e0, loader.Order(1));
        Assert.NotEqual(e0, new DataLoader(new SyntheticVoc(50, 16, 16), new DataLoaderOptions { Seed = 12 }).Order(0));
        Assert.Equal(Enumerable.Range(0, 50), new DataLoader(new SyntheticVoc(50, 16, 16), new DataLoaderOptions { Shuffle = false }).Order(0));
    }

    [Fact]
    public void Every_item_appears_once_per_epoch_for_any_batching()
    {
        var set = new SyntheticVoc(13, 8, 8, seed: 4);
        var gen = from batch in Gen.Choose(1, 5)
                  from workers in Gen.Choose(0, 3)
                  from prefetch in Gen.Choose(1, 4)
                  from dropLast in Gen.Elements(false, true)
                  from epoch in Gen.Choose(0, 5)
                  select (batch, workers, prefetch, dropLast, epoch);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var loader = new DataLoader(set, new DataLoaderOptions { BatchSize = t.batch, Workers = t.workers, Prefetch = t.prefetch, DropLast = t.dropLast, Seed = 9 });
            var ids = new List<string>();
            int batches = 0;
            foreach (var b in loader.Epoch(t.epoch))
                using (b)
                {
                    batches++;
                    ids.AddRange(b.Ids);
                    if (b.Image.shape[0] != b.Count) return false;
                }
            int expected = t.dropLast ? 13 / t.batch * t.batch : 13;
            return batches == loader.BatchesPerEpoch && ids.Count == expected && ids.Distinct().Count() == expected
                   && ids.SequenceEqual(loader.Order(t.epoch).Take(expected).Select(set.IdAt));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30)); // each case spins up threads or renders scenes
    }

    [Fact]
    public void Default_batches_are_one_whole_image_of_its_own_size()
    {
        var set = new SyntheticVoc(6, 40, 56, seed: 2, varySize: true);
        var loader = new DataLoader(set, new DataLoaderOptions { Seed = 1, Workers = 2 });
        int seen = 0;
        foreach (var batch in loader.Epoch(0))
            using (batch)
            {
                var s = batch.Samples[0];
                Assert.Equal(new long[] { 1, 3, s.Height, s.Width }, batch.Image.shape);
                Assert.Equal(new long[] { 1, s.Height, s.Width }, batch.Label.shape);
                Assert.Equal(ScalarType.Int64, batch.Label.dtype);
                Assert.Equal(ScalarType.Float32, batch.Image.dtype);
                Assert.Equal(s.Image.Data, batch.Image.ToArray<float>());
                Assert.Equal(s.Label.Indices.Select(v => (long) v), batch.Label.ToArray<long>());
                Assert.Equal(set.IdAt(loader.Order(0)[seen]), s.Id);
                seen++;
            }
        Assert.Equal(6, seen);
    }

    [Fact]
    public void Workers_do_not_change_the_batches()
    {
        var set = new SyntheticSiftFlow(9, 24, 20, seed: 3, varySize: true);
        float[][] Run(int workers, int prefetch)
        {
            var loader = new DataLoader(set, new DataLoaderOptions
            {
                Seed = 5, Workers = workers, Prefetch = prefetch, BatchSize = 2, Crop = (16, 16), Mirror = true,
            });
            var result = new List<float[]>();
            foreach (var b in loader.Epoch(3))
                using (b)
                {
                    result.Add(b.Image.ToArray<float>().Concat(b.Labels[LabelTask.Geometric].ToArray<long>().Select(v => (float) v)).ToArray());
                }
            return result.ToArray();
        }
        var sync = Run(0, 1);
        Assert.Equal(5, sync.Length);
        Assert.Equal(sync, Run(3, 2));
        Assert.Equal(sync, Run(2, 8));
    }

    [Fact]
    public void Crops_pad_small_images_with_void_and_mirroring_flips()
    {
        var set = new SyntheticVoc(4, 12, 10, seed: 1);
        var loader = new DataLoader(set, new DataLoaderOptions { Crop = (20, 16), BatchSize = 4, Shuffle = false, Workers = 1 });
        using var batch = loader.Epoch().Single();
        Assert.Equal(new long[] { 4, 3, 20, 16 }, batch.Image.shape);
        var labels = batch.Label.ToArray<long>();
        for (int k = 0; k < 4; k++)
        {
            // 320 pixels per crop, of which the 120 image pixels keep their labels and the rest are void.
            var crop = labels.Skip(k * 320).Take(320).ToArray();
            int original = set.Get(k).Label.Indices.Count(v => v != LabelMap.Void);
            Assert.Equal(original, crop.Count(v => v != LabelMap.Void));
        }

        var s = set.Get(0);
        var m = SampleTransforms.Mirror(s);
        Assert.Equal(s.Label[3, 0], m.Label[3, 9]);
        Assert.Equal(s.Image[2, 5, 1], m.Image[2, 5, 8]);
        Assert.Equal(s.Raw.Pixels[(4 * 10 + 2) * 3 + 1], m.Raw.Pixels[(4 * 10 + 7) * 3 + 1]);
        var c = SampleTransforms.Crop(s, 2, 3, 5, 4);
        Assert.Equal(s.Label[2, 3], c.Label[0, 0]);
        Assert.Equal(s.Image[1, 6, 6], c.Image[1, 4, 3]);
    }

    [Fact]
    public void Mismatched_sizes_without_a_crop_are_refused_naming_the_items()
    {
        var loader = new DataLoader(new SyntheticVoc(4, 40, 40, varySize: true), new DataLoaderOptions { BatchSize = 2, Workers = 1 });
        var e = Assert.Throws<InvalidOperationException>(() => { foreach (var b in loader.Epoch()) b.Dispose(); });
        Assert.Contains("synthetic-voc", e.Message);
        Assert.Contains("crop", e.Message);
    }

    sealed class Failing(int bad) : ISegmentationDataset
    {
        readonly SyntheticVoc inner = new(8, 16, 16);
        public string Name => "failing";
        public int Count => inner.Count;
        public IReadOnlyList<string> Inputs => inner.Inputs;
        public IReadOnlyList<LabelTask> Tasks => inner.Tasks;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public string IdAt(int index) => inner.IdAt(index);
        public SegmentationSample Get(int index) =>
            index == bad ? throw new InvalidDataException($"item{index}.png: corrupt") : inner.Get(index);
    }

    [Fact]
    public void A_worker_error_reaches_the_consumer_at_its_batch()
    {
        var loader = new DataLoader(new Failing(5), new DataLoaderOptions { Shuffle = false, Workers = 3 });
        int before = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var b in loader.Epoch()) { b.Dispose(); before++; }
        });
        Assert.Equal("item5.png: corrupt", e.Message);
        Assert.Equal(5, before);
    }

    [Fact]
    public void Cancelling_stops_the_epoch()
    {
        using var cts = new CancellationTokenSource();
        var loader = new DataLoader(new SyntheticVoc(100, 32, 32), new DataLoaderOptions { Workers = 2, Prefetch = 2 });
        int taken = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var b in loader.Epoch(0, cts.Token))
            {
                b.Dispose();
                if (++taken == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, taken);
    }

    [Fact]
    public void Breaking_out_early_and_disposing_frees_the_tensors()
    {
        var loader = new DataLoader(new SyntheticNyud(10, 24, 32, inputs: new[] { InputKind.Color, InputKind.Hha }), new DataLoaderOptions { Workers = 2 });
        SegmentationBatch? kept = null;
        foreach (var b in loader.Epoch())
        {
            kept = b;
            Assert.Equal(new long[] { 1, 3, 24, 32 }, b.Inputs[InputKind.Hha].shape);
            break;
        }
        kept!.Dispose();
        Assert.True(kept.Image.IsInvalid);
        Assert.True(kept.Label.IsInvalid);

        using (var scope = torch.NewDisposeScope())
        {
            foreach (var b in loader.Epoch(1).Take(2)) { }
            Assert.Equal(6, scope.DisposablesCount); // colour, HHA and labels of two batches: all owned by the scope
        }
    }
}
