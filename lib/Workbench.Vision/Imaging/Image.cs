namespace Workbench.Vision.Imaging;

/// <summary>
/// An 8-bit image: <see cref="Pixels"/> row-major, channels interleaved (HWC) in RGB order.
/// Channels: 1 gray (or palette indices when <see cref="Palette"/> is set), 2 gray+alpha, 3 RGB, 4 RGBA.
/// </summary>
public sealed class Image
{
    public Image(int width, int height, int channels, byte[] pixels, Palette? palette = null)
    {
        ImageChecks.Size(width, height);
        if (channels is < 1 or > 4) throw new ArgumentException($"an image has 1 to 4 channels, not {channels}", nameof(channels));
        if (pixels.LongLength != (long) width * height * channels)
            throw new ArgumentException(
                $"a {width}x{height}x{channels} image needs {(long) width * height * channels} bytes, got {pixels.LongLength}", nameof(pixels));
        if (palette is not null && channels != 1)
            throw new ArgumentException("only a one-channel image holds palette indices", nameof(palette));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
        Palette = palette;
    }

    /// <summary>A new black image.</summary>
    public Image(int width, int height, int channels = 3)
        : this(width, height, channels, new byte[checked(width * height * channels)]) { }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    /// <summary>Set when the pixels are indices into this palette (a PNG of colour type 3).</summary>
    public Palette? Palette { get; }

    public bool HasPalette => Palette is not null;

    public byte this[int y, int x, int c] => Pixels[((long) y * Width + x) * Channels + c];

    /// <summary>Three-channel RGB: palette indices looked up, gray replicated, alpha dropped.</summary>
    public Image ToRgb()
    {
        if (Channels == 3) return this;
        var rgb = new byte[checked(Width * Height * 3)];
        int n = Width * Height;
        var src = Pixels;
        if (Palette is { } palette)
        {
            var colors = palette.Colors;
            for (int i = 0; i < n; i++)
            {
                int k = src[i];
                if (k < palette.Count)
                {
                    rgb[3 * i] = colors[3 * k];
                    rgb[3 * i + 1] = colors[3 * k + 1];
                    rgb[3 * i + 2] = colors[3 * k + 2];
                }
            }
        }
        else
        {
            int stride = Channels;
            bool gray = Channels <= 2;
            for (int i = 0; i < n; i++)
            {
                int s = i * stride;
                rgb[3 * i] = src[s];
                rgb[3 * i + 1] = gray ? src[s] : src[s + 1];
                rgb[3 * i + 2] = gray ? src[s] : src[s + 2];
            }
        }
        return new Image(Width, Height, 3, rgb);
    }

    /// <summary>Bilinear resize (pixel centres aligned, as OpenCV's INTER_LINEAR); palette images resize nearest.</summary>
    public Image Resize(int width, int height) => Resample.Bilinear(this, width, height);

    /// <summary>Mirror left ↔ right.</summary>
    public Image MirrorHorizontal() => new(Width, Height, Channels, Geometry.Mirror(Pixels, Width, Height, Channels), Palette);

    /// <summary>The rectangle at (x, y) of size width × height, which must lie inside the image.</summary>
    public Image Crop(int x, int y, int width, int height) =>
        new(width, height, Channels, Geometry.Crop(Pixels, Width, Height, Channels, x, y, width, height), Palette);

    public override string ToString() => $"Image {Width}x{Height}x{Channels}{(HasPalette ? " (palette)" : "")}";
}

internal static class ImageChecks
{
    /// <summary>Largest side accepted from a file; keeps a corrupt header from asking for terabytes.</summary>
    internal const int MaxSide = 1 << 15;

    internal static void Size(int width, int height)
    {
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
            throw new ArgumentException($"image size {width}x{height} is outside 1..{MaxSide} per side");
    }
}
