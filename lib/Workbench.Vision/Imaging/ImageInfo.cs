using Workbench.Engine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Workbench.Vision.Imaging;

/// <summary>
/// What `workbench inspect image` reports. <see cref="Sha256"/> hashes the decoded pixel values
/// (HWC bytes; palette indices for palette PNGs; little-endian 16-bit samples for 16-bit PNGs), the
/// same bytes numpy's <c>np.asarray(PIL.Image.open(f)).tobytes()</c> gives, so hashes compare across tools.
/// </summary>
public sealed record ImageInfo(string File, string Format, int Width, int Height, int Channels, int BitDepth,
    bool HasPalette, int PaletteEntries, string Sha256)
{
    public static ImageInfo Inspect(string path)
    {
        var data = InputFile.ReadAllBytes(path);
        var format = ImageFile.Detect(data, path);
        if (format == ImageFile.Format.Png && Png.DecodeHeader(data, path).BitDepth == 16)
        {
            var deep = Png.Decode16(data, path);
            var bytes = MemoryMarshal.AsBytes(deep.Pixels.AsSpan());
            if (!BitConverter.IsLittleEndian) bytes = LittleEndian(deep.Pixels);
            return new(path, "PNG", deep.Width, deep.Height, deep.Channels, 16, false, 0, Hash(bytes));
        }
        var image = ImageFile.Decode(data, path);
        int depth = format == ImageFile.Format.Png ? Png.DecodeHeader(data, path).BitDepth : 8;
        return new(path, format == ImageFile.Format.Jpeg ? "JPEG" : "PNG", image.Width, image.Height, image.Channels, depth,
            image.HasPalette, image.Palette?.Count ?? 0, Hash(image.Pixels));
    }

    static byte[] LittleEndian(ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }

    static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
