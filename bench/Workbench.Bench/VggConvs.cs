using System.Diagnostics;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Bench;

// VGG16's 13 conv layers (ReLU, 2×2 ceil max pools) forward, and forward + backward, at batch 1,
// float32 — the same graph as bench/python/vgg_convs.py, with the same thread count.
internal static class VggConvs
{
    static readonly int[] Config = { 64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0 };

    internal static List<(Tensor w, Tensor b)> MakeWeights()
    {
        var weights = new List<(Tensor, Tensor)>();
        long c = 3;
        foreach (var v in Config)
        {
            if (v == 0) continue;
            weights.Add(((randn(v, c, 3, 3) * 0.01).DetachFromDisposeScope(), zeros(v).DetachFromDisposeScope()));
            c = v;
        }
        return weights;
    }

    // Each intermediate is released as soon as the next layer has consumed it, as Python's rebinding
    // of x frees it and as the workbench's own forward pass (TensorFlow) does: held to the end of a
    // dispose scope, every layer's output would be fresh memory, page-faulted in on each run.
    static Tensor Trunk(Tensor input, List<(Tensor w, Tensor b)> weights)
    {
        int i = 0;
        var x = input;
        foreach (var v in Config)
        {
            Tensor y;
            if (v == 0) y = F.max_pool2d(x, new long[] { 2, 2 }, ceil_mode: true);
            else
            {
                var (w, b) = weights[i++];
                using var conv = F.conv2d(x, w, b, padding: new long[] { 1, 1 });
                y = F.relu(conv);
            }
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = y;
        }
        return x;
    }

    /// <summary>
    /// GFLOP of the 13 convolutions at <paramref name="size"/>² (a multiply-add is two); with
    /// <paramref name="backward"/>, plus the weight gradients and the input gradients of all but
    /// conv1_1, whose input needs none.
    /// </summary>
    internal static double GigaFlops(int size, bool backward)
    {
        double total = 0;
        long c = 3, s = size;
        bool first = true;
        foreach (var v in Config)
        {
            if (v == 0)
            {
                s = (s + 1) / 2;   // 2×2 ceil pool
                continue;
            }
            double forward = 2.0 * s * s * v * c * 9;
            total += backward ? forward * (first ? 2 : 3) : forward;
            first = false;
            c = v;
        }
        return total / 1e9;
    }

    /// <summary>Median seconds over <paramref name="reps"/> timed runs after <paramref name="warmup"/> runs.</summary>
    internal static (double median, double[] times) Time(int size, bool backward, int warmup, int reps)
    {
        manual_seed(0);
        var weights = MakeWeights();
        using var x = randn(1, 3, size, size);
        foreach (var (w, b) in weights)
        {
            w.requires_grad = backward;
            b.requires_grad = backward;
        }
        void Once()
        {
            using var scope = NewDisposeScope();
            if (!backward)
            {
                using (no_grad()) Trunk(x, weights);
                return;
            }
            foreach (var (w, b) in weights)
            {
                w.grad = null;
                b.grad = null;
            }
            Trunk(x, weights).sum().backward();
        }
        for (int i = 0; i < warmup; i++) Once();
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            Once();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        foreach (var (w, b) in weights)
        {
            w.Dispose();
            b.Dispose();
        }
        return (Median(times), times);
    }

    internal static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
