using Workbench.Engine;
namespace Workbench.Vision.Imaging;

/// <summary>Reads JPEG or PNG by looking at the first bytes, not the extension.</summary>
public static class ImageFile
{
    public enum Format { Jpeg, Png }

    public static Format Detect(ReadOnlySpan<byte> data, string? source = null)
    {
        if (data.Length >= 2 && data[0] == 0xFF && data[1] == 0xD8) return Format.Jpeg;
        if (data.Length >= 8 && data[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Format.Png;
        throw new InvalidDataException($"{ImageErrors.Source(source)}: neither a JPEG nor a PNG (unknown signature)");
    }

    public static Image Read(string path) => Decode(InputFile.ReadAllBytes(path), path);

    public static Image Decode(ReadOnlySpan<byte> data, string? source = null) =>
        Detect(data, source) == Format.Jpeg ? Jpeg.Decode(data, source) : Png.Decode(data, source);
}
