using TorchSharp;
using static TorchSharp.torch;
using Workbench.Engine;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Workbench.Weights;

/// <summary>
/// Hugging Face's safetensors: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>,
/// offsets relative to the byte after the header), then the raw little-endian tensor bytes.
/// </summary>
public static class SafeTensors
{
    const long MaxHeader = 100L << 20; // the reference implementation's limit

    static readonly Dictionary<string, ScalarType> DTypes = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32, ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    public static StateDictFile Read(string path)
    {
        using var file = InputFile.Open(path);
        if (file.Length < 8) throw new WeightsFormatException(path, null, $"{file.Length} bytes is too short for a safetensors header");
        Span<byte> head = stackalloc byte[8];
        file.ReadExactly(head);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (n > (ulong) (file.Length - 8) || n > MaxHeader)
            throw new WeightsFormatException(path, null, n > MaxHeader
                ? $"the header length field says {n} bytes, more than safetensors allows ({MaxHeader}; {file.Length - 8} bytes follow the field)"
                : $"the header length field says {n} bytes but only {file.Length - 8} follow it (truncated file?)");
        var json = new byte[n];
        file.ReadExactly(json);
        long dataStart = 8 + (long) n, dataLength = file.Length - dataStart;

        var entries = new Dictionary<string, torch.Tensor>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = ParseHeader(json, path);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new WeightsFormatException(path, null, "the header is not a JSON object");
            var described = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
            var names = new HashSet<string>();
            var budget = new ReadBudget(path, file.Length);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw new WeightsFormatException(path, "__metadata__", "expected an object of strings");
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                if (!names.Add(prop.Name)) throw new WeightsFormatException(path, prop.Name, "the name appears twice in the header");
                budget.TakeTensor(prop.Name);
                var (dtype, shape, begin, end) = Describe(prop, path, dataLength);
                described.Add((prop.Name, dtype, shape, begin, end));
            }
            CheckLayout(described.Select(d => (d.Name, d.Begin, d.End)).ToList(), dataLength, path);
            foreach (var (name, dtype, shape, begin, end) in described)
            {
                file.Position = dataStart + begin;
                var flat = Materialize.Guard(path, name, () => StorageIO.Read(file, dtype, end - begin == 0 ? 0 : (end - begin) / dtype.ElementSize()));
                using (flat)
                    entries[name] = Materialize.Guard(path, name, () => flat.reshape(shape));
            }
        }
        catch
        {
            foreach (var t in entries.Values) t.Dispose();
            throw;
        }
        return new StateDictFile { Path = path, Format = WeightsFormat.SafeTensors, Entries = entries, Metadata = metadata };
    }

    static JsonDocument ParseHeader(byte[] json, string path)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetCharCount(json); // names must decode later
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new WeightsFormatException(path, null, $"the header is not valid UTF-8 JSON ({e.Message})", e);
        }
    }

    // As the reference implementation requires: the tensors' byte ranges tile the data, in some
    // order, without gaps or overlaps. Without it, a million names could each copy the same range.
    static void CheckLayout(List<(string Name, long Begin, long End)> ranges, long dataLength, string path)
    {
        long at = 0;
        foreach (var (name, begin, end) in ranges.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (begin != at)
                throw new WeightsFormatException(path, name, begin < at
                    ? $"data_offsets [{begin}, {end}] overlap another tensor's bytes (which end at {at})"
                    : $"data_offsets [{begin}, {end}] leave the bytes [{at}, {begin}) to no tensor");
            at = end;
        }
        if (at != dataLength)
            throw new WeightsFormatException(path, null, $"the tensors hold {at} bytes but the file has {dataLength} after the header");
    }

    static (ScalarType, long[], long, long) Describe(JsonProperty prop, string path, long dataLength)
    {
        var v = prop.Value;
        WeightsFormatException Bad(string what) => new(path, prop.Name, what);
        if (v.ValueKind != JsonValueKind.Object) throw Bad("expected an object with dtype, shape and data_offsets");
        if (!v.TryGetProperty("dtype", out var d) || d.ValueKind != JsonValueKind.String) throw Bad("missing dtype string");
        var code = d.GetString()!;
        if (!DTypes.TryGetValue(code, out var dtype)) throw Bad($"dtype {code} is not handled (expected one of {string.Join(", ", DTypes.Keys)})");
        if (!v.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array) throw Bad("missing shape array");
        int rank = s.GetArrayLength();
        if (rank > ReadLimits.MaxDimensions) throw Bad($"shape has {rank} dimensions; this reader handles at most {ReadLimits.MaxDimensions}");
        var shape = new long[rank];
        int i = 0;
        foreach (var dim in s.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var x) || x < 0) throw Bad($"shape {Shorten(s.GetRawText())} is not a list of non-negative integers");
            shape[i++] = x;
        }
        // The element count overflows only for shapes that no data could fill: say so with the shape.
        long count = shape.Aggregate(1L, ReadLimits.Product);
        if (!v.TryGetProperty("data_offsets", out var o) || o.ValueKind != JsonValueKind.Array || o.GetArrayLength() != 2
            || o[0].ValueKind != JsonValueKind.Number || o[1].ValueKind != JsonValueKind.Number
            || !o[0].TryGetInt64(out var begin) || !o[1].TryGetInt64(out var end))
            throw Bad($"data_offsets is {Shorten(o.ValueKind == JsonValueKind.Undefined ? "missing" : o.GetRawText())}, expected [begin, end] as two integers");
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad($"data_offsets [{begin}, {end}] lie outside the {dataLength} data bytes (truncated file?)");
        long needed = ReadLimits.Product(count, dtype.ElementSize());
        if (end - begin != needed)
            throw Bad($"data_offsets [{begin}, {end}] hold {end - begin} bytes but shape [{string.Join(", ", shape)}] of {code} needs "
                      + (needed == long.MaxValue ? "more than 2^63" : $"{needed}"));
        return (dtype, shape, begin, end);
    }

    static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>Writes tensors (any device, any strides) as safetensors, to a temporary file renamed at the end.</summary>
    public static void Write(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new MemoryStream();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, val) in metadata) w.WriteString(k, val);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in list)
            {
                var code = DTypes.FirstOrDefault(kv => kv.Value == t.dtype).Key
                           ?? throw new NotSupportedException($"safetensors has no code for dtype {t.dtype.Name()} (tensor '{name}')");
                long nbytes = t.numel() * t.element_size();
                w.WriteStartObject(name);
                w.WriteString("dtype", code);
                w.WriteStartArray("shape");
                foreach (var dim in t.shape) w.WriteNumberValue(dim);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + nbytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += nbytes;
            }
            w.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte) ' '); // data starts 8-byte aligned

        AtomicFile.Write(path, file =>
        {
            Span<byte> n = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong) header.Length);
            file.Write(n);
            header.Position = 0;
            header.CopyTo(file);
            foreach (var (_, t) in list) StorageIO.Write(file, t);
        });
    }

    internal static bool LooksLike(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n >= 2 && n <= (ulong) Math.Max(fileLength - 8, 0) && head[8] == (byte) '{';

    /// <summary>A header length the file cannot hold, before a JSON object: a damaged safetensors file rather than another format.</summary>
    internal static bool LooksDamaged(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && head[8] == (byte) '{' && BinaryPrimitives.ReadUInt64LittleEndian(head) > (ulong) Math.Max(fileLength - 8, 0);
}
