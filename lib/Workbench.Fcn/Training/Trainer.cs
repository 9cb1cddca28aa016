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
        options.Validate();
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

    /// <summary>Why the run stopped before its last iteration (a loss that became NaN or infinite), or null.</summary>
    public TrainingStop? Stopped { get; private set; }

    bool resumed, prepared;

    string CheckpointPath(long iteration) => Path.Combine(options.Directory!, RunDirectory.CheckpointName(iteration));

    /// <summary>The newest checkpoint in <paramref name="directory"/>, or null.</summary>
    public static string? LatestCheckpoint(string directory) => RunDirectory.Checkpoints(directory).LastOrDefault().Path;

    /// <summary>
    /// Restores the newest readable checkpoint of the run directory, if there is one; returns its
    /// iteration (0 if none). A checkpoint that cannot be read (torn, damaged) is passed over for the
    /// one before it, and <paramref name="warn"/> is told which and why; one that reads but does not
    /// fit this model is an error.
    /// </summary>
    public long ResumeFromLatest(Action<string>? warn = null)
    {
        resumed = true;
        if (options.Directory is null) return 0;
        var checkpoints = RunDirectory.Checkpoints(options.Directory);
        for (int i = checkpoints.Count - 1; i >= 0; i--)
        {
            Checkpoint c;
            try
            {
                c = CheckpointFile.Read(checkpoints[i].Path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // Torn by a kill or damaged on disk: the one before it is a whole checkpoint of this run.
                var previous = i > 0 ? $"resuming from {Path.GetFileName(checkpoints[i - 1].Path)} instead" : "no older checkpoint to resume from";
                warn?.Invoke($"{checkpoints[i].Path} cannot be read ({e.Message}); {previous}");
                continue;
            }
            using (c) Apply(c, checkpoints[i].Path);
            return Iteration;
        }
        return 0;
    }

    public void Restore(string path)
    {
        using var c = CheckpointFile.Read(path);
        Apply(c, path);
    }

    void Apply(Checkpoint c, string path)
    {
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
        RunDirectory.Prune(options.Directory!, options.KeepCheckpoints);
    }

    // Once, before the first iteration: a directory that holds another run is neither mixed into nor
    // silently reused; what a killed writer left is removed.
    void PrepareDirectory()
    {
        if (prepared || options.Directory is not { } dir) return;
        RunDirectory.CheckReusable(dir, resume: resumed || Iteration > 0, overwrite: options.Overwrite);
        Directory.CreateDirectory(dir);
        RunDirectory.RemoveStaleTemporaries(dir);
        if (options.Overwrite && Iteration == 0) RunDirectory.Clear(dir);
        prepared = true;
    }

    // A checkpoint of this very iteration holds the weights that are no longer finite, if they are not.
    string? LastGoodCheckpoint(bool weightsFinite)
    {
        if (options.Directory is null) return null;
        var good = RunDirectory.Checkpoints(options.Directory).Where(c => weightsFinite || c.Iteration < Iteration);
        return good.LastOrDefault().Path;
    }

    bool WeightsAreFinite()
    {
        using var scope = NewDisposeScope();
        return net.parameters().All(p => p.isfinite().all().item<bool>());
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
        PrepareDirectory();
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
            if (!double.IsFinite(loss))
            {
                // No step: the weights stay those of the last finite loss, and nothing diverged is saved.
                optimizer.zero_grad(set_to_none: true);
                losses.Add(loss);
                log?.Append(new LogEntry("train", Iteration + 1, lr, loss, clock.Elapsed.TotalSeconds));
                bool finite = WeightsAreFinite();
                Stopped = new TrainingStop(Iteration + 1, loss, LastGoodCheckpoint(finite), finite);
                return;
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
