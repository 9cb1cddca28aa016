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
/// The one training loop (§3.2, §4.3): SGD with momentum over parameter groups with per-parameter lr
/// and decay multipliers, a fixed or poly learning rate, iter_size gradient accumulation, validation
/// and atomic checkpoints every N iterations, a metrics log, exact resumption from the latest
/// checkpoint, and a stop with the last good checkpoint named when the loss stops being finite.
/// It trains any module on a loss the caller gives per training image — a two-headed net's summed
/// loss, a late-fusion net on its stacked inputs — and an FCN on a <see cref="SampleSource"/> with
/// the segmentation loss, loss sampling and class weights of <see cref="TrainerOptions"/>. Images are
/// drawn in an <see cref="EpochOrder"/> built once; on CPU a run is deterministic for a seed.
/// </summary>
public sealed class Trainer
{
    readonly nn.Module net;
    readonly Func<int, Tensor> imageLoss;
    readonly Func<SegmentationMetrics>? validate;
    readonly EpochOrder order;
    readonly TrainerOptions options;
    readonly IReadOnlyList<ParameterGroups.Group> groups;
    readonly Device device;
    readonly SGD optimizer;
    readonly IReadOnlyList<SGD.ParamGroup> paramGroups;
    readonly (string Name, double Width, long Classes) identity;
    readonly string className;
    readonly List<double> losses = new();
    readonly List<double> seconds = new();
    readonly Stopwatch updateClock = new();
    // Mixed precision: the float32 weights the optimizer updates while the net computes in bfloat16.
    readonly MasterWeights? masters;

    /// <summary>
    /// An FCN on whole images from <paramref name="train"/>: per image the cross-entropy of
    /// <see cref="TrainerOptions.Normalization"/>, over the cells loss sampling keeps, with the class weights.
    /// </summary>
    public Trainer(FcnModel net, SampleSource train, TrainerOptions options, SampleSource? validation = null)
        : this(net, train.Count, options, validation is null ? null : () => Inference.Evaluate(net, validation).Metrics())
    {
        Tensor? classWeights = null;
        if (options.ClassWeights is { } w)
        {
            if (w.Length != net.NumClasses) throw new ArgumentException($"{w.Length} class weights for {net.NumClasses} classes", nameof(options));
            classWeights = TensorBytes.FromSpan<float>(w, new long[] { w.Length }).to(device).DetachFromDisposeScope();
        }
        imageLoss = i =>
        {
            var (image, label) = train[i];
            var labels = LossSampling.Sample(label.to(device).unsqueeze(0), options.LossKeepProbability, options.LossSamplingStride);
            var scores = net.forward(Inference.InputFor(net, image.unsqueeze(0)));
            // The softmax and the sum over pixels in float32: a bfloat16 sum of 250,000 terms keeps 3 digits.
            return SegmentationLoss.CrossEntropy(scores.to(ScalarType.Float32), labels, options.Normalization, classWeights);
        };
    }

    /// <summary>
    /// Any module, on the loss <paramref name="loss"/> gives for training image i (0 ≤ i &lt;
    /// <paramref name="trainImages"/>): a scalar with its graph, computed on the net's device. The
    /// options' loss normalization, loss sampling and class weights are the loss's to apply, not the
    /// trainer's. <paramref name="validate"/>, if given, runs every <see cref="TrainerOptions.ValidateEvery"/>.
    /// In mixed precision the net's parameters are bfloat16 while <see cref="Run"/> runs: cast the
    /// input with <see cref="Inference.InputFor"/> and the scores to float32 before the loss.
    /// </summary>
    public Trainer(nn.Module net, int trainImages, Func<int, Tensor> loss, TrainerOptions options, Func<SegmentationMetrics>? validate = null)
        : this(net, trainImages, options, validate)
    {
        imageLoss = loss;
    }

    Trainer(nn.Module net, int trainImages, TrainerOptions options, Func<SegmentationMetrics>? validate)
    {
        if (trainImages < 1) throw new ArgumentException("the training source is empty", nameof(trainImages));
        options.Validate();
        this.net = net;
        this.options = options;
        this.validate = validate;
        imageLoss = null!;   // set by the public constructor that chose the loss
        // The zoo's name ("fcn8s-alexnet"), so eval and predict rebuild the net from a checkpoint alone.
        identity = net is FcnModel f ? (ModelZoo.NameOf(f) ?? f.GetName(), f.Trunk.Width, f.NumClasses) : (net.GetName(), 0, 0);
        className = net.GetName();
        device = options.Device is { } d ? d : Devices.Of(net);
        // Before the optimizer is built: moving a module replaces its Parameter objects.
        net.to(device);
        order = new EpochOrder(trainImages, options.Seed, options.Shuffle);
        groups = ParameterGroups.Split(net, options.Multipliers);
        if (groups.Count == 0) throw new ArgumentException("the net has no parameter to train", nameof(net));
        if (options.Precision != Precision.Fp32)
        {
            masters = new MasterWeights(net);
            groups = groups.Select(g => g with { Parameters = g.Parameters.Select(p => (p.Name, masters[p.Name])).ToList() }).ToList();
        }
        optimizer = ParameterGroups.Optimizer(groups, options.LearningRate.Base, options.Momentum, options.WeightDecay);
        paramGroups = optimizer.Groups();
        manual_seed(options.Seed);
    }

    /// <summary>Iterations done so far.</summary>
    public long Iteration { get; private set; }

    /// <summary>The training loss of each iteration run by this trainer (the mean over its iter_size images).</summary>
    public IReadOnlyList<double> Losses => losses;

    /// <summary>
    /// Seconds of training when each iteration of <see cref="Losses"/> ended: the updates only, not
    /// validation or checkpoints, so nets compare on the cost of training alone.
    /// </summary>
    public IReadOnlyList<double> Seconds => seconds;

    public SegmentationMetrics? LastValidation { get; private set; }

    public event Action<TrainingProgress>? Progress;

    /// <summary>Why the run stopped before its last iteration (a loss that became NaN or infinite), or null.</summary>
    public TrainingStop? Stopped { get; private set; }

    /// <summary>Throws with <see cref="TrainingStop.Message"/>, naming <paramref name="name"/>, if the run stopped early.</summary>
    public void ThrowIfStopped(string name)
    {
        if (Stopped is { } stop) throw new InvalidOperationException($"{name}: {stop.Message}");
    }

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
            // Checkpoints written before the zoo name was recorded hold the class name ("Fcn8s").
            if (c.ModelName != identity.Name && c.ModelName != className || c.Classes != identity.Classes || c.Width != identity.Width)
                throw new ArgumentException($"it holds a {c.ModelName} of width {c.Width} with {c.Classes} classes, this run a {identity.Name} of width {identity.Width} with {identity.Classes}");
            net.load_checked(c.Model);
            masters?.PullWeights();
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
        var c = new Checkpoint(Iteration, identity.Name, identity.Width, identity.Classes, masters?.StateDict() ?? net.state_dict(), state, rng,
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
        return optimizer.Groups().SelectMany(g => g.Parameters).All(p => p.isfinite().all().item<bool>());
    }

    /// <summary>Runs until <see cref="TrainerOptions.MaxIterations"/> (or <paramref name="iterations"/> more).</summary>
    public void Run(long? iterations = null)
    {
        // Mixed precision: bfloat16 while the loop runs; the net leaves it float32, with the masters' exact values.
        masters?.CastModule(options.Precision.DType());
        // What the rule leaves out of the solver is fixed for this run, so backward stops short of it:
        // FCN-32s-fixed's update is then its forward pass and score_fr's gradient, not a whole backward pass.
        var trained = groups.SelectMany(g => g.Parameters.Select(p => p.Name)).ToHashSet();
        var frozen = net.named_parameters().Where(np => np.parameter.requires_grad && !trained.Contains(np.name)).Select(np => np.parameter).ToList();
        foreach (var p in frozen) p.requires_grad = false;
        try
        {
            Loop(iterations);
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad = true;
            masters?.Restore();
        }
    }

    void Loop(long? iterations)
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
            updateClock.Start();
            optimizer.zero_grad(set_to_none: true);
            double loss = 0;
            for (int k = 0; k < options.IterSize; k++)
            {
                using var scope = NewDisposeScope();
                int image = order.At(Iteration * options.IterSize + k);
                var l = imageLoss(image);
                if (l.numel() != 1) throw new ArgumentException($"training image {image}: the loss must be a scalar, got [{string.Join(", ", l.shape)}]");
                // Caffe's iter_size: each image's gradient counts 1/iter_size of the update.
                (options.IterSize == 1 ? l : l / options.IterSize).backward();
                masters?.AccumulateGradients();
                loss += l.item<float>() / options.IterSize;
            }
            if (!double.IsFinite(loss))
            {
                // No step: the weights stay those of the last finite loss, and nothing diverged is saved.
                updateClock.Stop();
                optimizer.zero_grad(set_to_none: true);
                losses.Add(loss);
                seconds.Add(updateClock.Elapsed.TotalSeconds);
                log?.Append(new LogEntry("train", Iteration + 1, lr, loss, clock.Elapsed.TotalSeconds));
                bool finite = WeightsAreFinite();
                Stopped = new TrainingStop(Iteration + 1, loss, LastGoodCheckpoint(finite), finite);
                return;
            }
            optimizer.step();
            masters?.PushWeights();
            updateClock.Stop();
            Iteration++;
            losses.Add(loss);
            seconds.Add(updateClock.Elapsed.TotalSeconds);
            log?.Append(new LogEntry("train", Iteration, lr, loss, clock.Elapsed.TotalSeconds));

            SegmentationMetrics? metrics = null;
            if (validate is not null && options.ValidateEvery > 0 && Iteration % options.ValidateEvery == 0)
            {
                metrics = LastValidation = validate();
                net.train();
                log?.Append(new LogEntry("val", Iteration, lr, double.NaN, clock.Elapsed.TotalSeconds,
                    metrics.PixelAccuracy, metrics.MeanAccuracy, metrics.MeanIU, metrics.FrequencyWeightedIU));
            }
            if (options.CheckpointEvery > 0 && Iteration % options.CheckpointEvery == 0) SaveCheckpoint();
            Progress?.Invoke(new TrainingProgress(Iteration, options.MaxIterations, loss, lr, clock.Elapsed, metrics));
        }
    }
}
