namespace Workbench.Vision.Datasets.Classification;

/// <summary>
/// An image-classification split held in memory: <see cref="Count"/> grey images of
/// <see cref="Height"/>×<see cref="Width"/> bytes, one class label each. Items are read-only
/// spans, so several threads can read one set.
/// </summary>
public sealed class ClassificationSet
{
    readonly byte[] pixels;
    readonly byte[] labels;

    public ClassificationSet(string name, int height, int width, byte[] pixels, byte[] labels, IReadOnlyList<string> classNames)
    {
        if (height < 1 || width < 1) throw new ArgumentException($"{name}: images must be at least 1×1, got {height}×{width}");
        if (pixels.LongLength != (long) labels.Length * height * width)
            throw new ArgumentException($"{name}: {labels.Length} labels need {(long) labels.Length * height * width} pixel bytes of {height}×{width} images, got {pixels.LongLength}");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classNames.Count)
                throw new InvalidDataException($"{name}: item {i} has label {labels[i]}, outside 0..{classNames.Count - 1}");
        Name = name;
        Height = height;
        Width = width;
        this.pixels = pixels;
        this.labels = labels;
        ClassNames = classNames;
    }

    public string Name { get; }
    public int Count => labels.Length;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Row-major grey bytes of item <paramref name="index"/> (0 black … 255 white).</summary>
    public ReadOnlySpan<byte> Image(int index) => pixels.AsSpan(Check(index) * Height * Width, Height * Width);

    public int Label(int index) => labels[Check(index)];

    /// <summary>The first <paramref name="count"/> items (all of them when there are fewer).</summary>
    public ClassificationSet Take(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"{Name}: a count must be ≥ 0");
        int n = Math.Min(count, Count);
        return new ClassificationSet(Name, Height, Width, pixels[..(n * Height * Width)], labels[..n], ClassNames);
    }

    int Check(int index) =>
        (uint) index < (uint) Count ? index : throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: index {index} is outside 0..{Count - 1}");
}
