using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Notebooks.Display;

/// <summary>An 8-bit RGB image (rows top to bottom, channels interleaved) that shows itself as a PNG.</summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Png, MimeTypes.Plain })]
public sealed class RgbImage : IDisplayable
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"an image needs a positive size, not {width}x{height}");
        if (pixels.Length != (long) width * height * 3)
            throw new ArgumentException($"a {width}x{height} RGB image has {width * height * 3} bytes, not {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte[] ToPng() => PngEncoder.Encode(Pixels, Width, Height, 3);

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Png] = Convert.ToBase64String(ToPng()),
        [MimeTypes.Plain] = ToString(),
    };

    public override string ToString() => $"RgbImage {Width}x{Height}";

    /// <summary>
    /// From a uint8 tensor shaped [H, W, 3], [3, H, W] or [H, W] (grey). Floating-point images must be
    /// scaled to 0–255 and converted by the caller: only they know whether a mean was subtracted.
    /// </summary>
    public static RgbImage FromTensor(Tensor image)
    {
        if (image.dtype != ScalarType.Byte)
            throw new ArgumentException($"RgbImage.FromTensor expects a uint8 tensor, not {image.dtype.Name()}; scale to 0..255 and call .to(ScalarType.Byte) first");
        var shape = image.shape;
        using var scope = NewDisposeScope();
        Tensor hwc = shape.Length switch
        {
            2 => image.unsqueeze(-1).expand(shape[0], shape[1], 3),
            3 when shape[2] == 3 => image,
            3 when shape[0] == 3 => image.permute(1, 2, 0),
            _ => throw new ArgumentException($"RgbImage.FromTensor expects [H, W, 3], [3, H, W] or [H, W], not [{string.Join(", ", shape)}]"),
        };
        hwc = hwc.cpu().contiguous();
        var s = hwc.shape;
        return new RgbImage(checked((int) s[1]), checked((int) s[0]), hwc.ToArray<byte>());
    }

    /// <summary>A label map ([H, W], any integer type) in class colours; labels outside the palette show as its void colour.</summary>
    public static RgbImage FromLabels(Tensor labels, ClassPalette? palette = null)
    {
        var shape = labels.shape;
        if (shape.Length != 2) throw new ArgumentException($"a label map is [H, W], not [{string.Join(", ", shape)}]", nameof(labels));
        using var scope = NewDisposeScope();
        var values = labels.cpu().to(ScalarType.Int64).contiguous().ToArray<long>();
        return FromLabels(values, checked((int) shape[1]), checked((int) shape[0]), palette);
    }

    public static RgbImage FromLabels(IReadOnlyList<long> labels, int width, int height, ClassPalette? palette = null)
    {
        if (labels.Count != (long) width * height)
            throw new ArgumentException($"a {width}x{height} label map has {width * height} labels, not {labels.Count}", nameof(labels));
        palette ??= ClassPalette.Voc(256);
        var pixels = new byte[labels.Count * 3];
        for (int i = 0; i < labels.Count; i++)
        {
            var (r, g, b) = palette[labels[i]];
            pixels[3 * i] = r;
            pixels[3 * i + 1] = g;
            pixels[3 * i + 2] = b;
        }
        return new RgbImage(width, height, pixels);
    }
}
