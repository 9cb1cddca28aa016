using Workbench.Fcn.Metrics;

namespace Workbench.Fcn.Training;

/// <summary>What the trainer reports after each iteration (the CLI draws a progress bar from it).</summary>
public sealed record TrainingProgress(long Iteration, long MaxIterations, double Loss, double LearningRate, TimeSpan Elapsed,
    SegmentationMetrics? Validation);
