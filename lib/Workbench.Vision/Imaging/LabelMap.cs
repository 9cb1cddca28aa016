namespace Workbench.Vision.Imaging;

/// <summary>
/// Per-pixel class indices, row-major (H×W). 255 marks void pixels, as in PASCAL VOC.
/// </summary>
public sealed class LabelMap
{
    public const byte Void = 255;

    public LabelMap(int width, int height, byte[] indices)
    {
        ImageChecks.Size(width, height);
        if (indices.LongLength != (long) width * height)
            throw new ArgumentException($"a {width}x{height} label map needs {(long) width * height} indices, got {indices.LongLength}", nameof(indices));
        Width = width;
        Height = height;
        Indices = indices;
    }

    public LabelMap(int width, int height) : this(width, height, new byte[checked(width * height)]) { }

    public int Width { get; }
    public int Height { get; }
    public byte[] Indices { get; }

    public byte this[int y, int x]
    {
        get => Indices[(long) y * Width + x];
        set => Indices[(long) y * Width + x] = value;
    }

    /// <summary>The indices of a one-channel image (a palette PNG's, or an 8-bit gray PNG's values).</summary>
    public static LabelMap FromImage(Image image, string source = "image")
    {
        if (image.Channels != 1)
            throw new InvalidDataException($"{source}: a label map needs a palette or 8-bit gray image, got {image.Channels} channels");
        return new LabelMap(image.Width, image.Height, image.Pixels);
    }

    /// <summary>As a one-channel image with the given palette (VOC's by default), ready for PNG.</summary>
    public Image ToImage(Palette? palette = null) => new(Width, Height, 1, Indices, palette ?? Palette.Voc);

    /// <summary>Nearest-neighbour resize: labels are categories, never blended.</summary>
    public LabelMap Resize(int width, int height) =>
        new(width, height, Resample.Nearest(Indices, Width, Height, 1, width, height));

    public LabelMap MirrorHorizontal() => new(Width, Height, Geometry.Mirror(Indices, Width, Height, 1));

    public LabelMap Crop(int x, int y, int width, int height) =>
        new(width, height, Geometry.Crop(Indices, Width, Height, 1, x, y, width, height));

    /// <summary>Pixel count per index 0..255.</summary>
    public long[] Histogram()
    {
        var counts = new long[256];
        foreach (var v in Indices) counts[v]++;
        return counts;
    }

    public override string ToString() => $"LabelMap {Width}x{Height}";
}
