using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Workbench.Fuzz.Tests;

/// <summary>MATLAB v5 MAT-files element by element (little-endian), including what MATLAB never writes.</summary>
internal static class MatBuilder
{
    public const int miINT8 = 1, miUINT8 = 2, miINT16 = 3, miUINT16 = 4, miINT32 = 5, miUINT32 = 6, miDOUBLE = 9, miMATRIX = 14, miCOMPRESSED = 15;
    public const int mxCELL = 1, mxSTRUCT = 2, mxCHAR = 4, mxSPARSE = 5, mxDOUBLE = 6, mxUINT8 = 9;

    public static byte[] File(params byte[][] elements)
    {
        var header = new byte[128];
        Array.Fill(header, (byte) ' ', 0, 116);
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: fuzz").CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte) 'I';
        header[127] = (byte) 'M';
        return [.. header, .. elements.SelectMany(e => e)];
    }

    /// <summary>A data element: type, byte count (the real one unless <paramref name="lie"/>), data, padding to 8.</summary>
    public static byte[] Element(int type, ReadOnlySpan<byte> data, uint? lie = null)
    {
        int padded = type == miCOMPRESSED ? data.Length : (data.Length + 7) & ~7;
        var b = new byte[8 + padded];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint) type);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), lie ?? (uint) data.Length);
        data.CopyTo(b.AsSpan(8));
        return b;
    }

    public static byte[] Ints(int type, IEnumerable<long> values, int size = 4)
    {
        var list = values.ToList();
        var b = new byte[list.Count * size];
        for (int i = 0; i < list.Count; i++)
            if (size == 4) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), (int) list[i]);
            else b[i] = (byte) list[i];
        return Element(type, b);
    }

    /// <summary>An miMATRIX: array flags (class, complex, logical), dimensions, name, then the class's own elements.</summary>
    public static byte[] Matrix(int cls, IEnumerable<long> dims, string name, params byte[][] body) =>
        MatrixWithFlags((uint) cls, dims, name, body);

    public static byte[] MatrixWithFlags(uint flags, IEnumerable<long> dims, string name, params byte[][] body)
    {
        var flagsElement = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flagsElement, flags);
        byte[] content = [.. Element(miUINT32, flagsElement), .. Ints(miINT32, dims), .. Element(miINT8, Encoding.ASCII.GetBytes(name)), .. body.SelectMany(x => x)];
        return Element(miMATRIX, content);
    }

    public static byte[] Numeric(string name, long[] dims, int cls, int storedType, byte[] data) =>
        Matrix(cls, dims, name, Element(storedType, data));

    public static byte[] Compressed(byte[] element, uint? lie = null)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(element);
        return Element(miCOMPRESSED, output.ToArray(), lie);
    }

    /// <summary>A compressed element whose inflated bytes are <paramref name="head"/> followed by <paramref name="zeros"/> zero bytes, deflated as a stream (no buffer of that size).</summary>
    public static byte[] CompressedZeros(byte[] head, long zeros)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(head);
            var chunk = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= chunk.Length) z.Write(chunk, 0, (int) Math.Min(left, chunk.Length));
        }
        return Element(miCOMPRESSED, output.ToArray());
    }

    /// <summary>An miMATRIX tag and sub-element tags whose declared lengths cover data that follows only in the stream.</summary>
    public static byte[] MatrixHead(int cls, long[] dims, string name, int storedType, long dataBytes)
    {
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint) cls);
        byte[] before = [.. Element(miUINT32, flags), .. Ints(miINT32, dims), .. Element(miINT8, Encoding.ASCII.GetBytes(name))];
        var realTag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(realTag, (uint) storedType);
        BinaryPrimitives.WriteUInt32LittleEndian(realTag.AsSpan(4), (uint) dataBytes);
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, miMATRIX);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint) Math.Min(uint.MaxValue, before.Length + 8 + ((dataBytes + 7) & ~7L)));
        return [.. tag, .. before, .. realTag];
    }
}
