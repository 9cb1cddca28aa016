using Workbench.Fcn.Losses;

namespace Workbench.Fcn.Training;

/// <summary>
/// Solver settings. Defaults are the reference voc-fcn32s solver (fixed lr 1e-10, momentum 0.99,
/// weight decay 5e-4, summed loss, one image per iteration); FCN-AlexNet used lr 1e-4, momentum
/// 0.9, iter_size 20 and a normalized loss; §4.3 of the paper momentum 0.9, lr 1e-4, batches of 20.
/// </summary>
public sealed record TrainerOptions
{
    public LearningRate LearningRate { get; init; } = new LearningRate.Fixed(1e-10);
    public double Momentum { get; init; } = 0.99;
    public double WeightDecay { get; init; } = 5e-4;
    public long MaxIterations { get; init; } = 100_000;

    /// <summary>Images whose gradients accumulate into one update (Caffe's iter_size); each contributes 1/iter_size.</summary>
    public int IterSize { get; init; } = 1;

    public LossNormalization Normalization { get; init; } = LossNormalization.Sum;

    /// <summary>Loss sampling keep probability p (§3.4); 1 = the whole image.</summary>
    public double LossKeepProbability { get; init; } = 1.0;

    /// <summary>Cell size for loss sampling: the net's output stride.</summary>
    public long LossSamplingStride { get; init; } = 32;

    public float[]? ClassWeights { get; init; }

    /// <summary>Validate every N iterations (0: never).</summary>
    public long ValidateEvery { get; init; }

    /// <summary>Checkpoint every N iterations (0: never); needs <see cref="Directory"/>.</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Where checkpoints and the metrics log go (null: nowhere).</summary>
    public string? Directory { get; init; }

    /// <summary>Seeds the torch generator (dropout, loss sampling) and the sample order.</summary>
    public long Seed { get; init; }

    /// <summary>Visit samples in a fresh random order each epoch (false: in index order).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Where to train: the net is moved there before the optimizer is built (null: where the net is).</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>
    /// The type the net computes in. <see cref="Engine.Precision.Bf16"/>: mixed precision — bfloat16
    /// forward and backward passes, float32 master weights that the optimizer updates and checkpoints
    /// save, gradients accumulated and the loss reduced in float32 (docs/precision.md).
    /// </summary>
    public Workbench.Engine.Precision Precision { get; init; } = Workbench.Engine.Precision.Fp32;

    /// <summary>Per-parameter multipliers (null: biases 2× lr and no decay, fixed parameters left out).</summary>
    public Func<string, TorchSharp.Modules.Parameter, Multipliers?>? Multipliers { get; init; }

    /// <summary>Checkpoints kept in <see cref="Directory"/>, the newest (0: all). Older ones are removed after each save.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>
    /// Start over in a <see cref="Directory"/> that holds another run: its checkpoints, metrics and
    /// final weights are removed first. Without it (and without resuming) such a directory is refused.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Refuses settings no run can use — NaN, negative or absurd rates, momenta, sizes and intervals —
    /// before anything is allocated, with the range each accepts.
    /// </summary>
    public void Validate()
    {
        static void Check(bool ok, string name, object value, string range)
        {
            if (!ok) throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} is {value}; accepted: {range}"));
        }
        double lr = LearningRate.Base;
        Check(double.IsFinite(lr) && lr > 0 && lr <= 1, "learning rate", lr, "a number in (0, 1] (the reference FCNs use 1e-10 to 1e-4)");
        if (LearningRate is LearningRate.Poly poly)
            Check(double.IsFinite(poly.Power) && poly.Power > 0 && poly.Power <= 10, "poly power", poly.Power, "a number in (0, 10]");
        Check(double.IsFinite(Momentum) && Momentum >= 0 && Momentum < 1, "momentum", Momentum, "[0, 1) (the reference: 0.9 or 0.99)");
        Check(double.IsFinite(WeightDecay) && WeightDecay >= 0 && WeightDecay < 1, "weight decay", WeightDecay, "[0, 1) (the reference: 5e-4)");
        Check(MaxIterations is >= 1 and <= 1_000_000_000, "iterations", MaxIterations, "1 to 1,000,000,000");
        Check(IterSize is >= 1 and <= 10_000, "iter size", IterSize, "1 to 10,000 images per update");
        Check(double.IsFinite(LossKeepProbability) && LossKeepProbability > 0 && LossKeepProbability <= 1, "loss keep probability", LossKeepProbability, "(0, 1]");
        Check(LossSamplingStride is >= 1 and <= 1024, "loss sampling stride", LossSamplingStride, "1 to 1024 pixels");
        Check(ValidateEvery is >= 0 and <= 1_000_000_000, "validation interval", ValidateEvery, "0 (never) to 1,000,000,000 iterations");
        Check(CheckpointEvery is >= 0 and <= 1_000_000_000, "checkpoint interval", CheckpointEvery, "0 (never) to 1,000,000,000 iterations");
        Check(KeepCheckpoints is >= 0 and <= 1_000_000, "checkpoints kept", KeepCheckpoints, "0 (all) to 1,000,000");
        if (ClassWeights is { } w)
            for (int i = 0; i < w.Length; i++)
                Check(float.IsFinite(w[i]) && w[i] >= 0, $"class weight {i}", w[i], "a finite number ≥ 0");
        if (CheckpointEvery > 0 && Directory is null)
            throw new ArgumentException("checkpoints need a directory (TrainerOptions.Directory)");
    }
}
