using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Bench;
using static TorchSharp.torch;

// Times the workbench's engine (TorchSharp) against PyTorch on the same machine, in one run, case
// by case, and writes artifacts/bench/NAME.json: name, unit, ours, reference, ratio, threads and
// both sides' engines (docs/architecture.md, "Benchmarks").
var outDir = args.Length > 0 ? args[0] : Path.Combine("artifacts", "bench");
var python = Environment.GetEnvironmentVariable("WORKBENCH_PYTHON") ?? "/usr/bin/python3";
var script = Path.Combine(AppContext.BaseDirectory, "python", "vgg_convs.py");
int threads = get_num_threads();
// 15 repeats: on this shared VM one repeat's ratio swings by 25% or more either way, and with 5 and 7
// repeats the medians of two runs an hour apart differed by up to 0.23 (README, Benchmarks).
int reps = int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPS"), out var r) ? r : 15;
Directory.CreateDirectory(outDir);
var oursEngine = $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3)}, libtorch {Workbench.Engine.TorchEngine.LibTorchVersion}";

var (fp32Peak, fp32Rates) = MatmulPeak.GigaFlops(ScalarType.Float32, reps);
var (bf16Peak, bf16Rates) = MatmulPeak.GigaFlops(ScalarType.BFloat16, reps);
var peak = new JsonObject
{
    ["name"] = "matmul_peak",
    ["description"] = $"{MatmulPeak.N}x{MatmulPeak.N} matrix product through libtorch, median of {reps}: the machine's practical limit",
    ["unit"] = "GFLOP/s",
    ["fp32"] = fp32Peak,
    ["bf16"] = bf16Peak,
    ["bf16_over_fp32"] = bf16Peak / fp32Peak,
    ["native_bf16"] = Workbench.Engine.Precisions.CpuHasNativeBf16,
    ["threads"] = threads,
    ["fp32_rates"] = new JsonArray(fp32Rates.Select(t => (JsonNode) t).ToArray()),
    ["bf16_rates"] = new JsonArray(bf16Rates.Select(t => (JsonNode) t).ToArray()),
    ["impl"] = oursEngine,
};
Workbench.Engine.AtomicFile.WriteAllText(Path.Combine(outDir, "matmul_peak.json"), peak.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"matmul {MatmulPeak.N}²: {fp32Peak:F0} GFLOP/s float32, {bf16Peak:F0} GFLOP/s bfloat16 ({threads} threads)");
Console.WriteLine($"VGG16 conv layers, batch 1, float32, {threads} threads, median of {reps} runs, ours and PyTorch alternating; ours: {oursEngine}");
Console.WriteLine($"{"case",-32} {"ours (s)",10} {"PyTorch (s)",12} {"ratio",7} {"range",13} {"GFLOP/s",8} {"of peak",8}");

foreach (var size in new[] { 224, 500 })
foreach (var backward in new[] { false, true })
{
    var mode = backward ? "backward" : "forward";
    var name = $"vgg16_convs_{(backward ? "forward_backward" : "forward")}_{size}";
    // Ours and PyTorch alternate, one measured run (after a warm-up) each per repeat, so a swing of a
    // shared machine falls on both sides alike, as in bench/fcn.sh.
    var oursTimes = new double[reps];
    var theirTimes = new List<JsonNode>();
    string torchVersion = "";
    for (int rep = 0; rep < reps; rep++)
    {
        oursTimes[rep] = VggConvs.Time(size, backward, warmup: 1, reps: 1).median;
        var one = RunReference(size, mode, 1);
        theirTimes.Add(one["times_s"]![0]!.DeepClone());
        torchVersion = one["torch"]!.GetValue<string>();
    }
    double ours = VggConvs.Median(oursTimes);
    double theirs = VggConvs.Median(theirTimes.Select(t => t.GetValue<double>()).ToArray());
    var reference = new JsonObject { ["torch"] = torchVersion, ["times_s"] = new JsonArray(theirTimes.ToArray()) };
    double gflop = VggConvs.GigaFlops(size, backward);
    // Ours and PyTorch of one repeat ran back to back, so their ratio is the least disturbed figure;
    // the range of those ratios is the spread a verdict on the median has to stand out from.
    var paired = oursTimes.Select((t, i) => t / theirTimes[i]!.GetValue<double>()).ToArray();
    var result = new JsonObject
    {
        ["name"] = name,
        ["unit"] = "seconds",
        ["ours"] = ours,
        ["reference"] = theirs,
        ["ratio"] = ours / theirs,
        ["ratio_range"] = new JsonArray(paired.Min(), paired.Max()),
        // Load from elsewhere only ever adds time, so each side's fastest repeat is its least disturbed one.
        ["ratio_of_best"] = oursTimes.Min() / theirTimes.Min(t => t!.GetValue<double>()),
        ["threads"] = threads,
        ["gflop"] = gflop,
        ["ours_gflops"] = gflop / ours,
        ["reference_gflops"] = gflop / theirs,
        ["ours_fraction_of_fp32_peak"] = gflop / ours / fp32Peak,
        ["reference_fraction_of_fp32_peak"] = gflop / theirs / fp32Peak,
        ["ours_impl"] = oursEngine,
        ["reference_impl"] = $"PyTorch {reference["torch"]} (Debian python3-torch)",
        ["ours_libtorch"] = Workbench.Engine.TorchEngine.LibTorchVersion,
        ["reference_libtorch"] = reference["torch"]!.GetValue<string>().Split('+')[0],
        ["ours_times"] = new JsonArray(oursTimes.Select(t => (JsonNode) t).ToArray()),
        ["reference_times"] = reference["times_s"]!.DeepClone(),
    };
    Workbench.Engine.AtomicFile.WriteAllText(Path.Combine(outDir, name + ".json"), result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"{name,-32} {ours,10:F3} {theirs,12:F3} {ours / theirs,7:F3} {$"{paired.Min():F2}–{paired.Max():F2}",13} {gflop / ours,8:F0} {gflop / ours / fp32Peak,8:P0}");
}
return 0;

JsonNode RunReference(int size, string mode, int count)
{
    var psi = new ProcessStartInfo(python)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var a in new[] { script, "--size", size.ToString(CultureInfo.InvariantCulture), "--mode", mode,
                 "--threads", threads.ToString(CultureInfo.InvariantCulture), "--reps", count.ToString(CultureInfo.InvariantCulture) })
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python}");
    var stdout = p.StandardOutput.ReadToEnd();
    var stderr = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({p.ExitCode}): {stderr}");
    return JsonNode.Parse(stdout.Trim().Split('\n')[^1]) ?? throw new InvalidDataException("no JSON from the reference");
}
