using TorchSharp;
using Workbench.Engine;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Reads and writes <see cref="Checkpoint"/>s as PyTorch .pth files (zip format), which
/// <c>torch.load</c> in PyTorch opens and <c>workbench inspect weights</c> lists. The object is a
/// dict in the layout PyTorch training scripts use:
/// <code>
/// { 'format': 'fcn-workbench-checkpoint', 'version': 1, 'iteration': int,
///   'model_name': str, 'width': float, 'classes': int, 'metadata': {str: str},
///   'model_state_dict': OrderedDict(name → tensor),
///   'optimizer_state_dict': {'state': {i: {'momentum_buffer': tensor}},
///                            'param_groups': [{'lr', 'momentum', 'dampening', 'weight_decay',
///                                              'nesterov', 'maximize', 'params': [i, …]}]},
///   'rng_state': uint8 tensor }
/// </code>
/// The optimizer state is torch.optim.SGD's own state_dict() layout, so PyTorch's SGD loads it.
/// Writes are atomic (<see cref="AtomicFile"/>).
/// </summary>
public static class CheckpointFile
{
    public const string Format = "fcn-workbench-checkpoint";
    public const long Version = 1;

    public static void Write(string path, Checkpoint c)
    {
        using var scope = NewDisposeScope();   // the detached views made below
        var state = new PthDict();
        var groups = new List<object?>();
        int index = 0;
        var buffers = c.Optimizer.MomentumBuffers;
        foreach (var (options, count) in c.Optimizer.Groups.Zip(c.Optimizer.GroupSizes))
        {
            var ids = new List<object?>();
            for (int k = 0; k < count; k++, index++)
            {
                ids.Add((long) index);
                if (buffers[index] is { } b) state.Set((long) index, new PthDict { ["momentum_buffer"] = Cpu(b) });
            }
            groups.Add(new PthDict
            {
                ["lr"] = options.LearningRate, ["momentum"] = options.Momentum, ["dampening"] = options.Dampening,
                ["weight_decay"] = options.WeightDecay, ["nesterov"] = options.Nesterov, ["maximize"] = options.Maximize,
                ["foreach"] = null, ["differentiable"] = false, ["fused"] = null, ["params"] = ids,
            });
        }
        var metadata = new PthDict();
        foreach (var (k, v) in c.Metadata) metadata.Set(k, v);
        var root = new PthDict
        {
            ["format"] = Format, ["version"] = Version, ["iteration"] = c.Iteration,
            ["model_name"] = c.ModelName, ["width"] = c.Width, ["classes"] = c.Classes, ["metadata"] = metadata,
            ["model_state_dict"] = PthDict.StateDict(c.Model.Select(kv => KeyValuePair.Create(kv.Key, Cpu(kv.Value)))),
            ["optimizer_state_dict"] = new PthDict { ["state"] = state, ["param_groups"] = groups },
            ["rng_state"] = Cpu(c.RngState),
        };
        PthZip.WriteObject(root, path);
    }

    static Tensor Cpu(Tensor t) => t.device_type == DeviceType.CPU ? t.detach() : t.detach().cpu();

    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint {path} does not exist", path);
        object? root;
        try
        {
            root = PthZip.ReadObject(path);
        }
        catch (WeightsFormatException e)
        {
            throw new InvalidDataException($"{path}: not a valid checkpoint ({e.Message})", e);
        }
        var made = root is PthDict d0 ? d0.Tensors().ToList() : new List<Tensor>();
        try
        {
            return Parse(root, path);
        }
        catch
        {
            foreach (var t in made) t.Dispose();
            throw;
        }
    }

    static Checkpoint Parse(object? root, string path)
    {
        InvalidDataException Bad(string what) => new($"{path}: not a valid checkpoint ({what})");
        if (root is not PthDict top) throw Bad("the file holds no dict");
        T Get<T>(PthDict d, string key, string where)
        {
            if (!d.TryGet(key, out var v)) throw Bad($"no '{where}{key}'");
            return v is T t ? t : throw Bad($"'{where}{key}' is not a {typeof(T).Name}");
        }
        if (!top.TryGet("format", out var f) || f as string != Format) throw Bad($"no 'format': '{Format}' entry (a weights file, not a training checkpoint?)");
        long version = Get<long>(top, "version", "");
        if (version != Version) throw Bad($"version {version}; this workbench reads version {Version}");
        var model = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Get<PthDict>(top, "model_state_dict", "").Items)
            model[k as string ?? throw Bad("a model key is not a string")] = v as Tensor ?? throw Bad($"model entry {k} is not a tensor");
        var optimizer = Get<PthDict>(top, "optimizer_state_dict", "");
        var state = Get<PthDict>(optimizer, "state", "optimizer_state_dict/");
        var options = new List<SgdOptions>();
        var sizes = new List<int>();
        var buffers = new List<Tensor?>();
        foreach (var g in Get<List<object?>>(optimizer, "param_groups", "optimizer_state_dict/"))
        {
            if (g is not PthDict group) throw Bad("a param group is not a dict");
            const string at = "optimizer_state_dict/param_groups/";
            options.Add(new SgdOptions(Get<double>(group, "lr", at), Get<double>(group, "momentum", at), Get<double>(group, "dampening", at),
                Get<double>(group, "weight_decay", at), Get<bool>(group, "nesterov", at), Get<bool>(group, "maximize", at)));
            var ids = Get<List<object?>>(group, "params", at);
            sizes.Add(ids.Count);
            foreach (var id in ids)
            {
                if (id is not long i || i != buffers.Count) throw Bad("param ids are not 0, 1, 2, … in order");
                buffers.Add(state.TryGet(i, out var s) && s is PthDict ps && ps.TryGet("momentum_buffer", out var b) ? b as Tensor : null);
            }
        }
        var metadata = new Dictionary<string, string>();
        foreach (var (k, v) in Get<PthDict>(top, "metadata", "").Items)
            metadata[k as string ?? throw Bad("a metadata key is not a string")] = v as string ?? throw Bad($"metadata {k} is not a string");
        return new Checkpoint(Get<long>(top, "iteration", ""), Get<string>(top, "model_name", ""), Get<double>(top, "width", ""),
            Get<long>(top, "classes", ""), model, new SgdState(buffers, options, sizes),
            Get<Tensor>(top, "rng_state", ""), metadata);
    }
}
