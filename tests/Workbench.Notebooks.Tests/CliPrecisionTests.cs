using Workbench.Vision.Imaging;

namespace Workbench.Notebooks.Tests;

/// <summary><c>--precision</c> of train, eval and predict, through the built executable.</summary>
public sealed class CliPrecisionTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-precision-");

    public void Dispose() => dir.Dispose();

    // One thread: the train and eval runs here are tiny, and the suite runs test classes side by side.
    static (int Code, string Out, string Err) Cli(params string[] args) =>
        WorkbenchCli.Run(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }, args);

    [Theory]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("train")]
    public void An_unknown_precision_is_refused_before_any_work(string command)
    {
        var image = Path.Combine(dir, "in.png");
        Png.Write(image, new LabelMap(8, 8));
        var args = command switch
        {
            "eval" => new[] { "eval", "--model", "fcn32s", "--width", "0.0625", "--count", "1", "--size", "32", "--device", "cpu", "--precision", "fp16" },
            "predict" => new[] { "predict", image, "--model", "fcn32s", "--width", "0.0625", "--device", "cpu", "--precision", "fp16" },
            _ => new[] { "train", "--out", Path.Combine(dir, "run"), "--device", "cpu", "--precision", "fp16" },
        };
        var r = Cli(args);
        Assert.True(r.Code == 1, $"exit {r.Code}: {r.Err}");
        Assert.Contains("error: precision 'fp16': expected fp32, bf16 or auto", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        Assert.False(File.Exists(Path.ChangeExtension(image, ".labels.png")));
    }

    [Fact]
    public void A_mixed_precision_run_saves_float32_weights_that_eval_and_predict_read_in_bf16()
    {
        var run = Path.Combine(dir, "run");
        var t = Cli("train", "--out", run, "--model", "fcn32s", "--width", "0.0625", "--size", "32", "--count", "4",
            "--iterations", "3", "--lr", "1e-3", "--device", "cpu", "--precision", "bf16");
        Assert.True(t.Code == 0, $"train exit {t.Code}: {t.Err}");
        Assert.Contains("precision: bf16", t.Err);
        var weights = Path.Combine(run, "final.pth");
        Assert.True(File.Exists(weights));

        var e = Cli("eval", "--model", "fcn32s", "--width", "0.0625", "--weights", weights, "--count", "2", "--size", "32",
            "--device", "cpu", "--precision", "bf16", "--json");
        Assert.True(e.Code == 0, $"eval exit {e.Code}: {e.Err}");
        Assert.Contains("precision: bf16", e.Err);
        Assert.Contains("mean_iu", e.Out);

        var image = Path.Combine(dir, "scene.png");
        Png.Write(image, new LabelMap(32, 24));
        foreach (var p in new[] { "fp32", "bf16" })
        {
            var r = Cli("predict", image, "--model", "fcn32s", "--width", "0.0625", "--weights", weights, "--device", "cpu",
                "--precision", p, "--out", Path.Combine(dir, p + ".png"), "--overlay", Path.Combine(dir, p + ".overlay.png"));
            Assert.True(r.Code == 0, $"predict --precision {p} exit {r.Code}: {r.Err}");
            Assert.Contains($"precision: {p}", r.Err);
            var labels = Png.ReadLabels(Path.Combine(dir, p + ".png"));
            Assert.Equal((32, 24), (labels.Width, labels.Height));
        }
    }
}
