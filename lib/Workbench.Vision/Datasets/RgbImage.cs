namespace Workbench.Vision.Datasets;

/// <summary>An 8-bit RGB image, HWC interleaved: what a decoder returns and what a figure shows.</summary>
public sealed class RgbImage
{
    public RgbImage(int height, int width, byte[]? pixels = null)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"an image needs positive sizes, got {height}×{width}");
        if (pixels is not null && pixels.Length != height * width * 3)
            throw new ArgumentException($"{pixels.Length} bytes cannot fill a {height}×{width} RGB image");
        Height = height;
        Width = width;
        Pixels = pixels ?? new byte[height * width * 3];
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>Row-major [H, W, 3], R first.</summary>
    public byte[] Pixels { get; }
}
