using Workbench.Vision.Imaging;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Workbench.Notebooks.Display;

/// <summary>
/// A minimal PNG writer (8-bit grey, RGB or RGBA; no interlacing) on ZLibStream, so showing an image
/// needs no image library. Each row uses the "Up" filter, which suits smooth images and label maps alike.
/// </summary>
public static class PngEncoder
{
    static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    /// <param name="pixels">rows top to bottom, channels interleaved (width·height·channels bytes)</param>
    /// <param name="channels">1 (grey), 3 (RGB) or 4 (RGBA)</param>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"a PNG needs a positive size, not {width}x{height}");
        byte colorType = channels switch
        {
            1 => 0,
            3 => 2,
            4 => 6,
            _ => throw new ArgumentException($"PNG channels must be 1, 3 or 4, not {channels}", nameof(channels)),
        };
        long stride = (long) width * channels;
        if (pixels.Length != stride * height)
            throw new ArgumentException($"a {width}x{height} image with {channels} channels has {stride * height} bytes, not {pixels.Length}", nameof(pixels));

        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;          // bit depth
        header[9] = colorType;
        header[10] = 0;         // deflate
        header[11] = 0;         // adaptive filtering
        header[12] = 0;         // no interlace
        WriteChunk(png, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var line = new byte[stride + 1];
                for (int y = 0; y < height; y++)
                {
                    var row = pixels.Slice((int) (y * stride), (int) stride);
                    line[0] = (byte) (y == 0 ? 0 : 2);
                    if (y == 0) row.CopyTo(line.AsSpan(1));
                    else
                    {
                        var above = pixels.Slice((int) ((y - 1) * stride), (int) stride);
                        for (int i = 0; i < stride; i++) line[i + 1] = (byte) (row[i] - above[i]);
                    }
                    zlib.Write(line);
                }
            }
            WriteChunk(png, "IDAT", compressed.ToArray());
        }
        WriteChunk(png, "IEND", ReadOnlySpan<byte>.Empty);
        return png.ToArray();
    }

    static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }
}
