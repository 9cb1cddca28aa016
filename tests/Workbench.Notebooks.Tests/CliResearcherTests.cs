using System.Text.Json;
using Workbench.Vision.Imaging;

namespace Workbench.Notebooks.Tests;

/// <summary>One tiny `workbench train` run (synthetic data, width 1/16), shared by the tests that read what it wrote and printed.</summary>
public sealed class TrainedRun : IDisposable
{
    public readonly string Dir = Path.Combine(Path.GetTempPath(), "wb-run-" + Guid.NewGuid().ToString("N")[..12]);
    public readonly (int Code, string Out, string Err) Train;

    // A terminal's TERM with the output redirected: Spectre.Console took TERM alone as licence to write escape codes.
    public static readonly Dictionary<string, string> XTerm = new() { ["TERM"] = "xterm-256color", ["OMP_NUM_THREADS"] = "1" };

    public TrainedRun()
    {
        Directory.CreateDirectory(Dir);
        Train = WorkbenchCli.Run(XTerm, "train", "--model", "fcn32s", "--width", "0.0625", "--size", "64", "--count", "6",
            "--iterations", "4", "--val-every", "2", "--checkpoint-every", "2", "--device", "cpu", "--out", Path.Combine(Dir, "run"));
    }

    public string Final => Path.Combine(Dir, "run", "final.pth");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// Issue 12, item 5, through the built executable: what a researcher expects of train, eval and
/// predict — weights that say which net they hold, eval on the validation split and saying so,
/// validation metrics printed, real pixel counts, no escape codes in a log, an up-front time
/// estimate, an example in every --help.
/// </summary>
public sealed class CliResearcherTests : IClassFixture<TrainedRun>
{
    readonly TrainedRun run;

    public CliResearcherTests(TrainedRun run)
    {
        this.run = run;
        Assert.True(run.Train.Code == 0, $"train failed: {run.Train.Err}");
    }

    static (int Code, string Out, string Err) Cli(params string[] args) => WorkbenchCli.Run(TrainedRun.XTerm, args);

    [Fact]
    public void Train_prints_each_validation_and_real_pixel_counts_and_estimates_the_run_from_its_first_iteration()
    {
        var lines = run.Train.Out.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("it 2 validation: pixel acc. ") && l.Contains("mean IU"));
        Assert.Contains(lines, l => l.StartsWith("it 4 validation: "));
        // 6 synthetic 64x64 validation images: at most 6·64·64 pixels, and some (void excluded).
        var counted = lines.Single(l => l.StartsWith("pixels counted"));
        long pixels = long.Parse(counted["pixels counted".Length..].Trim().Replace(",", ""));
        Assert.InRange(pixels, 1, 6 * 64 * 64);
        Assert.Contains(lines, l => l == "scored           synthetic-voc val, 6 images");
        Assert.Matches(@"first iteration: [0-9.]+ s on cpu; 3 more at that pace: about [0-9.]+ s", run.Train.Err);
        Assert.Contains("validating on synthetic-voc val, 6 images every 2 iterations", run.Train.Err);
    }

    [Fact]
    public void No_escape_codes_reach_redirected_output_even_under_a_terminal_TERM()
    {
        Assert.DoesNotContain('\u001b', run.Train.Out + run.Train.Err);
        Assert.DoesNotContain('\r', run.Train.Out + run.Train.Err);
        var eval = Cli("eval", "--weights", run.Final, "--size", "64", "--count", "2");
        Assert.Equal(0, eval.Code);
        Assert.DoesNotContain('\u001b', eval.Out + eval.Err);
        Assert.DoesNotContain('\r', eval.Out + eval.Err);   // the image counter is a terminal's
        var list = Cli("data", "list");
        Assert.Equal(0, list.Code);
        Assert.DoesNotContain('\u001b', list.Out + list.Err);
    }

    [Fact]
    public void Eval_and_predict_need_neither_model_nor_width_for_a_run_of_train()
    {
        var eval = Cli("eval", "--weights", run.Final, "--size", "64", "--count", "3", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        using var doc = JsonDocument.Parse(eval.Out);
        Assert.Equal("synthetic-voc", doc.RootElement.GetProperty("dataset").GetString());
        Assert.Equal("val", doc.RootElement.GetProperty("split").GetString());   // the validation split by default
        Assert.Equal(3, doc.RootElement.GetProperty("images").GetInt32());
        Assert.InRange(doc.RootElement.GetProperty("pixels").GetInt64(), 1, 3 * 64 * 64);

        // A checkpoint serves as well, and --split picks another split, named in the output.
        var checkpoint = Directory.GetFiles(Path.Combine(run.Dir, "run"), "checkpoint-*.pth").Max()!;
        var train = Cli("eval", "--weights", checkpoint, "--size", "64", "--count", "3", "--split", "train");
        Assert.True(train.Code == 0, train.Err);
        Assert.StartsWith("scored           synthetic-voc train, 3 images", train.Out);

        var image = Path.Combine(run.Dir, "in.png");
        Png.Write(image, new LabelMap(40, 30));
        var predict = Cli("predict", image, "--weights", run.Final);
        Assert.True(predict.Code == 0, predict.Err);
        Assert.Equal((40, 30), (Png.ReadLabels(Path.Combine(run.Dir, "in.labels.png")).Width, Png.ReadLabels(Path.Combine(run.Dir, "in.labels.png")).Height));
    }

    [Fact]
    public void Submit_writes_voc_test_in_the_servers_layout_times_each_image_and_resumes()
    {
        var root = TestRepo.Fixtures("datasets", "paper", "voc-test", "VOC2012");
        var output = Path.Combine(run.Dir, "submission");
        var first = Cli("submit", "--weights", run.Final, "--root", root, "--out", output, "--device", "cpu");
        Assert.True(first.Code == 0, first.Err + first.Out);
        var folder = Path.Combine(output, "results", "VOC2012", "Segmentation", "comp6_test_cls");
        Assert.Contains($"2 predictions written, 0 kept from an earlier run, in {folder}", first.Out);
        Assert.Contains("ms per image on average", first.Out);
        Assert.Contains("comp6-VOC2012-test.tar.gz", first.Out);
        foreach (var id in new[] { "2008_000006", "2008_000011" })
            Assert.Equal((44, 32), (Png.ReadLabels(Path.Combine(folder, id + ".png")).Width, Png.ReadLabels(Path.Combine(folder, id + ".png")).Height));

        var again = Cli("submit", "--weights", run.Final, "--root", root, "--out", output, "--device", "cpu");
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("0 predictions written, 2 kept from an earlier run", again.Out);

        // Another net's weights into the same tree: refused, so no submission mixes two nets.
        var checkpoint = Directory.GetFiles(Path.Combine(run.Dir, "run"), "checkpoint-*.pth").Max()!;
        var other = Cli("submit", "--weights", checkpoint, "--root", root, "--out", output, "--device", "cpu");
        Assert.Equal(1, other.Code);
        Assert.Contains("holds the predictions of final.pth (sha256 ", other.Err);

        // A tree not named as distributed needs its year said; an unknown competition is refused up front.
        var copy = Path.Combine(run.Dir, "voc-test-copy");
        Directory.CreateDirectory(copy);
        var noYear = Cli("submit", "--weights", run.Final, "--root", copy, "--out", output);
        Assert.Equal(1, noYear.Code);
        Assert.Contains("give --year", noYear.Err);
        var comp = Cli("submit", "--weights", run.Final, "--root", root, "--out", output, "--competition", "comp7");
        Assert.Contains("comp7", comp.Err);
        Assert.NotEqual(0, comp.Code);
    }

    [Theory]
    [InlineData("eval", "--width", "1", "--width 1 asks for width 1")]
    [InlineData("eval", "--model", "fcn8s", "--model fcn8s asks for a fcn8s")]
    [InlineData("predict", "--classes", "5", "--classes 5 asks for 5 classes")]
    public void An_option_that_contradicts_the_weights_is_one_line_naming_the_file_and_both_values(string command, string option, string value, string expected)
    {
        var image = Path.Combine(run.Dir, $"{command}{option}.png");
        Png.Write(image, new LabelMap(8, 8));
        var args = command == "eval"
            ? new[] { "eval", "--weights", run.Final, "--size", "64", "--count", "2", option, value }
            : new[] { "predict", image, "--weights", run.Final, option, value };
        var r = Cli(args);
        Assert.Equal(1, r.Code);
        var error = Assert.Single(r.Err.Split('\n'), l => l.StartsWith("error: "));
        Assert.Contains(run.Final, error);
        Assert.Contains(expected, error);
        Assert.Contains("the file holds a fcn32s of width 0.0625 with 21 classes", error);
        Assert.True(error.Length < 300, $"{error.Length} characters: {error}");
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("data", "list")]
    [InlineData("data", "fetch")]
    [InlineData("data", "verify")]
    [InlineData("run")]
    [InlineData("model", "info")]
    [InlineData("pretrain")]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("submit")]
    [InlineData("inspect", "weights")]
    [InlineData("inspect", "image")]
    [InlineData("inspect", "mat")]
    public void Every_command_shows_an_example_in_its_help(params string[] command)
    {
        var r = WorkbenchCli.Run(command.Append("--help").ToArray());
        Assert.Equal(0, r.Code);
        var lines = r.Out.Split('\n').Select(l => l.Trim()).ToList();
        int at = lines.IndexOf("Examples:");
        Assert.True(at >= 0, $"no examples in `workbench {string.Join(' ', command)} --help`:\n{r.Out}");
        Assert.StartsWith($"workbench {string.Join(' ', command)}", lines[at + 1]);
    }

    [Fact]
    public void Train_init_maps_caffe_names_through_the_surgery_the_notebooks_use()
    {
        // bvlc_googlenet's layer names ('conv1/7x7_s2', 'inception_3a/1x1') on a trunk of test width.
        using var net = Workbench.Fcn.Models.ModelZoo.Create("fcn-googlenet", 21, 1.0 / 32);
        var stem = new Dictionary<string, string> { ["conv1"] = "conv1/7x7_s2", ["conv2_reduce"] = "conv2/3x3_reduce", ["conv2"] = "conv2/3x3" };
        var file = new Dictionary<string, TorchSharp.torch.Tensor>();
        foreach (var (key, t) in net.Trunk.state_dict())
        {
            int dot = key.IndexOf('.');
            string layer = key[..dot], rest = key[(dot + 1)..];
            file[stem.TryGetValue(layer, out var s) ? $"{s}.{rest}" : layer.StartsWith("inception_") ? $"{layer}/{rest}" : key] = TorchSharp.torch.randn_like(t);
        }
        var weights = Path.Combine(run.Dir, "bvlc_googlenet.pth");
        Workbench.Weights.WeightsFile.Write(file, weights);
        var r = Cli("train", "--model", "fcn-googlenet", "--width", "0.03125", "--size", "64", "--count", "2", "--iterations", "1",
            "--device", "cpu", "--init", weights, "--out", Path.Combine(run.Dir, "googlenet"));
        Assert.True(r.Code == 0, r.Err);
        // The final weights hold the file's inception filters (one update at lr 1e-4 moves them by less than 1e-2).
        using var final = Workbench.Weights.WeightsFile.Read(Path.Combine(run.Dir, "googlenet", "final.pth"));
        var trained = final.Entries["inception_3a.1x1.weight"];
        Assert.True(trained.allclose(file["inception_3a/1x1.weight"], rtol: 0, atol: 1e-2), "inception_3a/1x1 did not come from the file");
    }
}
