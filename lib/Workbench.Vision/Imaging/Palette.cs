namespace Workbench.Vision.Imaging;

/// <summary>A colour table: <see cref="Colors"/> holds RGB triplets, entry k at 3k.</summary>
public sealed class Palette
{
    public Palette(byte[] colors)
    {
        if (colors.Length % 3 != 0 || colors.Length == 0 || colors.Length > 256 * 3)
            throw new ArgumentException($"a palette holds 1..256 RGB triplets, got {colors.Length} bytes", nameof(colors));
        Colors = colors;
    }

    public byte[] Colors { get; }
    public int Count => Colors.Length / 3;

    public (byte R, byte G, byte B) this[int index] => (Colors[3 * index], Colors[3 * index + 1], Colors[3 * index + 2]);

    /// <summary>
    /// PASCAL VOC's colormap (VOCdevkit's labelcolormap.m): the bits of the class index are dealt
    /// round-robin to R, G, B, filling each channel from its most significant bit down.
    /// Index 255 (void) comes out as (224, 224, 192).
    /// </summary>
    public static Palette Voc { get; } = new(BuildVoc());

    static byte[] BuildVoc()
    {
        var colors = new byte[256 * 3];
        for (int i = 0; i < 256; i++)
        {
            int r = 0, g = 0, b = 0, c = i;
            for (int j = 0; j < 8; j++)
            {
                r |= ((c >> 0) & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            colors[3 * i] = (byte) r;
            colors[3 * i + 1] = (byte) g;
            colors[3 * i + 2] = (byte) b;
        }
        return colors;
    }

    public bool ContentEquals(Palette other) => Colors.AsSpan().SequenceEqual(other.Colors);
}
