using System.Diagnostics;
using System.Globalization;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Metrics;
using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Whole-image training of an FCN (§3.2, §4.3): SGD with momentum over parameter groups with
/// per-parameter lr and decay multipliers, a fixed or poly learning rate, iter_size gradient
/// accumulation, loss sampling, validation and atomic checkpoints every N iterations, a metrics
/// log, and exact resumption from the latest checkpoint. On CPU a run is deterministic for a seed.
/// </summary>
public sealed class Trainer
{
    readonly FcnModel net;
    readonly SampleSource train;
    readonly SampleSource? validation;
    readonly TrainerOptions options;
    readonly IReadOnlyList<ParameterGroups.Group> groups;
    readonly Device device;
    readonly SGD optimizer;
    readonly IReadOnlyList<SGD.ParamGroup> paramGroups;
    readonly Tensor? classWeights;
    readonly List<double> losses = new();

    public Trainer(FcnModel net, SampleSource train, TrainerOptions options, SampleSource? validation = null)
    {
        if (train.Count == 0) throw new ArgumentException("the training source is empty", nameof(train));
        if (options.IterSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.IterSize, "iter_size must be at least 1");
        if (options.CheckpointEvery > 0 && options.Directory is null)
            throw new ArgumentException("checkpoints need a directory (TrainerOptions.Directory)", nameof(options));
        this.net = net;
        device = options.Device is { } d ? d : Devices.Of(net);
        // Before the optimizer is built: moving a module replaces its Parameter objects.
        net.to(device);
        this.train = train;
        this.validation = validation;
        this.options = options;
        groups = ParameterGroups.Split(net, options.Multipliers);
        if (groups.Count == 0) throw new ArgumentException("the net has no parameter to train", nameof(net));
        optimizer = ParameterGroups.Optimizer(groups, options.LearningRate.Base, options.Momentum, options.WeightDecay);
        paramGroups = optimizer.Groups();
        if (options.ClassWeights is { } w)
        {
            if (w.Length != net.NumClasses) throw new ArgumentException($"{w.Length} class weights for {net.NumClasses} classes", nameof(options));
            classWeights = TensorBytes.FromSpan<float>(w, new long[] { w.Length }).to(device).DetachFromDisposeScope();
        }
        manual_seed(options.Seed);
    }

    /// <summary>Iterations done so far.</summary>
    public long Iteration { get; private set; }

    /// <summary>The training loss of each iteration run by this trainer (the mean over its iter_size images).</summary>
    public IReadOnlyList<double> Losses => losses;

    public SegmentationMetrics? LastValidation { get; private set; }

    public event Action<TrainingProgress>? Progress;

    string CheckpointPath(long iteration) => Path.Combine(options.Directory!, $"checkpoint-{iteration:D8}.pth");

    /// <summary>The newest checkpoint in <paramref name="directory"/>, or null.</summary>
    public static string? LatestCheckpoint(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        return Directory.GetFiles(directory, "checkpoint-*.pth")
            .Select(p => (p, ok: long.TryParse(Path.GetFileNameWithoutExtension(p)["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var it), it))
            .Where(x => x.ok).OrderByDescending(x => x.it).Select(x => x.p).FirstOrDefault();
    }

    /// <summary>Restores the latest checkpoint of the run directory, if there is one; returns its iteration (0 if none).</summary>
    public long ResumeFromLatest()
    {
        if (options.Directory is null) return 0;
        var latest = LatestCheckpoint(options.Directory);
        if (latest is null) return 0;
        Restore(latest);
        return Iteration;
    }

    public void Restore(string path)
    {
        using var c = CheckpointFile.Read(path);
        try
        {
            if (c.ModelName != net.GetName() || c.Classes != net.NumClasses || c.Width != net.Trunk.Width)
                throw new ArgumentException($"it holds a {c.ModelName} of width {c.Width} with {c.Classes} classes, this run a {net.GetName()} of width {net.Trunk.Width} with {net.NumClasses}");
            net.load_checked(c.Model);
            c.Optimizer.Restore(optimizer);
        }
        catch (Exception e) when (e is ArgumentException or StateDictException)
        {
            throw new InvalidDataException($"{path}: does not fit this model and optimizer: {e.Message}", e);
        }
        set_rng_state(c.RngState);
        Iteration = c.Iteration;
    }

    public void SaveCheckpoint()
    {
        using var state = SgdState.Capture(optimizer);
        using var rng = get_rng_state();
        var c = new Checkpoint(Iteration, net.GetName(), net.Trunk.Width, net.NumClasses, net.state_dict(), state, rng,
            new Dictionary<string, string>());
        CheckpointFile.Write(CheckpointPath(Iteration), c);
    }

    /// <summary>The training sample for the k-th image drawn since the start of the run.</summary>
    int SampleIndex(long draw)
    {
        if (!options.Shuffle) return (int) (draw % train.Count);
        long epoch = draw / train.Count;
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(EpochSeed(options.Seed, epoch)).Shuffle(order);
        return order[draw % train.Count];
    }

    // Not HashCode.Combine: .NET randomizes it per process, which gave every run (and every test
    // run) its own sample order, hence its own training curve. SplitMix64's finalizer mixes the
    // seed and the epoch the same way in every process.
    internal static int EpochSeed(long seed, long epoch)
    {
        ulong z = unchecked((ulong) seed * 0x9E3779B97F4A7C15UL + (ulong) epoch + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int) (z & int.MaxValue);
    }

    /// <summary>Runs until <see cref="TrainerOptions.MaxIterations"/> (or <paramref name="iterations"/> more).</summary>
    public void Run(long? iterations = null)
    {
        long stop = Math.Min(options.MaxIterations, iterations is { } n ? Iteration + n : options.MaxIterations);
        var log = options.Directory is null ? null : new MetricsLog(options.Directory, Iteration);
        var clock = Stopwatch.StartNew();
        net.train();
        while (Iteration < stop)
        {
            double lr = options.LearningRate.At(Iteration, options.MaxIterations);
            for (int g = 0; g < groups.Count; g++) paramGroups[g].LearningRate = lr * groups[g].Multipliers.LearningRate;
            optimizer.zero_grad(set_to_none: true);
            double loss = 0;
            for (int k = 0; k < options.IterSize; k++)
            {
                using var scope = NewDisposeScope();
                var (image, label) = train[SampleIndex(Iteration * options.IterSize + k)];
                (image, label) = (image.to(device), label.to(device));
                var labels = LossSampling.Sample(label.unsqueeze(0), options.LossKeepProbability, options.LossSamplingStride);
                var scores = net.forward(image.unsqueeze(0));
                var l = SegmentationLoss.CrossEntropy(scores, labels, options.Normalization, classWeights);
                (options.IterSize == 1 ? l : l / options.IterSize).backward();
                loss += l.item<float>() / options.IterSize;
            }
            optimizer.step();
            Iteration++;
            losses.Add(loss);
            log?.Append(new LogEntry("train", Iteration, lr, loss, clock.Elapsed.TotalSeconds));

            SegmentationMetrics? metrics = null;
            if (validation is not null && options.ValidateEvery > 0 && Iteration % options.ValidateEvery == 0)
            {
                metrics = LastValidation = Inference.Evaluate(net, validation).Metrics();
                net.train();
                log?.Append(new LogEntry("val", Iteration, lr, double.NaN, clock.Elapsed.TotalSeconds,
                    metrics.PixelAccuracy, metrics.MeanAccuracy, metrics.MeanIU, metrics.FrequencyWeightedIU));
            }
            if (options.CheckpointEvery > 0 && Iteration % options.CheckpointEvery == 0) SaveCheckpoint();
            Progress?.Invoke(new TrainingProgress(Iteration, options.MaxIterations, loss, lr, clock.Elapsed, metrics));
        }
    }
}
