namespace Workbench.Vision.Imaging;

/// <summary>
/// A 16-bit image (NYUDv2's depth maps are 16-bit gray PNGs): row-major, channels interleaved.
/// </summary>
public sealed class Image16
{
    public Image16(int width, int height, int channels, ushort[] pixels)
    {
        ImageChecks.Size(width, height);
        if (channels is < 1 or > 4) throw new ArgumentException($"an image has 1 to 4 channels, not {channels}", nameof(channels));
        if (pixels.LongLength != (long) width * height * channels)
            throw new ArgumentException(
                $"a {width}x{height}x{channels} image needs {(long) width * height * channels} values, got {pixels.LongLength}", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public ushort[] Pixels { get; }

    public ushort this[int y, int x, int c = 0] => Pixels[((long) y * Width + x) * Channels + c];

    public override string ToString() => $"Image16 {Width}x{Height}x{Channels}";
}
