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

    /// <summary>Per-parameter multipliers (null: biases 2× lr and no decay, fixed parameters left out).</summary>
    public Func<string, TorchSharp.Modules.Parameter, Multipliers?>? Multipliers { get; init; }
}
