using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Torch;
using Workbench.Torch.Modules;
using static Workbench.Torch.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Reads and writes <see cref="Checkpoint"/>s. The one place that knows the file format, so it
/// can become .pth once the weights library lands. The format is self-describing: the magic
/// "WBCKPT01", an int64 header length, a JSON header (iteration, metadata, optimizer groups, and
/// for each tensor its name, dtype, shape, offset and byte length), then the raw little-endian
/// tensor bytes. Writes go to a temporary file in the same directory and are renamed into place,
/// so a crash never leaves a torn checkpoint under the final name.
/// </summary>
public static class CheckpointFile
{
    static readonly byte[] Magic = "WBCKPT01"u8.ToArray();
    const long MaxHeader = 64L << 20;

    public static void Write(string path, Checkpoint c)
    {
        var tensors = new List<(string name, Tensor t)>();
        foreach (var (k, v) in c.Model) tensors.Add(("model/" + k, v));
        foreach (var (i, v) in c.Optimizer.MomentumBuffers) tensors.Add(($"optimizer/momentum/{i}", v));
        tensors.Add(("rng", c.RngState));

        var blobs = new List<byte[]>();
        var entries = new JsonArray();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            using var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes();
            blobs.Add(bytes);
            entries.Add(new JsonObject
            {
                ["name"] = name, ["dtype"] = t.dtype.ToString(), ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode) d).ToArray()),
                ["offset"] = offset, ["length"] = bytes.LongLength,
            });
            offset += bytes.LongLength;
        }
        var header = new JsonObject
        {
            ["iteration"] = c.Iteration,
            ["metadata"] = new JsonObject(c.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?) kv.Value))),
            ["optimizer_groups"] = new JsonArray(c.Optimizer.Groups.Select(g => (JsonNode) new JsonObject
            {
                ["lr"] = g.LearningRate, ["momentum"] = g.Momentum, ["dampening"] = g.Dampening,
                ["weight_decay"] = g.WeightDecay, ["nesterov"] = g.Nesterov,
            }).ToArray()),
            ["tensors"] = entries,
        };
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());

        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var s = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            s.Write(Magic);
            s.Write(BitConverter.GetBytes((long) headerBytes.Length));
            s.Write(headerBytes);
            foreach (var b in blobs) s.Write(b);
            s.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static Checkpoint Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"checkpoint {path} does not exist", path);
        }
        InvalidDataException Bad(string what) => new($"{path}: not a valid checkpoint ({what})");
        if (data.Length < 16 || !data.AsSpan(0, 8).SequenceEqual(Magic)) throw Bad("no WBCKPT01 magic");
        long headerLength = BitConverter.ToInt64(data, 8);
        if (headerLength <= 0 || headerLength > MaxHeader || 16 + headerLength > data.Length) throw Bad($"header length {headerLength}");
        JsonNode header;
        try
        {
            header = JsonNode.Parse(data.AsSpan(16, (int) headerLength)) ?? throw Bad("empty header");
        }
        catch (JsonException e)
        {
            throw Bad("header is not JSON: " + e.Message);
        }
        long bodyStart = 16 + headerLength;
        var model = new Dictionary<string, Tensor>();
        var momentum = new Dictionary<int, Tensor>();
        Tensor? rng = null;
        try
        {
            foreach (var e in header["tensors"]?.AsArray() ?? throw Bad("no tensor table"))
            {
                string name = e!["name"]!.GetValue<string>();
                if (!Enum.TryParse<ScalarType>(e["dtype"]!.GetValue<string>(), out var dtype) || !Enum.IsDefined(dtype))
                    throw Bad($"tensor {name}: unknown dtype {e["dtype"]}");
                var shape = e["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                long offset = e["offset"]!.GetValue<long>(), length = e["length"]!.GetValue<long>();
                long count = 1;
                foreach (var d in shape)
                {
                    if (d < 0) throw Bad($"tensor {name}: negative dimension");
                    count = checked(count * d);
                }
                if (checked(count * dtype.ElementSize()) != length) throw Bad($"tensor {name}: {length} bytes for shape [{string.Join(", ", shape)}] of {dtype}");
                if (offset < 0 || bodyStart + offset + length > data.Length) throw Bad($"tensor {name}: bytes beyond the end of the file");
                var t = frombuffer(data.AsSpan((int) (bodyStart + offset), (int) length), dtype, shape).DetachFromDisposeScope();
                if (name.StartsWith("model/")) model[name["model/".Length..]] = t;
                else if (name.StartsWith("optimizer/momentum/") && int.TryParse(name["optimizer/momentum/".Length..], out var i)) momentum[i] = t;
                else if (name == "rng") rng = t;
                else throw Bad($"unexpected tensor {name}");
            }
            var groups = (header["optimizer_groups"]?.AsArray() ?? throw Bad("no optimizer groups")).Select(g => new SGD.Options(
                g!["lr"]!.GetValue<double>(), g["momentum"]!.GetValue<double>(), g["dampening"]!.GetValue<double>(),
                g["weight_decay"]!.GetValue<double>(), g["nesterov"]!.GetValue<bool>())).ToList();
            var metadata = (header["metadata"]?.AsObject() ?? new JsonObject()).ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "");
            long iteration = header["iteration"]?.GetValue<long>() ?? throw Bad("no iteration");
            return new Checkpoint(iteration, model, new SGD.State(momentum, groups), rng ?? throw Bad("no rng state"), metadata);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or NullReferenceException or KeyNotFoundException)
        {
            foreach (var t in model.Values.Concat(momentum.Values)) t.Dispose();
            rng?.Dispose();
            throw Bad(e.Message);
        }
    }
}
