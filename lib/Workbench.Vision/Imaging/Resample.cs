namespace Workbench.Vision.Imaging;

// Resizing with pixel centres aligned: source coordinate = (dst + 0.5) * scale - 0.5, the
// convention of OpenCV's INTER_LINEAR and PyTorch's interpolate(align_corners=False).
internal static class Resample
{
    internal static Image Bilinear(Image image, int width, int height)
    {
        ImageChecks.Size(width, height);
        if (image.HasPalette)
            return new Image(width, height, 1, Nearest(image.Pixels, image.Width, image.Height, 1, width, height), image.Palette);
        int c = image.Channels, sw = image.Width, sh = image.Height;
        var (x0, x1, wx) = Taps(sw, width);
        var (y0, y1, wy) = Taps(sh, height);
        var src = image.Pixels;
        var dst = new byte[checked(width * height * c)];
        Parallel.For(0, height, y =>
        {
            int r0 = y0[y] * sw * c, r1 = y1[y] * sw * c;
            float fy = wy[y];
            int o = y * width * c;
            for (int x = 0; x < width; x++)
            {
                int a = x0[x] * c, b = x1[x] * c;
                float fx = wx[x];
                for (int k = 0; k < c; k++)
                {
                    float top = src[r0 + a + k] + fx * (src[r0 + b + k] - src[r0 + a + k]);
                    float bottom = src[r1 + a + k] + fx * (src[r1 + b + k] - src[r1 + a + k]);
                    float v = top + fy * (bottom - top);
                    dst[o + x * c + k] = (byte) Math.Clamp((int) MathF.Round(v), 0, 255);
                }
            }
        });
        return new Image(width, height, c, dst);
    }

    // For each output position: the two source positions and the weight of the second.
    static (int[] lo, int[] hi, float[] weight) Taps(int source, int target)
    {
        var lo = new int[target];
        var hi = new int[target];
        var weight = new float[target];
        double scale = (double) source / target;
        for (int i = 0; i < target; i++)
        {
            double s = Math.Max((i + 0.5) * scale - 0.5, 0);
            int l = Math.Min((int) s, source - 1);
            lo[i] = l;
            hi[i] = Math.Min(l + 1, source - 1);
            weight[i] = (float) (s - l);
        }
        return (lo, hi, weight);
    }

    internal static byte[] Nearest(byte[] src, int sw, int sh, int c, int width, int height)
    {
        ImageChecks.Size(width, height);
        var xs = new int[width];
        for (int x = 0; x < width; x++) xs[x] = Math.Min((int) ((x + 0.5) * sw / width), sw - 1);
        var dst = new byte[checked(width * height * c)];
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min((int) ((y + 0.5) * sh / height), sh - 1);
            int srow = sy * sw * c, drow = y * width * c;
            for (int x = 0; x < width; x++)
                for (int k = 0; k < c; k++)
                    dst[drow + x * c + k] = src[srow + xs[x] * c + k];
        }
        return dst;
    }
}
