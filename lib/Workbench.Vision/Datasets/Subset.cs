namespace Workbench.Vision.Datasets;

/// <summary>Some items of another dataset, in a given order (small-scale runs, held-out parts, debugging one image).</summary>
public sealed class Subset : ISegmentationDataset
{
    readonly ISegmentationDataset source;
    readonly int[] indices;

    public Subset(ISegmentationDataset source, IEnumerable<int> indices, string? name = null)
    {
        this.source = source;
        this.indices = indices.ToArray();
        foreach (var i in this.indices)
            if ((uint) i >= (uint) source.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"{source.Name}: index {i} is outside 0..{source.Count - 1}");
        Name = name ?? $"{source.Name}[{this.indices.Length}]";
    }

    public string Name { get; }
    public int Count => indices.Length;
    public IReadOnlyList<string> Inputs => source.Inputs;
    public IReadOnlyList<LabelTask> Tasks => source.Tasks;
    public IReadOnlyList<string> ClassNames => source.ClassNames;

    /// <summary>The index in the source dataset of item <paramref name="index"/>.</summary>
    public int SourceIndex(int index) =>
        (uint) index < (uint) indices.Length ? indices[index]
            : throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: index {index} is outside 0..{indices.Length - 1}");

    public string IdAt(int index) => source.IdAt(SourceIndex(index));
    public SegmentationSample Get(int index) => source.Get(SourceIndex(index));
}

public static class DatasetExtensions
{
    /// <summary>The first <paramref name="count"/> items (all if there are fewer).</summary>
    public static ISegmentationDataset Take(this ISegmentationDataset set, int count) =>
        new Subset(set, Enumerable.Range(0, Math.Clamp(count, 0, set.Count)));

    public static ISegmentationDataset Subset(this ISegmentationDataset set, IEnumerable<int> indices, string? name = null) =>
        new Subset(set, indices, name);

    /// <summary>The item with id <paramref name="id"/> (linear search over <see cref="ISegmentationDataset.IdAt"/>).</summary>
    public static SegmentationSample GetById(this ISegmentationDataset set, string id)
    {
        for (int i = 0; i < set.Count; i++)
            if (set.IdAt(i) == id) return set.Get(i);
        throw new KeyNotFoundException($"{set.Name}: no item with id '{id}'");
    }
}
