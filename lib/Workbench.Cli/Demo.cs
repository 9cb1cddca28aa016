using System.Diagnostics;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Cli;

// The first main job: a tiny conv net learns to segment random blobs, printing its loss.
// It proves the whole stack (TorchSharp natives, autograd, SGD) works on this machine.
internal static class Demo
{
    internal static int Run(int steps, long seed)
    {
        manual_seed(seed);
        Console.WriteLine($"TorchSharp, libtorch {TorchEngine.LibTorchVersion}, {get_num_threads()} threads, CUDA available: {cuda.is_available()}");
        using var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 16, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(16, 16, 3, padding: 1)),
            ("relu2", nn.ReLU()),
            ("score", nn.Conv2d(16, 2, 1)));
        var sgd = Sgd.Create(net.parameters(), new SgdOptions(0.05, Momentum: 0.9));
        var clock = Stopwatch.StartNew();
        double first = double.NaN, last = double.NaN;
        for (int step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            // Random images whose label is "the red channel is brighter than the green one".
            var x = rand(4, 3, 32, 32);
            var y = (x.select(1, 0) > x.select(1, 1)).@long();
            var loss = F.cross_entropy(net.forward(x), y);
            sgd.zero_grad(set_to_none: true);
            loss.backward();
            sgd.step();
            double value = loss.item<float>();
            if (step == 1) first = value;
            last = value;
            if (step == 1 || step % 10 == 0) Console.WriteLine($"step {step,4}  loss {value:F4}");
        }
        Console.WriteLine($"loss {first:F4} -> {last:F4} in {steps} steps, {clock.Elapsed.TotalSeconds:F1} s");
        if (!(last < first))
        {
            Console.Error.WriteLine("the loss did not go down");
            return 1;
        }
        return 0;
    }
}
