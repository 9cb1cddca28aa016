using TorchSharp;
using Workbench.Engine;
using System.Text.Json;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Real;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Data.Tests;

/// <summary>The loaders on tiny trees in the real layouts (tests/fixtures/datasets, made by make_fixtures.py).</summary>
public class RealDatasetTests
{
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "datasets");
    static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json"))).RootElement;

    static void Check(ISegmentationDataset set, string key, double colorTolerance)
    {
        var exp = Expected.GetProperty(key);
        var ids = exp.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(ids, Enumerable.Range(0, set.Count).Select(set.IdAt));
        for (int i = 0; i < set.Count; i++)
        {
            var s = set.Get(i);
            var item = exp.GetProperty("items").GetProperty(s.Id);
            Assert.Equal(item.GetProperty("height").GetInt32(), s.Height);
            Assert.Equal(item.GetProperty("width").GetInt32(), s.Width);
            var histogram = item.GetProperty("histogram").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(histogram, s.Label.ClassHistogram(set.ClassNames.Count));
            if (item.TryGetProperty("geometric_histogram", out var geo))
                Assert.Equal(geo.EnumerateArray().Select(e => e.GetInt64()), s.Labels[LabelTask.Geometric].ClassHistogram(3));
            foreach (var (input, tolerance) in new[] { (InputKind.Color, colorTolerance), (InputKind.Depth, 1e-4), (InputKind.Hha, 1e-4) })
            {
                if (!item.TryGetProperty(input, out var probes) || !s.Inputs.TryGetValue(input, out var planes)) continue;
                foreach (var p in probes.EnumerateArray())
                {
                    var v = p.EnumerateArray().ToArray();
                    Assert.Equal(v[3].GetDouble(), planes[v[0].GetInt32(), v[1].GetInt32(), v[2].GetInt32()], tolerance);
                }
            }
        }
    }

    [Fact]
    public void Voc_reads_jpeg_and_palette_labels_with_the_voc_mean()
    {
        // JPEG: Pillow and libturbojpeg may round an IDCT sample differently; ±2 grey levels.
        Check(new PascalVoc(Path.Combine(Fixtures, "voc", "VOC2012"), "val"), "voc", 2.0);
    }

    [Fact]
    public void Voc_seg11valid_is_shipped_and_missing_files_are_named()
    {
        var set = new PascalVoc(Path.Combine(Fixtures, "voc", "VOC2012"));
        Assert.Equal(736, set.Count);
        Assert.Equal("2007_000033", set.Get(0).Id);      // present in the fixture tree
        var e = Assert.Throws<FileNotFoundException>(() => set.Get(2));
        Assert.Contains("2007_000061", e.Message);
        Assert.Contains("JPEGImages", e.Message);
    }

    [Fact]
    public void Voc_prefers_a_seg11valid_list_of_its_own()
    {
        // tests/fixtures/datasets/paper (make_paper_fixtures.py), the notebooks' paper-scale dry run.
        var set = new PascalVoc(Path.Combine(Fixtures, "paper", "voc", "VOC2011"), "seg11valid");
        Assert.Equal(new[] { "2007_000033", "2007_000042" }, set.Ids);
        Assert.Equal((32, 40), (set.Get(1).Height, set.Get(1).Width));
    }

    [Fact]
    public void Voc_errors_name_the_file_and_what_was_expected()
    {
        var set = new PascalVoc(Path.Combine(Fixtures, "voc", "VOC2012"), "bad");
        var range = Assert.Throws<InvalidDataException>(() => set.Get(0));
        Assert.Contains("bad_range.png", range.Message);
        Assert.Contains("label 37", range.Message);
        var size = Assert.Throws<InvalidDataException>(() => set.Get(1));
        Assert.Contains("bad_size.png", size.Message);
        Assert.Contains("11×12", size.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => set.Get(2));
        Assert.Contains("bad_missing.png", missing.Message);
        Assert.Throws<FileNotFoundException>(() => new PascalVoc(Path.Combine(Fixtures, "voc", "VOC2012"), "nosuchsplit"));
        Assert.Throws<DirectoryNotFoundException>(() => new PascalVoc(Path.Combine(Fixtures, "nowhere")));
    }

    [Fact]
    public void Real_datasets_load_on_loader_workers()
    {
        // Decoding JPEG/PNG/.mat on several threads at once gives the same batches as one thread.
        var set = new Nyud(Path.Combine(Fixtures, "nyud"), "train", new[] { InputKind.Color, InputKind.Hha });
        var voc = new PascalVoc(Path.Combine(Fixtures, "voc", "VOC2012"), "val");
        foreach (var ds in new ISegmentationDataset[] { set, voc, new Sbd(Path.Combine(Fixtures, "sbd", "dataset")) })
        {
            var repeated = new Subset(ds, Enumerable.Range(0, 12).Select(i => i % ds.Count));
            float[] Run(int workers)
            {
                var all = new List<float>();
                foreach (var b in new Workbench.Vision.Loading.DataLoader(repeated, new() { Workers = workers, Seed = 2 }).Epoch())
                    using (b) all.AddRange(b.Image.ToArray<float>());
                return all.ToArray();
            }
            Assert.Equal(Run(0), Run(4));
        }
    }

    [Fact]
    public void Sbd_reads_gtcls_segmentation()
    {
        Check(new Sbd(Path.Combine(Fixtures, "sbd", "dataset"), "train"), "sbd", 2.0);
        var e = Assert.Throws<KeyNotFoundException>(() => new Sbd(Path.Combine(Fixtures, "sbd", "dataset"), "bad").Get(0));
        Assert.Contains("no_gtcls.mat", e.Message);
        Assert.Contains("GTcls", e.Message);
    }

    [Fact]
    public void Nyud_reads_every_input_and_shifts_labels()
    {
        var root = Path.Combine(Fixtures, "nyud");
        var set = new Nyud(root, "train", new[] { InputKind.Color, InputKind.Depth, InputKind.Hha });
        Check(set, "nyud", 1e-4);
        var s = set.Get(0);
        Assert.Equal(new[] { 3, 1, 3 }, new[] { s.Inputs[InputKind.Color].Channels, s.Inputs[InputKind.Depth].Channels, s.Inputs[InputKind.Hha].Channels });
        var hhaOnly = new Nyud(root, "train", new[] { InputKind.Hha }).Get(1);
        Assert.Equal(new[] { InputKind.Hha }, hhaOnly.Inputs.Keys);
        var e = Assert.Throws<KeyNotFoundException>(() => new Nyud(root, "bad").Get(0));
        Assert.Contains("img_9999.mat", e.Message);
        Assert.Contains("'segmentation'", e.Message);
        Assert.Equal(654, new Nyud(root, "test").Count); // no test.txt in the tree: the shipped list
    }

    [Fact]
    public void Sift_flow_reads_both_labellings_with_the_reference_shifts()
    {
        var set = new SiftFlow(Path.Combine(Fixtures, "siftflow"), "test");
        Check(set, "siftflow", 2.0);
        Assert.Equal(new[] { LabelTask.Semantic, LabelTask.Geometric }, set.Tasks.Select(t => t.Name));
        Assert.Equal(30, set.Tasks[0].EvaluatedClasses!.Count);
    }

    [Fact]
    public void Pascal_context_maps_the_full_labels_to_59_classes()
    {
        var set = new PascalContext(Path.Combine(Fixtures, "pascal-context", "VOC2010"), Path.Combine(Fixtures, "pascal-context"), "val");
        Check(set, "pascal-context", 2.0);
        var s = set.Get(0);
        var item = Expected.GetProperty("pascal-context").GetProperty("items").GetProperty(s.Id);
        Assert.Equal(item.GetProperty("first_row").EnumerateArray().Select(e => (byte) e.GetInt32()), new[] { s.Label[0, 0], s.Label[0, 1], s.Label[0, 2] });
        Assert.Equal(item.GetProperty("second_row").EnumerateArray().Select(e => (byte) e.GetInt32()), new[] { s.Label[1, 0], s.Label[1, 1], s.Label[1, 2] });
        Assert.Equal("diningtable", set.ClassNames[s.Label[0, 0]]);
        Assert.Equal(60, set.ClassNames.Count);
        Assert.Equal(59, PascalContext.FullToTask.Count(v => v != 0));
    }
}
