using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

// FCN-8s (VGG16, 21 classes) on a 500×500 image, batch 1, on the CPU (or --device=cuda, bench/gpu.sh),
// in float32 or bfloat16:
//   forward — one inference-mode forward pass (bf16: the net cast to bfloat16, as `eval --precision bf16`);
//   train   — one update of the workbench's Trainer: forward, summed loss, backward, SGD step
//             (the reference solver: momentum 0.99, weight decay 5e-4, biases 2× lr, fixed
//             deconvolutions); bf16 is its mixed precision (bf16 compute, float32 masters and loss).
// Prints one JSON line: mode, precision, threads, per-repeat seconds, median, GFLOP per pass, peak
// RSS. The same work is done by bench/python/fcn8s.py; bench/fcn.sh runs both and writes artifacts/bench/*.json.
var args_ = args.ToDictionary(a => a.Split('=')[0].TrimStart('-'), a => a.Contains('=') ? a.Split('=', 2)[1] : "");
string mode = args_.GetValueOrDefault("mode", "forward");
int threads = int.Parse(args_.GetValueOrDefault("threads", Environment.ProcessorCount.ToString()), CultureInfo.InvariantCulture);
int repeats = int.Parse(args_.GetValueOrDefault("repeats", "3"), CultureInfo.InvariantCulture);
int size = int.Parse(args_.GetValueOrDefault("size", "500"), CultureInfo.InvariantCulture);
var device = Devices.Resolve(args_.GetValueOrDefault("device", "cpu"));
var precision = Precisions.Resolve(args_.GetValueOrDefault("precision", "fp32"), device);
set_num_threads(threads);
manual_seed(0);

using var net = ModelZoo.Create("fcn8s", 21);
var x = randn(new long[] { 1, 3, size, size }).to(device).DetachFromDisposeScope();
var y = randint(0, 21, new long[] { 1, size, size }).to(device).DetachFromDisposeScope();
net.to(device);
double gflop = Workbench.Fcn.Graph.CropOffsets.Trace(net, size).ConvolutionFlops / 1e9;

List<double> times;
object? extra = null;
long peakKb = 0;
// The peak while the case ran, read before anything else (the bf16 agreement check) allocates.
long PeakKb() => File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:"))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
if (mode == "eval")
{
    // The split scored three ways: end to end with the pipelined evaluator (what `eval` runs), end
    // to end one image after another, and the net alone on preloaded images — the floor.
    var root = args_.GetValueOrDefault("data") ?? throw new ArgumentException("--data=ROOT of a VOC-layout split");
    var source = SampleSources.From(new Workbench.Vision.Datasets.Real.PascalVoc(root, "val"));
    if (precision == Precision.Bf16) net.to(ScalarType.BFloat16);
    net.eval();
    var loaded = Enumerable.Range(0, source.Count).Select(i => source[i]).Select(s => (s.Image.DetachFromDisposeScope(), s.Label.DetachFromDisposeScope())).ToList();
    double NetOnly() => loaded.Sum(s =>
    {
        var sw = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Inference.Predict(net, s.Item1).Labels.sum().item<long>();
        return sw.Elapsed.TotalSeconds;
    });
    double Serial()
    {
        var sw = Stopwatch.StartNew();
        var m = new Workbench.Fcn.Metrics.ConfusionMatrix(21);
        for (int i = 0; i < source.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (image, label) = source[i];
            m.Add(label, Inference.Predict(net, image).Labels);
        }
        return sw.Elapsed.TotalSeconds;
    }
    double Pipelined()
    {
        var sw = Stopwatch.StartNew();
        Inference.Evaluate(net, source);
        return sw.Elapsed.TotalSeconds;
    }
    NetOnly();   // warm-up
    var netOnly = new List<double>();
    var serial = new List<double>();
    times = new List<double>();
    for (int r = 0; r < repeats; r++)
    {
        times.Add(Pipelined());
        serial.Add(Serial());
        netOnly.Add(NetOnly());
    }
    static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
    extra = new { images = source.Count, net_only_times = netOnly, serial_times = serial, net_only_median = Median(netOnly), serial_median = Median(serial),
        overhead = Median(times) / Median(netOnly) - 1 };
    gflop = loaded.Sum(s => Workbench.Fcn.Graph.GeometryFlow.RectangleFlops(
        Workbench.Fcn.Graph.CropOffsets.Trace(net, s.Item1.shape[1]), Workbench.Fcn.Graph.CropOffsets.Trace(net, s.Item1.shape[2]))) / 1e9;
}
else if (mode == "forward")
{
    // Cast for good, as `eval --precision bf16` and PyTorch's net.to(torch.bfloat16) do.
    if (precision == Precision.Bf16) net.to(ScalarType.BFloat16);
    net.eval();
    double Once()
    {
        var sw = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var scores = net.forward(Inference.InputFor(net, x));
        if (scores.shape[2] != size) throw new InvalidOperationException("wrong output size");
        if (device.type == DeviceType.CUDA) cuda.synchronize();   // the kernels are queued, not done
        return sw.Elapsed.TotalSeconds;
    }
    Once(); // warm-up: first-touch allocation, OpenMP thread start, oneDNN kernel choice
    times = Enumerable.Range(0, repeats).Select(_ => Once()).ToList();
    peakKb = PeakKb();
    if (precision == Precision.Bf16 && device.type == DeviceType.CPU) extra = Bf16Agreement.Measure(size);
}
else
{
    var trainer = new Trainer(net, new SampleSource(1, _ => (x.squeeze(0).alias(), y.squeeze(0).alias())), new TrainerOptions
    {
        LearningRate = new LearningRate.Fixed(1e-10), Momentum = 0.99, WeightDecay = 5e-4, Normalization = LossNormalization.Sum,
        MaxIterations = repeats + 1, Shuffle = false, Precision = precision,
    });
    trainer.Run();
    trainer.ThrowIfStopped("fcn8s");
    // Seconds are cumulative update time; the first update is the warm-up.
    times = Enumerable.Range(1, repeats).Select(i => trainer.Seconds[i] - trainer.Seconds[i - 1]).ToList();
    gflop *= 3;   // forward, gradient of the input, gradient of the weights
}
var sorted = times.OrderBy(t => t).ToList();
if (peakKb == 0) peakKb = PeakKb();
Console.WriteLine(JsonSerializer.Serialize(new
{
    impl = "workbench", mode, precision = precision.Name(), device = device.ToString(), threads, size, times, median = sorted[sorted.Count / 2], gflop,
    peak_rss_mb = peakKb / 1024.0, torch = TorchEngine.LibTorchVersion, eval = mode == "eval" ? extra : null, agreement = mode == "forward" ? extra : null,
    engine = $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3)}",
}));
