using System.Diagnostics;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// bench/python/summary.py, the table `make bench` ends with: each figure against its target, with a
/// verdict that says whether the per-repeat spread decides it. Fed JSON in the benchmarks' own fields.
/// </summary>
public sealed class BenchSummaryTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-bench-summary-");

    public void Dispose() => dir.Dispose();

    void Case(string name, string fields) => File.WriteAllText(Path.Combine(dir, name + ".json"), "{" + fields + "}");

    async Task<string> Summary()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestRepo.Root, "bench", "python", "summary.py"));
        start.ArgumentList.Add(dir);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    static string Row(string table, string figure) =>
        table.Split('\n').Single(l => l.StartsWith("| " + figure + " |", StringComparison.Ordinal));

    [Fact]
    public async Task Each_verdict_follows_the_median_and_the_spread_of_the_repeats()
    {
        Case("vgg16_convs_forward_224", "\"ratio\": 1.01, \"ratio_range\": [0.97, 1.04], \"ratio_of_best\": 0.98");
        Case("vgg16_convs_forward_500", "\"ratio\": 1.02, \"ratio_range\": [0.95, 1.09]");
        Case("vgg16_convs_forward_backward_224", "\"ratio\": 1.07, \"ratio_range\": [1.01, 1.12]");
        Case("vgg16_convs_forward_backward_500", "\"ratio\": 1.10, \"ratio_range\": [1.06, 1.15]");
        Case("fcn8s_forward_bf16", "\"ratio\": 0.5, \"ratio_range\": [0.45, 0.55], \"ratio_vs_reference_bf16\": 1.2, \"argmax_agreement_with_fp32\": 0.9931, \"agreement_classes_in_fp32_argmax\": 3, \"agreement_median_margin_where_they_differ\": 0.0041, \"agreement_median_margin_everywhere\": 0.146");
        Case("fcn8s_eval_split", "\"ratio\": 0.9, \"ratio_range\": [0.85, 0.95], \"overhead_beside_net\": 0.021, \"overhead_beside_net_range\": [-0.01, 0.07]");
        var table = await Summary();

        Assert.Contains("| 1.010 | 0.970 – 1.040 | 0.980 | ≤ 1.05 | met (every repeat) |", Row(table, "VGG16 convs forward 224², fp32 / PyTorch fp32"));
        Assert.EndsWith("met at the median; the spread crosses it |", Row(table, "VGG16 convs forward 500²"));
        Assert.EndsWith("missed at the median; the spread crosses it |", Row(table, "VGG16 convs forward + backward 224²"));
        Assert.EndsWith("missed (every repeat) |", Row(table, "VGG16 convs forward + backward 500²"));
        // A figure without per-repeat ratios is judged on its median alone, and says so.
        Assert.Contains("(no per-repeat figures) |  | ≤ 1 | missed |", Row(table, "FCN-8s forward, bf16 / PyTorch bf16"));
        Assert.Contains("| +2.1% | -1.0% – +7.0% |  | ≤ 5% | met at the median", Row(table, "evaluator's overhead beside the net alone"));
        // The benchmark's net has random weights: the agreement is described by its margins, not judged against a trained net's bar.
        Assert.Contains("| 99.310% | (the same in every repeat) |  | ≥ 99.5% | not judged (random weights, 3 classes in the argmax): where the passes differ the fp32 margin is 0.0041 σ, against 0.146 σ everywhere |",
            Row(table, "bf16 argmax = fp32 argmax, share of pixels"));
        Assert.Contains("| not run |", Row(table, "FCN-8s training step, fp32 / PyTorch fp32"));
        Assert.Equal(table, File.ReadAllText(Path.Combine(dir, "summary.md")));
    }
}
