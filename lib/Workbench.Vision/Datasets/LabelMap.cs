using Workbench.Torch;

namespace Workbench.Vision.Datasets;

/// <summary>
/// Per-pixel class indices, 0..n−1, with <see cref="Void"/> (255) for pixels that are ignored in
/// training and evaluation — the convention of every FCN reference data layer.
/// </summary>
public sealed class LabelMap
{
    public const byte Void = 255;

    public LabelMap(int height, int width, byte[]? data = null)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"a label map needs positive sizes, got {height}×{width}");
        if (data is not null && data.Length != height * width)
            throw new ArgumentException($"{data.Length} labels cannot fill a {height}×{width} map");
        Height = height;
        Width = width;
        Data = data ?? new byte[height * width];
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Row-major [H, W].</summary>
    public byte[] Data { get; }

    public byte this[int y, int x]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    /// <summary>Throws if a label is neither void nor below <paramref name="classCount"/>.</summary>
    public void Validate(int classCount, string source)
    {
        for (int i = 0; i < Data.Length; i++)
        {
            var v = Data[i];
            if (v != Void && v >= classCount)
                throw new InvalidDataException(
                    $"{source}: label {v} at (y={i / Width}, x={i % Width}) is outside 0..{classCount - 1} (and not void {Void})");
        }
    }

    /// <summary>Pixel counts per class (index n counts void).</summary>
    public long[] Histogram(int classCount)
    {
        var h = new long[classCount + 1];
        foreach (var v in Data) h[v < classCount ? v : classCount]++;
        return h;
    }

    /// <summary>A new int64 tensor [H, W] (the loss and the metrics take int64 targets).</summary>
    public torch.Tensor ToTensor()
    {
        var wide = new long[Data.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = Data[i];
        return torch.tensor<long>(wide, new long[] { Height, Width });
    }
}
