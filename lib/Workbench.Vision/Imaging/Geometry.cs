namespace Workbench.Vision.Imaging;

// Mirror and crop on interleaved row-major buffers; shared by Image and LabelMap.
internal static class Geometry
{
    internal static byte[] Mirror(byte[] src, int width, int height, int channels)
    {
        var dst = new byte[src.Length];
        int row = width * channels;
        for (int y = 0; y < height; y++)
        {
            var s = src.AsSpan(y * row, row);
            var d = dst.AsSpan(y * row, row);
            if (channels == 1)
            {
                s.CopyTo(d);
                d.Reverse();
                continue;
            }
            for (int x = 0; x < width; x++)
                s.Slice(x * channels, channels).CopyTo(d.Slice((width - 1 - x) * channels, channels));
        }
        return dst;
    }

    internal static byte[] Crop(byte[] src, int width, int height, int channels, int x, int y, int cropWidth, int cropHeight)
    {
        if (x < 0 || y < 0 || cropWidth < 1 || cropHeight < 1 || x + cropWidth > width || y + cropHeight > height)
            throw new ArgumentException(
                $"crop {cropWidth}x{cropHeight} at ({x},{y}) does not fit inside a {width}x{height} image");
        var dst = new byte[cropWidth * cropHeight * channels];
        int row = cropWidth * channels;
        for (int r = 0; r < cropHeight; r++)
            src.AsSpan(((y + r) * width + x) * channels, row).CopyTo(dst.AsSpan(r * row, row));
        return dst;
    }
}
