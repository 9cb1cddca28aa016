namespace Workbench.Vision.Imaging;

/// <summary>Label maps made visible, for figures.</summary>
public static class Overlay
{
    /// <summary>RGB image of the label colours (VOC's palette by default; 255 void is VOC's cream).</summary>
    public static Image Colorize(LabelMap labels, Palette? palette = null)
    {
        palette ??= Palette.Voc;
        var colors = palette.Colors;
        var rgb = new byte[checked(labels.Width * labels.Height * 3)];
        var idx = labels.Indices;
        for (int i = 0; i < idx.Length; i++)
        {
            int k = idx[i];
            if (k >= palette.Count) continue;
            rgb[3 * i] = colors[3 * k];
            rgb[3 * i + 1] = colors[3 * k + 1];
            rgb[3 * i + 2] = colors[3 * k + 2];
        }
        return new Image(labels.Width, labels.Height, 3, rgb);
    }

    /// <summary>
    /// The label colours laid over the image with opacity <paramref name="alpha"/>; pixels whose
    /// label is <paramref name="skip"/> (void by default; background too if asked) stay as they are.
    /// </summary>
    public static Image Blend(Image image, LabelMap labels, double alpha = 0.5, Palette? palette = null, int skip = LabelMap.Void)
    {
        if (image.Width != labels.Width || image.Height != labels.Height)
            throw new ArgumentException($"image {image.Width}x{image.Height} and labels {labels.Width}x{labels.Height} differ in size");
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "opacity is 0..1");
        var rgb = image.ToRgb().Pixels;
        var colors = Colorize(labels, palette).Pixels;
        var output = new byte[rgb.Length];
        var idx = labels.Indices;
        float a = (float) alpha;
        for (int i = 0; i < idx.Length; i++)
            for (int c = 0; c < 3; c++)
            {
                int j = 3 * i + c;
                output[j] = idx[i] == skip ? rgb[j] : (byte) MathF.Round(rgb[j] + a * (colors[j] - rgb[j]));
            }
        return new Image(image.Width, image.Height, 3, output);
    }
}
