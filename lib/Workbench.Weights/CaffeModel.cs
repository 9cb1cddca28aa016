using TorchSharp;
using static TorchSharp.torch;
using Workbench.Engine;
namespace Workbench.Weights;

/// <summary>
/// Caffe's .caffemodel: a NetParameter protobuf. Layers come as <c>layer</c> (field 100,
/// LayerParameter: name 1, type 2, blobs 7) or, in older files, <c>layers</c> (field 2,
/// V1LayerParameter: name 4, blobs 6; a V0LayerParameter in its field 1: name 1, blobs 50).
/// A BlobProto holds shape 7 (BlobShape: dim 1) or the legacy num 1 / channels 2 / height 3 / width 4,
/// and its values in data 5 (float) or double_data 8. Blob 0 of a layer becomes NAME.weight,
/// blob 1 NAME.bias, further blobs NAME.blobK, as pytorch-fcn names converted Caffe weights.
/// </summary>
public static class CaffeModel
{
    public static StateDictFile Read(string path)
    {
        var data = InputFile.ReadAllBytes(path);
        var entries = new Dictionary<string, torch.Tensor>();
        var skipped = new List<SkippedEntry>();
        var budget = new ReadBudget(path, data.Length);
        string? layerName = null;
        try
        {
            var net = new ProtoReader(data, 0, data.Length);
            int layers = 0;
            while (!net.AtEnd)
            {
                var (field, wire) = net.ReadTag();
                if (field == 100 && wire == ProtoReader.LengthDelimited)
                    ReadLayer(net.ReadMessage(), nameField: 1, blobsField: 7, v0Field: 0, data, path, entries, budget, ref layerName);
                else if (field == 2 && wire == ProtoReader.LengthDelimited)
                    ReadLayer(net.ReadMessage(), nameField: 4, blobsField: 6, v0Field: 1, data, path, entries, budget, ref layerName);
                else
                {
                    net.Skip(wire);
                    continue;
                }
                layers++;
                layerName = null;
            }
            if (layers == 0) throw new WeightsFormatException(path, null, "no layers found (expected a Caffe NetParameter with `layer` or `layers` fields)");
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException or System.Runtime.InteropServices.ExternalException or ArgumentException && e is not WeightsFormatException)
        {
            foreach (var t in entries.Values) t.Dispose();
            throw new WeightsFormatException(path, layerName is null ? null : $"layer {layerName}", e.Message, e);
        }
        catch
        {
            foreach (var t in entries.Values) t.Dispose();
            throw;
        }
        return new StateDictFile { Path = path, Format = WeightsFormat.CaffeModel, Entries = entries, Skipped = skipped };
    }

    static void ReadLayer(ProtoReader layer, int nameField, int blobsField, int v0Field, byte[] data, string path,
                          Dictionary<string, torch.Tensor> entries, ReadBudget budget, ref string? layerName)
    {
        var blobs = new List<ProtoReader>();
        string? name = null;
        while (!layer.AtEnd)
        {
            var (field, wire) = layer.ReadTag();
            if (field == nameField && wire == ProtoReader.LengthDelimited) name = layer.ReadString();
            else if (field == blobsField && wire == ProtoReader.LengthDelimited) blobs.Add(layer.ReadMessage());
            else if (v0Field != 0 && field == v0Field && wire == ProtoReader.LengthDelimited)
            {
                // A V0 layer wrapped in a V1 one (the oldest Caffe files): name 1, blobs 50.
                var v0 = layer.ReadMessage();
                while (!v0.AtEnd)
                {
                    var (f, w) = v0.ReadTag();
                    if (f == 1 && w == ProtoReader.LengthDelimited) name ??= v0.ReadString();
                    else if (f == 50 && w == ProtoReader.LengthDelimited) blobs.Add(v0.ReadMessage());
                    else v0.Skip(w);
                }
            }
            else layer.Skip(wire);
        }
        layerName = name ?? $"#{entries.Count}";
        if (blobs.Count > 0 && string.IsNullOrEmpty(name)) throw new InvalidDataException("a layer with blobs has no name");
        for (int i = 0; i < blobs.Count; i++)
        {
            var key = i switch { 0 => $"{name}.weight", 1 => $"{name}.bias", _ => $"{name}.blob{i}" };
            if (entries.ContainsKey(key)) throw new WeightsFormatException(path, key, "two layers have the same name");
            budget.TakeTensor(key);
            entries[key] = ReadBlob(blobs[i], data, path, key);
        }
    }

    static torch.Tensor ReadBlob(ProtoReader blob, byte[] data, string path, string key)
    {
        var floats = new List<(int Start, int Length)>();
        var doubles = new List<(int Start, int Length)>();
        List<long>? shape = null;
        var legacy = new long[4];
        bool hasLegacy = false;
        while (!blob.AtEnd)
        {
            var (field, wire) = blob.ReadTag();
            switch (field, wire)
            {
                case (5, ProtoReader.LengthDelimited): floats.Add(blob.ReadBlock()); break; // packed
                case (5, ProtoReader.Fixed32): floats.Add(blob.ReadFixed(4)); break;          // unpacked
                case (8, ProtoReader.LengthDelimited): doubles.Add(blob.ReadBlock()); break;
                case (8, ProtoReader.Fixed64): doubles.Add(blob.ReadFixed(8)); break;
                case (7, ProtoReader.LengthDelimited): shape = ReadShape(blob.ReadMessage()); break;
                case ( >= 1 and <= 4, ProtoReader.Varint):
                    legacy[field - 1] = (long) (int) blob.ReadVarint(); // int32 fields
                    hasLegacy = true;
                    break;
                default: blob.Skip(wire); break;
            }
        }
        long[] dims = shape?.ToArray() ?? (hasLegacy ? legacy : Array.Empty<long>());
        if (dims.Any(d => d < 0)) throw new WeightsFormatException(path, key, $"blob shape [{string.Join(", ", dims)}] has a negative dimension");
        long count = dims.Aggregate(1L, ReadLimits.Product);
        // Caffe reads double_data when present, data otherwise.
        bool useDouble = doubles.Count > 0;
        var segments = useDouble ? doubles : floats;
        int size = useDouble ? 8 : 4;
        long bytes = 0;
        foreach (var (_, n) in segments)
        {
            if (n % size != 0) throw new WeightsFormatException(path, key, $"a packed {(useDouble ? "double" : "float")} field of {n} bytes is not a whole number of values");
            bytes += n;
        }
        if (bytes / size != count)
            throw new WeightsFormatException(path, key, $"the blob holds {bytes / size} values but its shape [{string.Join(", ", dims)}] needs "
                                                        + (count == long.MaxValue ? "more than 2^63" : $"{count}"));
        var t = torch.empty(dims, useDouble ? ScalarType.Float64 : ScalarType.Float32);
        long at = 0;
        foreach (var (s, n) in segments)
        {
            TensorBytes.CopyInto(t, at, data.AsSpan(s, n));
            at += n;
        }
        return t;
    }

    static List<long> ReadShape(ProtoReader shape)
    {
        var dims = new List<long>();
        while (!shape.AtEnd)
        {
            var (field, wire) = shape.ReadTag();
            if (field == 1 && wire == ProtoReader.Varint) dims.Add((long) shape.ReadVarint());
            else if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                var packed = shape.ReadMessage();
                while (!packed.AtEnd) dims.Add((long) packed.ReadVarint());
            }
            else shape.Skip(wire);
            if (dims.Count > 32) throw new InvalidDataException("a blob shape with more than 32 dimensions (Caffe's limit)");
        }
        return dims;
    }
}
