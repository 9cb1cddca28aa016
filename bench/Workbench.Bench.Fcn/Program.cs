using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Engine;
using static TorchSharp.torch;

// FCN-8s (VGG16, 21 classes) on a 500×500 image, batch 1, float32, on the CPU:
//   forward — one inference-mode forward pass;  train — forward, summed loss, backward, SGD step
// (the reference solver: momentum 0.99, weight decay 5e-4, biases 2× lr, fixed deconvolutions).
// Prints one JSON line: mode, threads, per-repeat seconds, median, peak RSS. The same work is
// done by bench/python/fcn8s.py; bench/fcn.sh runs both and writes artifacts/bench/*.json.
var args_ = args.ToDictionary(a => a.Split('=')[0].TrimStart('-'), a => a.Contains('=') ? a.Split('=', 2)[1] : "");
string mode = args_.GetValueOrDefault("mode", "forward");
int threads = int.Parse(args_.GetValueOrDefault("threads", Environment.ProcessorCount.ToString()), CultureInfo.InvariantCulture);
int repeats = int.Parse(args_.GetValueOrDefault("repeats", "3"), CultureInfo.InvariantCulture);
int size = int.Parse(args_.GetValueOrDefault("size", "500"), CultureInfo.InvariantCulture);
set_num_threads(threads);
manual_seed(0);

using var net = ModelZoo.Create("fcn8s", 21);
var x = randn(new long[] { 1, 3, size, size }).DetachFromDisposeScope();
var y = randint(0, 21, new long[] { 1, size, size }).DetachFromDisposeScope();
var groups = ParameterGroups.Split(net);
var sgd = ParameterGroups.Optimizer(groups, 1e-10, 0.99, 5e-4);

double Once()
{
    var sw = Stopwatch.StartNew();
    using var scope = NewDisposeScope();
    if (mode == "forward")
    {
        net.eval();
        using var inference = inference_mode();
        var scores = net.forward(x);
        if (scores.shape[2] != size) throw new InvalidOperationException("wrong output size");
    }
    else
    {
        net.train();
        sgd.zero_grad(set_to_none: true);
        var scores = net.forward(x);
        var loss = SegmentationLoss.CrossEntropy(scores, y, LossNormalization.Sum);
        loss.backward();
        sgd.step();
    }
    return sw.Elapsed.TotalSeconds;
}

Once(); // warm-up: first-touch allocation, OpenMP thread start
var times = Enumerable.Range(0, repeats).Select(_ => Once()).ToList();
var sorted = times.OrderBy(t => t).ToList();
long peakKb = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:"))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
Console.WriteLine(JsonSerializer.Serialize(new
{
    impl = "workbench", mode, threads, size, times, median = sorted[sorted.Count / 2], peak_rss_mb = peakKb / 1024.0,
    torch = Workbench.Engine.TorchEngine.LibTorchVersion,
    engine = $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3)}",
}));
