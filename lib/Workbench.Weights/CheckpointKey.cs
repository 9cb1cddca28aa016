using TorchSharp;
using Workbench.Engine;
using Workbench.Weights.Pickle;

namespace Workbench.Weights;

/// <summary>An entry of a weights file that holds no tensor (an epoch number, optimizer state, …), and what it holds.</summary>
public sealed record SkippedEntry(string Key, string What);

/// <summary>
/// Finds the state dict inside an unpickled .pth: the top-level dict itself when it holds tensors,
/// else the dict under a checkpoint key (<c>state_dict</c>, <c>model_state_dict</c>, <c>model</c>, …).
/// </summary>
internal static class CheckpointKey
{
    /// <summary>Keys that training scripts use for the weights, tried in this order before any other key.</summary>
    public static readonly string[] Preferred =
        { "state_dict", "model_state_dict", "model", "net", "network", "module", "model_state", "weights", "params", "state" };

    const int MaxDepth = 3;

    internal sealed record Selection(List<(string Name, TensorRecord Tensor)> Tensors, string? NestedKey, List<SkippedEntry> Skipped)
    {
        public Dictionary<string, object> Fields { get; init; } = new();
    }

    // A checkpoint's own description of what it holds ('model_name': 'fcn8s', 'iteration': 100):
    // the top level's plain values, which need no storage read.
    static Dictionary<string, object> PlainFields(PyDict top)
    {
        var fields = new Dictionary<string, object>();
        foreach (var (k, v) in top.Items)
            if (k is string name && v is string or long or double or bool) fields[name] = v!;
        return fields;
    }

    public static Selection Select(object? root, string? key, string path)
    {
        if (Normalize(root, path) is not PyDict top)
            throw new WeightsFormatException(path, null,
                $"the file holds {PyDescribe.Of(root)}, expected a dict of tensors (a state dict) or a checkpoint dict holding one");
        var skipped = new List<SkippedEntry>();
        PyDict chosen;
        string? nested = null;
        if (key is not null)
        {
            chosen = top;
            foreach (var part in key.Split('/'))
            {
                if (!chosen.TryGet(part, out var v)
                    && !(long.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && chosen.TryGet(n, out v)))
                    throw new WeightsFormatException(path, key, $"no such key; the top level holds: {string.Join(", ", TopKeys(top))}");
                chosen = Normalize(v, path) as PyDict ?? throw new WeightsFormatException(path, key, $"holds {PyDescribe.Of(v)}, expected a dict of tensors");
            }
            nested = key;
            SkipSiblings(top, key.Split('/'), skipped);
        }
        else if (HoldsTensors(top) && !HoldsPreferredStateDict(top, path))
        {
            chosen = top;
        }
        else
        {
            var found = Find(top, 0, path, new HashSet<PyDict>(ReferenceEqualityComparer.Instance)) ?? throw new WeightsFormatException(path, null,
                $"no state dict found: the top-level dict holds {string.Join(", ", TopKeys(top))}; expected tensors, or a dict of tensors under a key such as 'state_dict' or 'model_state_dict'");
            nested = string.Join("/", found);
            chosen = top;
            foreach (var part in found) { chosen.TryGet(part, out var v); chosen = (PyDict) Normalize(v, path)!; }
            SkipSiblings(top, found, skipped);
        }

        var tensors = new List<(string, TensorRecord)>();
        foreach (var (k, v) in chosen.Items)
        {
            var name = k switch { string s => s, long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null };
            if (name is null)
            {
                skipped.Add(new SkippedEntry(PyDescribe.Of(k), PyDescribe.Of(v)));
                continue;
            }
            var full = nested is null ? name : $"{nested}/{name}";
            switch (v)
            {
                case TensorRecord t:
                    tensors.Add((name, t));
                    break;
                case PyObject o when IsUnhandledTensor(o):
                    throw new WeightsFormatException(path, full,
                        $"is built by {o.Type.FullName}, which this reader does not handle (expected a dense tensor from torch._utils._rebuild_tensor_v2)");
                default:
                    skipped.Add(new SkippedEntry(full, PyDescribe.Of(v)));
                    break;
            }
        }
        return new Selection(tensors, nested, skipped) { Fields = PlainFields(top) };
    }

    static string? KeyText(object? k) => k switch
    {
        string s => s,
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    static IEnumerable<string> TopKeys(PyDict d) =>
        d.Items.Take(20).Select(kv => kv.Key is string s ? $"'{s}'" : PyDescribe.Of(kv.Key));

    // A checkpoint may keep a tensor beside its weights ({'model_state_dict': …, 'rng_state': tensor}):
    // a dict of tensors under a preferred key is then the state dict, not the top level.
    static bool HoldsPreferredStateDict(PyDict top, string path) =>
        Preferred.Any(k => top.TryGet(k, out var v) && Normalize(v, path) is PyDict inner && HoldsTensors(inner));

    // A torch object we cannot build still marks the dict as a state dict, so its entry is named in the error.
    static bool HoldsTensors(PyDict d) => d.Items.Any(kv => kv.Value is TensorRecord || IsUnhandledTensor(kv.Value));

    /// <summary>Quantized, sparse, meta and other tensors PyTorch builds with a _rebuild_* function we do not handle.</summary>
    static bool IsUnhandledTensor(object? v) =>
        v is PyObject o && o.Type.Module.StartsWith("torch", StringComparison.Ordinal) && o.Type.Name.StartsWith("_rebuild", StringComparison.Ordinal);

    // Each dict is looked into once: a crafted pickle can reference one dict from thousands of keys.
    static string[]? Find(PyDict d, int depth, string path, HashSet<PyDict> seen)
    {
        if (!seen.Add(d) || depth >= MaxDepth) return null;
        // Optimizer and scheduler states hold tensors too, but never the weights: try them last.
        static bool Aside(string k) => k.Contains("optim", StringComparison.OrdinalIgnoreCase) || k.Contains("sched", StringComparison.OrdinalIgnoreCase);
        var others = d.Items.Select(kv => kv.Key).OfType<string>().Where(k => !Preferred.Contains(k)).ToList();
        var candidates = Preferred.Where(p => d.TryGet(p, out _)).Concat(others.Where(k => !Aside(k))).Concat(others.Where(Aside));
        foreach (var k in candidates)
        {
            d.TryGet(k, out var v);
            if (Normalize(v, path) is not PyDict inner || seen.Contains(inner)) continue;
            if (HoldsTensors(inner)) return new[] { k };
            if (Find(inner, depth + 1, path, seen) is { } deeper) return deeper.Prepend(k).ToArray();
        }
        return null;
    }

    /// <summary>A pickled nn.Module (WeightsFile.Write(model)) stands for its state dict: parameters and buffers by dotted name.</summary>
    static object? Normalize(object? v, string path)
    {
        if (!IsModule(v)) return v;
        if (((PyObject) v!).Derived is PyDict done) return done;
        var flat = new PyDict { IsOrdered = true };
        int budget = 1_000_000; // modules and tensors visited: shared submodules count once per name, as in state_dict(), so a crafted DAG must not explode
        Flatten((PyObject) v!, "", flat, 0, path, ref budget);
        ((PyObject) v!).Derived = flat;
        return flat;
    }

    static bool IsModule(object? v) =>
        v is PyObject { State: PyDict s } && s.TryGet("_modules", out _) && s.TryGet("_parameters", out _);

    static void Flatten(PyObject module, string prefix, PyDict into, int depth, string path, ref int budget)
    {
        if (depth > 100 || --budget < 0)
            throw new WeightsFormatException(path, prefix, "the pickled modules nest more than 100 deep or hold more than a million entries (corrupt or cyclic data)");
        var state = (PyDict) module.State!;
        // Like state_dict(): buffers registered with persistent=False are left out.
        var transient = state.TryGet("_non_persistent_buffers_set", out var np) && np is PySet set
            ? set.Items.OfType<string>().ToHashSet() : new HashSet<string>();
        foreach (var field in new[] { "_parameters", "_buffers" })
            if (state.TryGet(field, out var d) && d is PyDict items)
                foreach (var (k, t) in items.Items)
                {
                    if (--budget < 0) throw new WeightsFormatException(path, prefix, "the pickled modules hold more than a million entries (corrupt or cyclic data)");
                    if (k is string name && t is not null && !(field == "_buffers" && transient.Contains(name))) into.Set(prefix + name, t);
                }
        if (state.TryGet("_modules", out var m) && m is PyDict children)
            foreach (var (k, child) in children.Items)
                if (k is string name && IsModule(child)) Flatten((PyObject) child!, prefix + name + ".", into, depth + 1, path, ref budget);
    }

    static void SkipSiblings(PyDict top, string[] pathParts, List<SkippedEntry> skipped)
    {
        var d = top;
        var prefix = "";
        foreach (var part in pathParts)
        {
            foreach (var (k, v) in d.Items)
                if (KeyText(k) != part)
                    skipped.Add(new SkippedEntry(prefix + (KeyText(k) ?? PyDescribe.Of(k)), PyDescribe.Of(v)));
            var next = d.Items.FirstOrDefault(kv => KeyText(kv.Key) == part).Value;
            if (next is not PyDict nd) break;
            d = nd;
            prefix += part + "/";
        }
    }
}
