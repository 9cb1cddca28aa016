using Workbench.Vision.Imaging;
using static Workbench.Fuzz.Tests.PngBuilder;

namespace Workbench.Fuzz.Tests;

/// <summary>PNG: huge IHDR sizes with valid CRCs, IDAT and zTXt/iCCP bombs, lying chunk lengths, invalid depth/colour combinations, damage behind correct CRCs.</summary>
internal sealed class PngFuzz : FuzzFormat
{
    public override string Name => "png";
    public override string FileName => "case.png";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
    [
        ("valid", Valid),
        ("huge-ihdr", r => File(Ihdr(Side(r), Side(r), Depth(r), (byte) new[] { 0, 2, 3, 4, 6 }[r.Next(5)], (byte) r.Next(2)), Chunk("IDAT", ZlibZeros(r.Next(1, 1 << 16))))),
        ("idat-bomb", IdatBomb),
        ("text-bomb", TextBomb),
        ("lying-chunk-length", r => File(Ihdr(4, 4, 8, 0), Chunk("IDAT", Zlib(new byte[20]), lyingLength: (uint) Mutations.Edgy(r)))),
        ("bad-combinations", r => File(Ihdr((uint) r.Next(1, 9), (uint) r.Next(1, 9), (byte) r.Next(0, 20), (byte) r.Next(0, 8), (byte) r.Next(0, 3)),
            Chunk("PLTE", new byte[3 * r.Next(0, 300)]), Chunk("tRNS", new byte[r.Next(0, 300)]), Chunk("IDAT", Zlib(new byte[r.Next(0, 400)])))),
        ("damage-behind-crc", DamageBehindCrc),
    ];

    public override IReadOnlyList<byte[]> Seeds { get; } = Fixtures.Files(".png").Append(Valid(new Random(8))).ToList();

    public override void Read(string path)
    {
        _ = ImageInfo.Inspect(path);
        var header = Png.ReadHeader(path);
        if (header.HasPalette || header.ColorType == 0 && header.BitDepth == 8) _ = Png.ReadLabels(path);
    }

    public override bool IsClear(Exception e, string path) => e is InvalidDataException && e.Message.StartsWith(path + ":", StringComparison.Ordinal);

    static uint Side(Random r) => new uint[] { 26000, 32768, 32769, 65535, 1 << 20, uint.MaxValue, 0, (uint) r.Next(1, 40000) }[r.Next(8)];
    static byte Depth(Random r) => new byte[] { 1, 2, 4, 8, 16 }[r.Next(5)];

    static byte[] Valid(Random r)
    {
        int w = r.Next(1, 40), h = r.Next(1, 40), c = new[] { 1, 2, 3, 4 }[r.Next(4)];
        var pixels = new byte[w * h * c];
        r.NextBytes(pixels);
        if (r.Next(3) == 0) return Png.Encode(new LabelMap(w, h, pixels[..(w * h)].Select(p => (byte) (p % 21)).ToArray()));
        return Png.Encode(new Image(w, h, c, pixels));
    }

    // IDAT of zeros: honest (the IHDR asks for that many bytes) or a lie either way.
    static byte[] IdatBomb(Random r)
    {
        long bytes = Mutations.Scale(r, 64 << 20);
        uint width = (uint) r.Next(1, 32768), height = (uint) Math.Clamp(bytes / (width + 1), 1, 32768);
        if (r.Next(3) == 0) height = Side(r);
        return File(Ihdr(width, height, 8, 0), Chunk("IDAT", ZlibZeros(bytes)));
    }

    static byte[] TextBomb(Random r)
    {
        var text = (byte[]) [.. "Comment"u8, 0, 0, .. ZlibZeros(Mutations.Scale(r, 32 << 20))];
        var type = r.Next(2) == 0 ? "zTXt" : "iCCP";
        return File(Ihdr(2, 2, 8, 0), Chunk(type, text), Chunk("IDAT", Zlib(new byte[6])));
    }

    static byte[] DamageBehindCrc(Random r)
    {
        var chunks = Split(Valid(r));
        int k = r.Next(chunks.Count);
        var (type, data) = chunks[k];
        if (type == "IDAT" && r.Next(2) == 0)
        {
            using var input = new System.IO.Compression.ZLibStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
            var raw = new MemoryStream();
            input.CopyTo(raw);
            data = Zlib(Mutations.Apply(raw.ToArray(), r));
        }
        else data = Mutations.Apply(data.Length == 0 ? [0] : data, r);
        chunks[k] = (type, data);
        return Join(chunks);
    }
}
