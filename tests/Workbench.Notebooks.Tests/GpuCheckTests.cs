using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// bench/gpu.sh, the check waiting for a GPU, run here as <c>--dry-run</c>: the same steps on the CPU
/// at 64×64, so a broken script is found now, not on the day a GPU is lent.
/// </summary>
public sealed class GpuCheckTests : IDisposable
{
    readonly ScratchDirectory dir = new("wb-gpu-", create: false);   // the script creates it

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task The_dry_run_writes_every_case_with_the_benchmarks_fields()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestRepo.Root };
        start.ArgumentList.Add(Path.Combine(TestRepo.Root, "bench", "gpu.sh"));
        start.ArgumentList.Add("--dry-run");
        start.Environment["GPU_BENCH_OUT"] = dir;
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(start)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;
        await stdoutTask;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}");
        Assert.Contains("== CUDA tests", stderr);
        foreach (var mode in new[] { "forward", "train_step" })
        foreach (var precision in new[] { "fp32", "bf16" })
        {
            var name = $"gpu_fcn8s_{mode}_{precision}";
            var path = Path.Combine(dir, name + ".json");
            Assert.True(File.Exists(path), $"{name}.json not written; stderr: {stderr}");
            var r = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(name, (string?) r["name"]);
            Assert.Equal(precision, (string?) r["ours_precision"]);
            Assert.Equal("cpu", (string?) r["device"]);
            double ours = (double) r["ours"]!, reference = (double) r["reference"]!;
            Assert.True(ours > 0 && reference > 0, $"{name}: ours {ours}, reference {reference}");
            Assert.Equal(ours / reference, (double) r["ratio"]!, 9);
            Assert.True((double) r["gflop"]! > 0);
            Assert.Null(r["peak_gpu_memory_mb"]);
            // The reference trains in float32 (PyTorch's bf16 path is inference only), as on the CPU.
            Assert.Equal(mode == "forward" ? precision : "fp32", (string?) r["reference_precision"]);
        }
    }
}
