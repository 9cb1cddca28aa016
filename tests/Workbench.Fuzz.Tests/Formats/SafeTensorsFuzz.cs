using System.Buffers.Binary;
using System.Text;

namespace Workbench.Fuzz.Tests;

/// <summary>safetensors: lying header lengths, offsets of the wrong type or out of place, huge and many-dimensional shapes, deep JSON, many names.</summary>
internal sealed class SafeTensorsFuzz : WeightsFuzzFormat
{
    public override string Name => "safetensors";
    public override string FileName => "case.safetensors";

    static readonly string[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "C64", ""];

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
    [
        ("valid", Valid),
        ("lying-header-length", r => WithLength(Valid(r), (ulong) Mutations.Edgy(r))),
        ("odd-offsets", OddOffsets),
        ("huge-shape", r => File($"{{\"x\":{{\"dtype\":\"{Pick(r)}\",\"shape\":[{Mutations.Edgy(r)},{Mutations.Edgy(r)},{Mutations.Edgy(r)}],\"data_offsets\":[0,{(Mutations.EdgyNonNegative(r) % 4096)}]}}}}", new byte[64])),
        ("many-dimensions", ManyDimensions),
        ("deep-json", DeepJson),
        ("many-names", ManyNames),
        ("overlapping-ranges", Overlapping),
        ("bad-text", BadText),
    ];

    public override IReadOnlyList<byte[]> Seeds { get; } = Fixtures.Files(".safetensors").Append(Valid(new Random(3))).ToList();

    static string Pick(Random r) => DTypes[r.Next(DTypes.Length)];

    public static byte[] File(string header, byte[] data) => WithLength(Concat(Encoding.UTF8.GetBytes(header), data), null, Encoding.UTF8.GetByteCount(header));

    static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    // The 8-byte length field before the header: the header's own length, or a lie.
    static byte[] WithLength(byte[] headerAndData, ulong? lie, int headerLength = -1)
    {
        var b = new byte[8 + headerAndData.Length];
        if (lie is null) BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong) headerLength);
        headerAndData.CopyTo(b, 8);
        if (lie is { } l) BinaryPrimitives.WriteUInt64LittleEndian(b, l);
        return b;
    }

    static byte[] WithLength(byte[] file, ulong lie)
    {
        var b = (byte[]) file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(b, lie);
        return b;
    }

    static byte[] Valid(Random r)
    {
        var sb = new StringBuilder("{");
        if (r.Next(2) == 0) sb.Append("\"__metadata__\":{\"format\":\"pt\"},");
        int n = 1 + r.Next(4);
        long at = 0;
        for (int i = 0; i < n; i++)
        {
            long rows = r.Next(0, 4), cols = r.Next(1, 4);
            sb.Append($"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[{rows},{cols}],\"data_offsets\":[{at},{at + rows * cols * 4}]}}");
            if (i < n - 1) sb.Append(',');
            at += rows * cols * 4;
        }
        sb.Append('}');
        var data = new byte[at];
        r.NextBytes(data);
        return File(sb.ToString(), data);
    }

    static byte[] OddOffsets(Random r)
    {
        string offsets = r.Next(5) switch
        {
            0 => "[\"0\",\"16\"]",
            1 => "[0.5,16]",
            2 => $"[{Mutations.Edgy(r)},{Mutations.Edgy(r)}]",
            3 => "[0,16,32]",
            _ => "{\"begin\":0}",
        };
        return File($"{{\"x\":{{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":{offsets}}}}}", new byte[16]);
    }

    static byte[] ManyDimensions(Random r)
    {
        int dims = r.Next(20) == 0 ? 1_000_000 : new[] { 64, 65, 1000, 100_000 }[r.Next(4)];
        var shape = string.Join(",", Enumerable.Repeat("1", dims));
        return File($"{{\"x\":{{\"dtype\":\"F32\",\"shape\":[{shape}],\"data_offsets\":[0,4]}}}}", new byte[4]);
    }

    static byte[] DeepJson(Random r)
    {
        int depth = Mutations.Scale(r, 200_000);
        return File("{\"x\":" + new string('[', depth) + new string(']', depth) + "}", []);
    }

    static byte[] ManyNames(Random r)
    {
        int n = Mutations.Scale(r, 100_000);
        var sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) sb.Append($"{(i == 0 ? "" : ",")}\"t{i}\":{{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        return File(sb.Append('}').ToString(), []);
    }

    static byte[] Overlapping(Random r)
    {
        int n = 1 + Mutations.Scale(r, 2000), size = Mutations.Scale(r, 1 << 16);
        var sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) sb.Append($"{(i == 0 ? "" : ",")}\"t{i}\":{{\"dtype\":\"U8\",\"shape\":[{size}],\"data_offsets\":[0,{size}]}}");
        return File(sb.Append('}').ToString(), new byte[size]);
    }

    static byte[] BadText(Random r)
    {
        var header = r.Next(4) switch
        {
            0 => Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"),
            1 => [.. "{\"\u001b]0;pwned\u0007"u8, 0xFF, 0xFE, .. "\":{}}"u8],
            2 => Encoding.UTF8.GetBytes("{\"__metadata__\":[1,2],\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"),
            _ => Encoding.UTF8.GetBytes("{\"\u001b[31mred\u001b[0m\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"),
        };
        return WithLength(Concat(header, new byte[8]), null, header.Length);
    }
}
