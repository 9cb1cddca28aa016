using Workbench.Vision.Imaging;
using Workbench.Vision.Datasets;

namespace Workbench.Vision.Loading;

/// <summary>Geometric augmentations applied to a whole sample (every input, every label map, the raw image).</summary>
public static class SampleTransforms
{
    /// <summary>
    /// The window [top, top+height) × [left, left+width); parts outside the image are padding:
    /// inputs 0 (the mean, after subtraction), labels void, raw image black. So the same call
    /// crops a large image or pads a small one.
    /// </summary>
    public static SegmentationSample Crop(SegmentationSample s, int top, int left, int height, int width)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"crop size must be positive, got {height}×{width}");
        int y0 = Math.Max(0, top), y1 = Math.Min(s.Height, top + height);
        int x0 = Math.Max(0, left), x1 = Math.Min(s.Width, left + width);
        int copyW = Math.Max(0, x1 - x0);

        var raw = new Image(width, height, 3);
        for (int y = y0; y < y1 && copyW > 0; y++)
            Array.Copy(s.Raw.Pixels, (y * s.Width + x0) * 3, raw.Pixels, ((y - top) * width + (x0 - left)) * 3, copyW * 3);

        var inputs = new Dictionary<string, Planes>();
        foreach (var (name, p) in s.Inputs)
        {
            var q = new Planes(p.Channels, height, width);
            for (int c = 0; c < p.Channels; c++)
                for (int y = y0; y < y1 && copyW > 0; y++)
                    Array.Copy(p.Data, ((long) c * s.Height + y) * s.Width + x0, q.Data, ((long) c * height + y - top) * width + (x0 - left), copyW);
            inputs[name] = q;
        }

        var labels = new Dictionary<string, LabelMap>();
        foreach (var (name, l) in s.Labels)
        {
            var m = new LabelMap(width, height);
            Array.Fill(m.Indices, LabelMap.Void);
            for (int y = y0; y < y1 && copyW > 0; y++)
                Array.Copy(l.Indices, y * s.Width + x0, m.Indices, (y - top) * width + (x0 - left), copyW);
            labels[name] = m;
        }
        return new SegmentationSample(s.Id, raw, inputs, labels);
    }

    /// <summary>Left–right mirror image.</summary>
    public static SegmentationSample Mirror(SegmentationSample s)
    {
        int h = s.Height, w = s.Width;
        var raw = new Image(w, h, 3);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int src = (y * w + x) * 3, dst = (y * w + w - 1 - x) * 3;
                raw.Pixels[dst] = s.Raw.Pixels[src];
                raw.Pixels[dst + 1] = s.Raw.Pixels[src + 1];
                raw.Pixels[dst + 2] = s.Raw.Pixels[src + 2];
            }
        var inputs = new Dictionary<string, Planes>();
        foreach (var (name, p) in s.Inputs)
        {
            var q = new Planes(p.Channels, h, w);
            for (int c = 0; c < p.Channels; c++)
                for (int y = 0; y < h; y++)
                {
                    long row = ((long) c * h + y) * w;
                    for (int x = 0; x < w; x++) q.Data[row + w - 1 - x] = p.Data[row + x];
                }
            inputs[name] = q;
        }
        var labels = new Dictionary<string, LabelMap>();
        foreach (var (name, l) in s.Labels)
        {
            var m = new LabelMap(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) m.Indices[y * w + w - 1 - x] = l.Indices[y * w + x];
            labels[name] = m;
        }
        return new SegmentationSample(s.Id, raw, inputs, labels);
    }
}
