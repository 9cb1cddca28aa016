namespace Workbench.Notebooks.Display;

/// <summary>Colours for class labels, with names for legends.</summary>
public sealed class ClassPalette
{
    readonly (byte R, byte G, byte B)[] colors;

    public ClassPalette(IReadOnlyList<(byte R, byte G, byte B)> colors, IReadOnlyList<string>? names = null, (byte R, byte G, byte B)? voidColor = null)
    {
        if (colors.Count == 0) throw new ArgumentException("a palette needs at least one colour", nameof(colors));
        if (names is not null && names.Count > colors.Count)
            throw new ArgumentException($"{names.Count} class names but only {colors.Count} colours", nameof(names));
        this.colors = colors.ToArray();
        Names = names ?? Enumerable.Range(0, colors.Count).Select(i => i.ToString()).ToArray();
        VoidColor = voidColor ?? (224, 224, 192);
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => colors.Length;
    /// <summary>The colour of labels outside 0..Count−1 (VOC's 255 "void" boundary colour by default).</summary>
    public (byte R, byte G, byte B) VoidColor { get; }

    public (byte R, byte G, byte B) this[long label] => label >= 0 && label < colors.Length ? colors[label] : VoidColor;

    public static string Hex((byte R, byte G, byte B) c) => $"#{c.R:x2}{c.G:x2}{c.B:x2}";

    /// <summary>
    /// PASCAL VOC's colour map: the bits of the label, three at a time, spread over the high bits of R, G and B.
    /// </summary>
    public static ClassPalette Voc(int classes, IReadOnlyList<string>? names = null)
    {
        if (classes <= 0 || classes > 256) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a VOC palette has 1..256 colours");
        var colors = new (byte, byte, byte)[classes];
        for (int label = 0; label < classes; label++)
        {
            int r = 0, g = 0, b = 0, c = label;
            for (int j = 0; j < 8; j++)
            {
                r |= ((c >> 0) & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            colors[label] = ((byte) r, (byte) g, (byte) b);
        }
        return new ClassPalette(colors, names);
    }
}
