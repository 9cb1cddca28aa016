using System.Diagnostics;
using Workbench.Fcn.Metrics;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// SGD on a loss the caller computes, for nets that <see cref="Trainer"/> does not fit: a
/// two-headed net with a summed loss (SIFT Flow), a late-fusion net of two streams (NYUDv2).
/// The same parameter groups as the trainer (reference rule: biases 2× lr, no decay; fixed
/// parameters left out), one update per iteration, and the loss and elapsed time of each
/// iteration recorded, so these nets compare fairly with each other on time as well.
/// </summary>
public sealed class LossTraining
{
    readonly nn.Module net;
    readonly SGD optimizer;
    readonly IReadOnlyList<ParameterGroups.Group> groups;
    readonly double learningRate;
    readonly List<double> losses = new();
    readonly List<double> seconds = new();
    readonly Stopwatch clock = new();

    public LossTraining(nn.Module net, double learningRate, double momentum = 0.9, double weightDecay = 5e-4,
        Func<string, Parameter, Multipliers?>? multipliers = null)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be positive");
        this.net = net;
        this.learningRate = learningRate;
        groups = ParameterGroups.Split(net, multipliers);
        if (groups.Count == 0) throw new ArgumentException("the net has no parameter to train", nameof(net));
        optimizer = ParameterGroups.Optimizer(groups, learningRate, momentum, weightDecay);
    }

    public long Iteration { get; private set; }

    /// <summary>The loss of each iteration.</summary>
    public IReadOnlyList<double> Losses => losses;

    /// <summary>Seconds of training (updates only, not evaluation) when each iteration ended.</summary>
    public IReadOnlyList<double> Seconds => seconds;

    public double LearningRate => learningRate;

    /// <summary>
    /// Runs <paramref name="iterations"/> updates; <paramref name="loss"/> gives the loss of the
    /// k-th iteration (counting from 0 over the whole run) as a scalar tensor with a graph.
    /// </summary>
    public void Run(long iterations, Func<long, Tensor> loss, Action<long, double>? progress = null)
    {
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "iterations must be ≥ 0");
        net.train();
        for (long k = 0; k < iterations; k++)
        {
            clock.Start();
            double value;
            using (var scope = NewDisposeScope())
            {
                optimizer.zero_grad(set_to_none: true);
                var l = loss(Iteration);
                if (l.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got [{string.Join(", ", l.shape)}]", nameof(loss));
                l.backward();
                value = l.item<float>();
                if (!double.IsFinite(value))
                    throw new InvalidOperationException($"iteration {Iteration + 1}: the loss is {value}; lower the learning rate ({learningRate})");
                optimizer.step();
            }
            clock.Stop();
            Iteration++;
            losses.Add(value);
            seconds.Add(clock.Elapsed.TotalSeconds);
            progress?.Invoke(Iteration, value);
        }
    }

    /// <summary>
    /// One confusion matrix over <paramref name="count"/> samples: <paramref name="sample"/> gives an
    /// input batch [1, C, H, W] and its labels [H, W]; <paramref name="scores"/> turns the net's
    /// output into the [1, classes, H, W] scores to evaluate (e.g. one head of a two-headed net).
    /// </summary>
    public static ConfusionMatrix Evaluate(nn.Module<Tensor, Tensor> net, int count, Func<int, (Tensor Input, Tensor Label)> sample,
        int numClasses, Func<Tensor, Tensor>? scores = null)
    {
        var matrix = new ConfusionMatrix(numClasses);
        bool wasTraining = net.training;
        net.eval();
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                var (input, label) = sample(i);
                var output = net.forward(input);
                var s = scores is null ? output : scores(output);
                if (s.ndim != 4 || s.shape[0] != 1 || s.shape[1] != numClasses)
                    throw new ArgumentException($"sample {i}: scores must be [1, {numClasses}, H, W], got [{string.Join(", ", s.shape)}]");
                matrix.Add(label, s.select(0, 0).argmax(0));
            }
        }
        finally
        {
            net.train(wasTraining);
        }
        return matrix;
    }
}
