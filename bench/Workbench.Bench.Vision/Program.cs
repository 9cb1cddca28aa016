using Workbench.Engine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Vision.Imaging;

// Decode + preprocess of JPEGs, images per second: ours (libjpeg-turbo into a per-thread native
// buffer + a fused BGR/mean/CHW loop into a torch tensor, Preprocess.ReadJpegTensor) against Pillow + numpy timed by bench/python/input_pipeline.py on the
// same files in the same run. Writes artifacts/bench/input_pipeline_{1thread,allcores}.json.
// Rounds alternate ours and the reference, so that load from other processes hits both alike;
// each side keeps its best time.
//   Workbench.Bench.Vision --data DIR --reference pillow.json --out DIR [--passes N] [--rounds N]
//                          [--python /usr/bin/python3 --script bench/python/input_pipeline.py]

var options = ParseArgs(args);
string data = options["--data"], referencePath = options["--reference"], outDir = options["--out"];
int passes = options.TryGetValue("--passes", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 3;

int rounds = options.TryGetValue("--rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 1;
options.TryGetValue("--python", out var python);
options.TryGetValue("--script", out var script);

var files = Directory.GetFiles(data, "*.jpg").Order(StringComparer.Ordinal).ToArray();
if (files.Length == 0) throw new FileNotFoundException($"no .jpg files in {data}");
int cores = Environment.ProcessorCount;
var mean = Preprocess.VocMean;

double Checksum(TorchSharp.torch.Tensor t)
{
    // The same subsample the Python side sums: [:, ::37, ::41].
    var v = t.AsSpan<float>();
    int h = (int) t.shape[1], w = (int) t.shape[2];
    double s = 0;
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < h; y += 37)
            for (int x = 0; x < w; x += 41)
                s += v[(c * h + y) * w + x];
    return s;
}

double Load(string path)
{
    using var tensor = Preprocess.ReadJpegTensor(path, mean);
    return Checksum(tensor);
}

// Best wall time of the passes after a warm-up; also the best CPU time of this process (all its
// threads, the GC's included), which load from other processes disturbs far less.
(double wall, double cpu) Timed(Action pass)
{
    pass();  // warm-up
    double best = double.MaxValue, bestCpu = double.MaxValue;
    var self = Process.GetCurrentProcess();
    for (int i = 0; i < passes; i++)
    {
        self.Refresh();
        var cpu0 = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        pass();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
        self.Refresh();
        bestCpu = Math.Min(bestCpu, (self.TotalProcessorTime - cpu0).TotalSeconds);
    }
    return (best, bestCpu);
}

JsonNode RunReference()
{
    if (python is null || script is null) return JsonNode.Parse(File.ReadAllText(referencePath))!;
    var info = new ProcessStartInfo(python) { UseShellExecute = false };
    foreach (var a in new[] { script, "run", data, referencePath, passes.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}");
    return JsonNode.Parse(File.ReadAllText(referencePath))!;
}

double checksum = files.Sum(Load);
double single = double.MaxValue, all = double.MaxValue, refSingle = double.MaxValue, refAll = double.MaxValue;
double tunedSingle = double.MaxValue, tunedAll = double.MaxValue;
double cpuOurs = double.MaxValue, cpuRef = double.MaxValue, cpuTuned = double.MaxValue;
string refMode = "";
JsonNode reference = null!;
for (int round = 0; round < rounds; round++)
{
    var (wall, cpu) = Timed(() => { foreach (var f in files) Load(f); });
    single = Math.Min(single, wall);
    cpuOurs = Math.Min(cpuOurs, cpu);
    all = Math.Min(all, Timed(() => Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = cores }, i => Load(files[i]))).wall);
    reference = RunReference();
    refSingle = Math.Min(refSingle, reference["one_thread_s"]!.GetValue<double>());
    double a = reference["all_cores_s"]!.GetValue<double>();
    if (a < refAll) (refAll, refMode) = (a, reference["all_cores_mode"]!.GetValue<string>());
    tunedSingle = Math.Min(tunedSingle, reference["tuned_one_thread_s"]!.GetValue<double>());
    cpuRef = Math.Min(cpuRef, reference["one_thread_cpu_s"]!.GetValue<double>());
    cpuTuned = Math.Min(cpuTuned, reference["tuned_one_thread_cpu_s"]!.GetValue<double>());
    tunedAll = Math.Min(tunedAll, reference["tuned_all_cores_s"]!.GetValue<double>());
    Console.WriteLine($"round {round + 1}/{rounds}: ours {files.Length / single:F1} / {files.Length / all:F1} img/s, " +
                      $"Pillow+numpy {files.Length / refSingle:F1} / {files.Length / refAll:F1} img/s (1 thread / all cores, best so far)");
}

double refChecksum = reference["checksum"]!.GetValue<double>();
bool same = Math.Abs(checksum - refChecksum) <= 1e-3 * Math.Max(1, Math.Abs(refChecksum));
Console.WriteLine($"checksum: ours {checksum:F3}, Pillow+numpy {refChecksum:F3} ({(same ? "match" : "DIFFER")})");

Directory.CreateDirectory(outDir);
Write("input_pipeline_1thread", single, refSingle, tunedSingle, 1, "sequential", (cpuOurs, cpuRef, cpuTuned));
Write("input_pipeline_allcores", all, refAll, tunedAll, cores, refMode);
if (!same) return 1;
return 0;

void Write(string name, double oursSeconds, double refSeconds, double tunedSeconds, int threads, string refMode,
    (double ours, double reference, double tuned)? cpu = null)
{
    int n = files.Length;
    double oursMs = 1000 * oursSeconds / n, refMs = 1000 * refSeconds / n, tunedMs = 1000 * tunedSeconds / n;
    var result = new JsonObject
    {
        ["name"] = name,
        ["unit"] = "ms/image",
        ["ours"] = Math.Round(oursMs, 4),
        ["reference"] = Math.Round(refMs, 4),
        ["ratio"] = Math.Round(oursMs / refMs, 4),
        ["threads"] = threads,
        ["ours_images_per_s"] = Math.Round(n / oursSeconds, 1),
        ["reference_images_per_s"] = Math.Round(n / refSeconds, 1),
        ["reference_how"] = $"Pillow {reference["pillow"]} + numpy {reference["numpy"]} running FCN's voc_layers.py preprocessing, {refMode}",
        // The same work with numpy written for speed (one ufunc per plane): the strictest comparison.
        ["reference_tuned_numpy"] = Math.Round(tunedMs, 4),
        ["ratio_vs_tuned_numpy"] = Math.Round(oursMs / tunedMs, 4),
        ["reference_tuned_numpy_images_per_s"] = Math.Round(n / tunedSeconds, 1),
        ["images"] = n,
        ["image_size"] = "500x375 JPEG q90",
        ["passes"] = passes,
        ["rounds"] = rounds,
        ["checksums_match"] = same,
    };
    if (cpu is { } c)
    {
        // CPU time per image of one thread: the figure least disturbed by other processes.
        result["cpu_ms_per_image"] = new JsonObject
        {
            ["ours"] = Math.Round(1000 * c.ours / n, 4),
            ["reference"] = Math.Round(1000 * c.reference / n, 4),
            ["reference_tuned_numpy"] = Math.Round(1000 * c.tuned / n, 4),
        };
        Console.WriteLine($"{name}: CPU time per image: ours {1000 * c.ours / n:F2} ms, Pillow+numpy {1000 * c.reference / n:F2} ms, " +
                          $"tuned numpy {1000 * c.tuned / n:F2} ms");
    }
    var path = Path.Combine(outDir, name + ".json");
    File.WriteAllText(path + ".tmp", result.ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }) + "\n");
    File.Move(path + ".tmp", path, overwrite: true);
    Console.WriteLine($"{name}: ours {n / oursSeconds:F1} img/s, Pillow+numpy {n / refSeconds:F1} img/s, " +
                      $"ratio of times {oursMs / refMs:F3} ({refMs / oursMs:F2}x throughput); tuned numpy {n / tunedSeconds:F1} img/s, " +
                      $"ratio {oursMs / tunedMs:F3} ({tunedMs / oursMs:F2}x); {threads} thread(s)");
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var d = new Dictionary<string, string>();
    for (int i = 0; i + 1 < args.Length; i += 2) d[args[i]] = args[i + 1];
    foreach (var key in new[] { "--data", "--reference", "--out" })
        if (!d.ContainsKey(key))
        {
            Console.Error.WriteLine("usage: Workbench.Bench.Vision --data DIR --reference pillow.json --out DIR [--passes N]");
            Environment.Exit(2);
        }
    return d;
}
