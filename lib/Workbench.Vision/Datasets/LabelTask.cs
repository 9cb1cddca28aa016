namespace Workbench.Vision.Datasets;

/// <summary>
/// One labelling of the pixels: its name (the key in <see cref="SegmentationSample.Labels"/>) and
/// its classes. SIFT Flow has two ("semantic", "geometric"); the other datasets one ("semantic").
/// </summary>
/// <param name="EvaluatedClasses">The classes that count in evaluation (all when null) — SIFT Flow
/// leaves out cow, desert and moon, which never occur in its test split.</param>
public sealed record LabelTask(string Name, IReadOnlyList<string> ClassNames, IReadOnlyList<int>? EvaluatedClasses = null)
{
    public const string Semantic = "semantic";
    public const string Geometric = "geometric";

    public int ClassCount => ClassNames.Count;
}
