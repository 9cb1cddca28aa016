using Workbench.Vision.Imaging;
namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// A 2-D raster that synthetic scenes paint into: colour (float HWC) and a label map, written
/// together shape by shape (later shapes occlude earlier ones). Every primitive walks only its
/// bounding box and allocates nothing per pixel.
/// </summary>
internal sealed class Canvas
{
    public readonly int Height, Width;
    public readonly float[] Rgb;
    public readonly byte[] Labels;
    public Material Paint;
    public float Gain = 1;

    public Canvas(int height, int width)
    {
        Height = height;
        Width = width;
        Rgb = new float[height * width * 3];
        Labels = new byte[height * width];
    }

    public void Plot(int x, int y, byte label)
    {
        int i = y * Width + x;
        Labels[i] = label;
        Paint.Shade(x, y, Gain, out Rgb[3 * i], out Rgb[3 * i + 1], out Rgb[3 * i + 2]);
    }

    public void FillRect(float x0, float y0, float x1, float y1, byte label)
    {
        int xa = Math.Max(0, (int) MathF.Ceiling(x0 - 0.5f)), xb = Math.Min(Width - 1, (int) MathF.Floor(x1 - 0.5f));
        int ya = Math.Max(0, (int) MathF.Ceiling(y0 - 0.5f)), yb = Math.Min(Height - 1, (int) MathF.Floor(y1 - 0.5f));
        for (int y = ya; y <= yb; y++)
            for (int x = xa; x <= xb; x++)
                Plot(x, y, label);
    }

    /// <summary>An ellipse with radii (rx, ry) rotated by <paramref name="angle"/> radians.</summary>
    public void FillEllipse(float cx, float cy, float rx, float ry, float angle, byte label)
    {
        rx = MathF.Max(rx, 0.5f); ry = MathF.Max(ry, 0.5f);
        float c = MathF.Cos(angle), s = MathF.Sin(angle), r = MathF.Max(rx, ry);
        Bounds(cx - r, cy - r, cx + r, cy + r, out int xa, out int ya, out int xb, out int yb);
        for (int y = ya; y <= yb; y++)
            for (int x = xa; x <= xb; x++)
            {
                float dx = x + 0.5f - cx, dy = y + 0.5f - cy;
                float u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
                if (u * u + v * v <= 1) Plot(x, y, label);
            }
    }

    /// <summary>An annulus of outer radius r and the given thickness (bicycle wheels, rims).</summary>
    public void FillRing(float cx, float cy, float r, float thickness, byte label)
    {
        float inner = MathF.Max(0, r - MathF.Max(thickness, 1f));
        Bounds(cx - r, cy - r, cx + r, cy + r, out int xa, out int ya, out int xb, out int yb);
        for (int y = ya; y <= yb; y++)
            for (int x = xa; x <= xb; x++)
            {
                float dx = x + 0.5f - cx, dy = y + 0.5f - cy, d2 = dx * dx + dy * dy;
                if (d2 <= r * r && d2 >= inner * inner) Plot(x, y, label);
            }
    }

    /// <summary>A segment thickened to half-width <paramref name="radius"/> (legs, masts, poles).</summary>
    public void FillCapsule(float x0, float y0, float x1, float y1, float radius, byte label)
    {
        radius = MathF.Max(radius, 0.5f);
        Bounds(MathF.Min(x0, x1) - radius, MathF.Min(y0, y1) - radius, MathF.Max(x0, x1) + radius, MathF.Max(y0, y1) + radius,
               out int xa, out int ya, out int xb, out int yb);
        float ex = x1 - x0, ey = y1 - y0, len2 = MathF.Max(ex * ex + ey * ey, 1e-6f);
        for (int y = ya; y <= yb; y++)
            for (int x = xa; x <= xb; x++)
            {
                float px = x + 0.5f - x0, py = y + 0.5f - y0;
                float t = Math.Clamp((px * ex + py * ey) / len2, 0, 1);
                float dx = px - t * ex, dy = py - t * ey;
                if (dx * dx + dy * dy <= radius * radius) Plot(x, y, label);
            }
    }

    /// <summary>A polygon (any winding, even-odd fill) by scanlines.</summary>
    public void FillPolygon(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, byte label)
    {
        int n = xs.Length;
        if (n < 3) return;
        float minY = float.MaxValue, maxY = float.MinValue;
        for (int i = 0; i < n; i++) { minY = MathF.Min(minY, ys[i]); maxY = MathF.Max(maxY, ys[i]); }
        int ya = Math.Max(0, (int) MathF.Floor(minY)), yb = Math.Min(Height - 1, (int) MathF.Ceiling(maxY));
        Span<float> cross = n <= 64 ? stackalloc float[n] : new float[n];
        for (int y = ya; y <= yb; y++)
        {
            float sy = y + 0.5f;
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                if ((ys[i] > sy) != (ys[j] > sy))
                    cross[k++] = xs[i] + (sy - ys[i]) / (ys[j] - ys[i]) * (xs[j] - xs[i]);
            }
            cross[..k].Sort();
            for (int c = 0; c + 1 < k; c += 2)
            {
                int xa = Math.Max(0, (int) MathF.Ceiling(cross[c] - 0.5f));
                int xb = Math.Min(Width - 1, (int) MathF.Floor(cross[c + 1] - 0.5f));
                for (int x = xa; x <= xb; x++) Plot(x, y, label);
            }
        }
    }

    /// <summary>
    /// Marks pixels of <paramref name="fillClass"/> that touch another class as void (VOC draws a
    /// void band around objects; only the background side is voided so thin parts keep their labels).
    /// </summary>
    public void VoidBorders(byte fillClass, int width)
    {
        if (width <= 0) return;
        var src = (byte[]) Labels.Clone();
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                if (src[y * Width + x] != fillClass) continue;
                bool near = false;
                for (int dy = -width; dy <= width && !near; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= Height) continue;
                    for (int dx = -width; dx <= width; dx++)
                    {
                        int xx = x + dx;
                        if (xx < 0 || xx >= Width) continue;
                        var l = src[yy * Width + xx];
                        if (l != fillClass && l != LabelMap.Void) { near = true; break; }
                    }
                }
                if (near) Labels[y * Width + x] = LabelMap.Void;
            }
    }

    /// <summary>Quantises the colour to bytes, adding sensor-like grain of ±<paramref name="grain"/>.</summary>
    public Image ToImage(uint seed, float grain)
    {
        var image = new Image(Width, Height, 3);
        var px = image.Pixels;
        for (int y = 0, i = 0; y < Height; y++)
            for (int x = 0; x < Width; x++, i++)
            {
                float n = grain * (2 * Noise.Hash(seed, x, y) - 1);
                for (int c = 0; c < 3; c++)
                    px[3 * i + c] = (byte) Math.Clamp(MathF.Round(Rgb[3 * i + c] + n), 0, 255);
            }
        return image;
    }

    void Bounds(float x0, float y0, float x1, float y1, out int xa, out int ya, out int xb, out int yb)
    {
        xa = Math.Max(0, (int) MathF.Floor(x0));
        ya = Math.Max(0, (int) MathF.Floor(y0));
        xb = Math.Min(Width - 1, (int) MathF.Ceiling(x1));
        yb = Math.Min(Height - 1, (int) MathF.Ceiling(y1));
    }
}
