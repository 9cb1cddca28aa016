using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Workbench.Fuzz.Tests;

/// <summary>PyTorch .pth files around a given pickle: the zip layout (torch.save ≥ 1.6) and the legacy one.</summary>
internal static class PthBuilder
{
    public sealed record Record(string Name, byte[] Bytes, bool Deflate = false);

    /// <summary>A zip archive of records under archive/ (data.pkl first), stored unless asked to deflate.</summary>
    public static byte[] Zip(byte[] pickle, IEnumerable<(string Key, byte[] Bytes)> storages, bool deflatePickle = false, bool deflateStorages = false,
                             IEnumerable<Record>? extra = null)
    {
        var records = new List<Record> { new("archive/data.pkl", pickle, deflatePickle) };
        records.AddRange(storages.Select(s => new Record($"archive/data/{s.Key}", s.Bytes, deflateStorages)));
        records.Add(new Record("archive/version", "3\n"u8.ToArray()));
        if (extra is not null) records.AddRange(extra);
        return Zip(records);
    }

    public static byte[] Zip(IEnumerable<Record> records)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var r in records)
            {
                using var s = zip.CreateEntry(r.Name, r.Deflate ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
                s.Write(r.Bytes);
            }
        return output.ToArray();
    }

    /// <summary>
    /// Overwrites the sizes every central directory entry declares (a lying directory): the uncompressed
    /// size, the compressed size, or both, with the given value.
    /// </summary>
    public static byte[] LieAboutSizes(byte[] zip, uint value, bool uncompressed, bool compressed)
    {
        var b = (byte[]) zip.Clone();
        for (int i = 0; i + 46 <= b.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i)) != 0x02014b50) continue;
            if (compressed) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i + 20), value);
            if (uncompressed) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i + 24), value);
        }
        return b;
    }

    /// <summary>The legacy layout: magic, protocol 1001, sys_info, the object, the key list, then each storage's count and bytes.</summary>
    public static byte[] Legacy(byte[] objectPickle, IEnumerable<(string Key, long Count, byte[] Bytes)> storages, IEnumerable<string>? keyList = null)
    {
        var list = storages.ToList();
        var output = new MemoryStream();
        var magic = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
        output.Write(new PickleWriter().Proto().Long1(magic).Stop().ToArray());
        output.Write(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        output.Write(new PickleWriter().Proto().EmptyDict().Mark().Str("protocol_version").Int(1001).Str("little_endian").Op(0x88)
            .Str("type_sizes").EmptyDict().Mark().Str("short").Int(2).Str("int").Int(4).Str("long").Int(4).SetItems().SetItems().Stop().ToArray());
        output.Write(objectPickle);
        var keys = new PickleWriter().Proto().EmptyList().Mark();
        foreach (var k in keyList ?? list.Select(s => s.Key)) keys.Str(k);
        output.Write(keys.Op((byte) 'e').Stop().ToArray());
        Span<byte> count = stackalloc byte[8];
        foreach (var (_, n, bytes) in list)
        {
            BinaryPrimitives.WriteInt64LittleEndian(count, n);
            output.Write(count);
            output.Write(bytes);
        }
        return output.ToArray();
    }

    public static byte[] Floats(long count, Random? r = null)
    {
        var b = new byte[count * 4];
        for (long i = 0; i < count; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan((int) (4 * i)), r is null ? i : (float) r.NextDouble());
        return b;
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
