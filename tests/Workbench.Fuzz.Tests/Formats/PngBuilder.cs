using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Workbench.Vision.Imaging;

namespace Workbench.Fuzz.Tests;

/// <summary>PNG chunk by chunk with correct CRCs, so damage reaches past libspng's checksum test.</summary>
internal static class PngBuilder
{
    public static readonly byte[] Signature = [0x89, (byte) 'P', (byte) 'N', (byte) 'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data, uint? lyingLength = null)
    {
        var b = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, lyingLength ?? (uint) data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
        data.CopyTo(b.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8 + data.Length), Crc32.Compute(b.AsSpan(4, 4 + data.Length)));
        return b;
    }

    public static byte[] Ihdr(uint width, uint height, byte depth, byte colorType, byte interlace = 0)
    {
        var d = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(d, width);
        BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(4), height);
        d[8] = depth; d[9] = colorType; d[12] = interlace;
        return Chunk("IHDR", d);
    }

    public static byte[] Zlib(ReadOnlySpan<byte> data)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return output.ToArray();
    }

    /// <summary>zlib of n zero bytes, streamed (no buffer of that size).</summary>
    public static byte[] ZlibZeros(long n)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var chunk = new byte[1 << 16];
            for (long left = n; left > 0; left -= chunk.Length) z.Write(chunk, 0, (int) Math.Min(left, chunk.Length));
        }
        return output.ToArray();
    }

    public static byte[] File(params byte[][] chunks) => [.. Signature, .. chunks.SelectMany(c => c), .. Chunk("IEND", [])];

    /// <summary>The chunks of a PNG (without the signature), each re-checksummed after a change to its data.</summary>
    public static List<(string Type, byte[] Data)> Split(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        int at = 8;
        while (at + 12 <= png.Length)
        {
            int length = (int) Math.Min(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at)), (uint) (png.Length - at - 12));
            chunks.Add((Encoding.ASCII.GetString(png, at + 4, 4), png[(at + 8)..(at + 8 + length)]));
            at += 12 + length;
        }
        return chunks;
    }

    public static byte[] Join(IEnumerable<(string Type, byte[] Data)> chunks) => [.. Signature, .. chunks.SelectMany(c => Chunk(c.Type, c.Data))];
}
