using Workbench.Vision.Imaging;

namespace Workbench.Fuzz.Tests;

/// <summary>JPEG: frame headers that claim up to 65535² pixels, progressive and arithmetic frames, CMYK, repeated scans, junk segments.</summary>
internal sealed class JpegFuzz : FuzzFormat
{
    public override string Name => "jpeg";
    public override string FileName => "case.jpg";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
    [
        ("valid", Valid),
        ("huge-frame-header", r => Patch(Valid(r), r, frameType: null)),
        ("progressive-huge", r => Patch(Valid(r), r, frameType: 0xC2)),
        ("arithmetic", r => Patch(Valid(r), r, frameType: 0xC9)),
        ("cmyk", r => Patch(Cmyk, r, frameType: null)),
        ("header-only", HeaderOnly),
        ("repeated-scans", Repeated),
        ("junk-segments", Junk),
    ];

    static readonly byte[] Cmyk = File.ReadAllBytes(Path.Combine(Fixtures.Root, "hostile", "cmyk_16x8.jpg"));

    public override IReadOnlyList<byte[]> Seeds { get; } = Fixtures.Files(".jpg").Append(Valid(new Random(7))).ToList();

    public override void Read(string path)
    {
        _ = ImageInfo.Inspect(path);
        using var t = Preprocess.ReadJpegTensor(path, Preprocess.VocMean);   // the loaders' path
    }

    public override bool IsClear(Exception e, string path) => e is InvalidDataException && e.Message.StartsWith(path + ":", StringComparison.Ordinal);

    static byte[] Valid(Random r)
    {
        int w = r.Next(1, 64), h = r.Next(1, 64), c = r.Next(2) == 0 ? 1 : 3;
        var pixels = new byte[w * h * c];
        r.NextBytes(pixels);
        return Jpeg.Encode(new Image(w, h, c, pixels), r.Next(1, 101));
    }

    static int FrameAt(byte[] b)
    {
        for (int i = 2; i + 9 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC) return i;
        return -1;
    }

    // The frame header's height and width (bytes 5–8 after the marker) set to large or boundary values.
    static byte[] Patch(byte[] jpeg, Random r, int? frameType)
    {
        var b = (byte[]) jpeg.Clone();
        int at = FrameAt(b);
        if (at < 0) return b;
        if (frameType is { } t) b[at + 1] = (byte) t;
        int[] sides = [26000, 65535, 32768, 32769, 16384, 0, 1, 4096, r.Next(1, 65536)];
        int height = sides[r.Next(sides.Length)], width = sides[r.Next(sides.Length)];
        b[at + 5] = (byte) (height >> 8); b[at + 6] = (byte) height;
        b[at + 7] = (byte) (width >> 8); b[at + 8] = (byte) width;
        return r.Next(2) == 0 ? b : b[..Math.Max(at + 10, b.Length - r.Next(b.Length / 2))];
    }

    // Everything up to the first scan's data, then EOI: a header with no pixels behind it.
    static byte[] HeaderOnly(Random r)
    {
        var b = Patch(Valid(r), r, frameType: r.Next(2) == 0 ? 0xC2 : null);
        for (int i = 2; i + 1 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] == 0xDA) return [.. b[..i], 0xFF, 0xD9];
        return b;
    }

    static byte[] Repeated(Random r)
    {
        var b = Valid(r);
        for (int i = 2; i + 1 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] == 0xDA)
            {
                var scan = b[i..^2];
                var repeated = Enumerable.Repeat(scan, 1 + Mutations.Scale(r, 200)).SelectMany(x => x);
                return [.. b[..i], .. repeated, 0xFF, 0xD9];
            }
        return b;
    }

    static byte[] Junk(Random r)
    {
        var b = Valid(r);
        var segment = new byte[4 + r.Next(0, 300)];
        segment[0] = 0xFF;
        segment[1] = (byte) new[] { 0xC4, 0xDB, 0xDD, 0xE0, 0xEE, 0xFE, 0xC0, 0xDA, 0xD8, 0xCC }[r.Next(10)];
        int length = r.Next(3) == 0 ? (int) (Mutations.Edgy(r) & 0xFFFF) : segment.Length - 2;
        segment[2] = (byte) (length >> 8); segment[3] = (byte) length;
        r.NextBytes(segment.AsSpan(4));
        int at = 2 + r.Next(Math.Max(1, b.Length - 4));
        return [.. b[..at], .. segment, .. b[at..]];
    }
}
