using System.Globalization;

namespace Workbench.Notebooks.Scales;

/// <summary>
/// What a training notebook runs at one scale: how many synthetic images (0: the real dataset's split),
/// their size, the net's width (1.0 is the paper's; 1/8 divides every channel count by 8), the number
/// of updates per net and the learning rate (below paper scale; at paper scale each net's
/// <see cref="Solvers"/> entry sets the rate).
/// </summary>
public sealed record TrainingScale(Scale Scale, int TrainImages, int TestImages, int Height, int ImageWidth,
                                   double NetWidth, int Updates, double LearningRate)
{
    /// <summary>Below paper scale: the classifier-first recipe the nets are fine-tuned with (null: from a He-normal trunk at the preset's fixed rate).</summary>
    public Miniature? Miniature { get; init; }

    /// <summary>How many seeds a comparing notebook trains its nets with (seed, seed + 1, …): a difference is shown only beyond their spread.</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>The dry run's updates per net (0: none given).</summary>
    public int DryRunIterations { get; init; }

    /// <summary>The dry run's net width (0: none given).</summary>
    public double DryRunWidth { get; init; }

    /// <summary>A dry run: the scale's wiring with fewer updates or narrower nets, to test it, never to judge its numbers.</summary>
    public bool DryRun => DryRunIterations > 0 || DryRunWidth > 0;

    /// <summary>
    /// Whether this run's nets are judged (a collapsed net stops the run, the paper's claims get a verdict):
    /// not at smoke scale, whose seconds of training only prove the pipeline, nor in a dry run.
    /// </summary>
    public bool Judged => Scale.Name != "smoke" && !DryRun;

    /// <summary>
    /// The dry-run knobs of the notebooks' parameters cells, `-p iterations=N` and `-p width=W`: the test
    /// suite's paper-scale dry run (tests/Workbench.Notebooks.Tests/PaperDryRunTests.cs) runs the paper's
    /// wiring — its data layouts, weights files, solvers, stages, evaluation and results — for a handful of
    /// updates of narrow nets on tiny fixture datasets. 0 (the parameters' default) leaves the scale as it is,
    /// so a real run never changes. Values outside the ranges are refused, naming the parameter.
    /// </summary>
    public TrainingScale WithDryRun(int iterations, double width)
    {
        if (iterations < 0)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"-p iterations={iterations}: expected 0 (the scale's updates) or a positive number of updates per net");
        if (!(width >= 0 && width <= 1))
            throw new ArgumentOutOfRangeException(nameof(width), width, string.Create(CultureInfo.InvariantCulture,
                $"-p width={width}: expected 0 (the scale's width) or a width multiplier in (0, 1] (1 is the paper's net)"));
        return this with
        {
            DryRunIterations = iterations, DryRunWidth = width,
            Updates = iterations > 0 ? iterations : Updates, NetWidth = width > 0 ? width : NetWidth,
        };
    }

    public override string ToString() =>
        $"scale {Scale}: " + (Scale.IsPaper ? "the real splits" : $"{TrainImages} train / {TestImages} test synthetic images of {Height}x{ImageWidth}") +
        string.Create(CultureInfo.InvariantCulture, $", net width {NetWidth:0.###}, {Updates} updates") +
        (Scale.IsPaper ? "" : string.Create(CultureInfo.InvariantCulture, $", lr {LearningRate:0.#####}")) +
        (Miniature is { } m && !Scale.IsPaper ? $"; {m}" : "") + (Seeds > 1 ? $"; {Seeds} seeds" : "") +
        (DryRun ? " — a dry run (-p iterations / -p width): the wiring is tested, the numbers mean nothing" : "");
}
