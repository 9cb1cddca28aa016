using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Testing;
using Workbench.Vision.Imaging;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// Table 3: predictions written as the PASCAL evaluation server reads them, checked with our PNG
/// reader and with Debian's Python (tarfile and PIL), the kind of reader the server's devkit is.
/// </summary>
public sealed class PascalSubmissionTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-submit-");
    readonly FcnModel net;
    readonly Tensor[] inputs;
    static readonly string[] Ids = { "2008_000006", "2008_000011" };

    public PascalSubmissionTests()
    {
        manual_seed(3);
        net = ModelZoo.Create("fcn8s", 21, 1.0 / 16);
        Initialization.HeNormalTrunk(net);
        using (no_grad())
            foreach (var (name, p) in net.named_parameters())
                if (name.StartsWith("score") && name.EndsWith(".weight")) p.normal_(0, 1);   // zero score layers would predict background everywhere
        inputs = new[] { Halves(40, 52), Halves(33, 47) };
        foreach (var t in inputs) t.DetachFromDisposeScope();
    }

    // Two regions of opposite colour: features that differ across the image, so the scores do too.
    static Tensor Halves(int height, int width)
    {
        var image = randn(3, height, width) * 20;
        image[.., .., ..(width / 2)] += 120;
        image[.., .., (width / 2)..] -= 120;
        return image;
    }

    public void Dispose()
    {
        net.Dispose();
        foreach (var t in inputs) t.Dispose();
        dir.Dispose();
    }

    PascalSubmission.Summary Write(string source = "the test net", bool replace = false) =>
        PascalSubmission.Write(net, Ids, i => inputs[i], dir, 2012, source, replace: replace);

    [Fact]
    public void Writes_palette_pngs_of_the_predictions_in_the_servers_tree_and_times_each_forward_pass()
    {
        var summary = Write();
        Assert.Equal(Path.Combine(dir, "results", "VOC2012", "Segmentation", "comp6_test_cls"), summary.Folder);
        Assert.Equal((2, 0, 2), (summary.Predicted, summary.Resumed, summary.ForwardMs.Count));
        Assert.All(summary.ForwardMs, ms => Assert.True(ms > 0));
        var classes = new HashSet<byte>();
        for (int i = 0; i < Ids.Length; i++)
        {
            var path = Path.Combine(summary.Folder, Ids[i] + ".png");
            Assert.True(Png.ReadHeader(path).HasPalette, $"{path} is not a palette PNG");
            var written = Png.ReadLabels(path);
            using var expected = Inference.Predict(net, inputs[i]).Labels;
            Assert.Equal(((int) inputs[i].shape[2], (int) inputs[i].shape[1]), (written.Width, written.Height));
            Assert.Equal(expected.to(ScalarType.Byte).data<byte>().ToArray(), written.Indices);
            classes.UnionWith(written.Indices);
        }
        Assert.True(classes.Count > 1, $"the fixture net should predict several classes, or the check proves little; it predicts {string.Join(",", classes)}");
    }

    [Fact]
    public void The_archive_unpacks_to_results_VOC2012_and_python_reads_each_png_as_the_palette_image_written()
    {
        var summary = Write();
        Assert.Equal(Path.Combine(dir, "comp6-VOC2012-test.tar.gz"), summary.Archive);
        var script = Path.Combine(dir, "read.py");
        File.WriteAllText(script, """
            import sys, tarfile, io
            from PIL import Image
            with tarfile.open(sys.argv[1], 'r:gz') as tar:
                for member in tar.getmembers():
                    im = Image.open(io.BytesIO(tar.extractfile(member).read()))
                    pal = im.getpalette()[:9]
                    print(member.name, im.mode, im.size[0], im.size[1], ','.join(map(str, pal)), ','.join(str(v) for v in sorted(set(im.getdata()))))
            """);
        var (code, output) = Python.Run(script, $"\"{summary.Archive}\"");
        Assert.True(code == 0, output);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        for (int i = 0; i < Ids.Length; i++)
        {
            var labels = Png.ReadLabels(Path.Combine(summary.Folder, Ids[i] + ".png"));
            var classes = string.Join(',', labels.Indices.Distinct().Order());
            // VOC's colours for background, aeroplane, bicycle: the devkit's labelcolormap.
            Assert.Equal($"results/VOC2012/Segmentation/comp6_test_cls/{Ids[i]}.png P {labels.Width} {labels.Height} 0,0,0,128,0,0,0,128,0 {classes}", lines[i]);
        }
    }

    [Fact]
    public void A_second_run_keeps_what_is_there_and_predicts_again_only_a_torn_file()
    {
        var first = Write();
        var torn = Path.Combine(first.Folder, Ids[1] + ".png");
        var whole = File.ReadAllBytes(torn);
        File.WriteAllBytes(torn, whole[..(whole.Length / 2)]);
        var second = Write();
        Assert.Equal((1, 1, 1), (second.Predicted, second.Resumed, second.ForwardMs.Count));
        Assert.Equal(whole, File.ReadAllBytes(torn));
        var third = Write();
        Assert.Equal((0, 2), (third.Predicted, third.Resumed));
        Assert.True(double.IsNaN(third.MedianForwardMs));
    }

    [Fact]
    public void Predictions_of_another_net_are_never_mixed_in_one_tree()
    {
        var first = Write("net A");
        var before = File.ReadAllBytes(Path.Combine(first.Folder, Ids[0] + ".png"));
        var e = Assert.Throws<InvalidOperationException>(() => Write("net B"));
        Assert.Contains("holds the predictions of net A, not of net B", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(first.Folder, Ids[0] + ".png")));   // refused before touching anything

        // PNGs without a record are as foreign; replace (a notebook's own last output) predicts all again.
        File.Delete(PascalSubmission.RecordPath(dir, 2012, "comp6"));
        File.Copy(Path.Combine(first.Folder, Ids[0] + ".png"), Path.Combine(first.Folder, "2007_999999.png"));
        Assert.Contains("a net that wrote no record", Assert.Throws<InvalidOperationException>(() => Write("net B")).Message);
        var replaced = Write("net B", replace: true);
        Assert.Equal((2, 0), (replaced.Predicted, replaced.Resumed));
        Assert.False(File.Exists(Path.Combine(first.Folder, "2007_999999.png")), "an image this run does not have is not left to be uploaded");
        Assert.Equal("net B", File.ReadAllText(PascalSubmission.RecordPath(dir, 2012, "comp6")).Trim());
    }

    [Theory]
    [InlineData(2010, "comp6", "2008_000006", "VOC 2011 and 2012")]
    [InlineData(2012, "comp7", "2008_000006", "comp5, comp6")]
    [InlineData(2012, "comp6", "../escape", "not an image id")]
    [InlineData(2012, "comp6", "", "not an image id")]
    public void Refuses_a_year_competition_or_id_the_server_would_not_take(int year, string competition, string id, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => PascalSubmission.Write(net, new[] { id }, i => inputs[0], dir, year, "the test net", competition));
        Assert.Contains(expected, e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, "results")), "nothing is written before the arguments are checked");
    }

    [Theory]
    [InlineData("data/VOCdevkit/VOC2012", 2012)]
    [InlineData("data/VOCdevkit/VOC2011/", 2011)]
    [InlineData("data/voc", null)]
    public void The_year_comes_from_the_distributed_folder_name(string root, int? year) =>
        Assert.Equal(year, PascalSubmission.YearOf(root));
}
