using TorchSharp;

namespace Workbench.Weights;

/// <summary>
/// A Python dict (or OrderedDict) in a .pth object tree, as <see cref="PthZip.WriteObject"/> writes
/// and <see cref="PthZip.ReadObject"/> reads it. Keys are strings or integers, kept in insertion
/// order. Values are null (None), bool, long, double, string, <see cref="List{T}"/> (list),
/// object?[] (tuple), PthDict, or a <see cref="torch.Tensor"/>.
/// </summary>
public sealed class PthDict
{
    readonly List<KeyValuePair<object, object?>> items = new();
    readonly Dictionary<object, int> index = new(Pickle.SeededKeys.Instance);   // keys come from files: hashes seeded

    /// <summary>Written as collections.OrderedDict (what state dicts are) rather than dict.</summary>
    public bool Ordered { get; init; }

    public int Count => items.Count;
    public IReadOnlyList<KeyValuePair<object, object?>> Items => items;

    public object? this[object key]
    {
        get => TryGet(key, out var v) ? v : throw new KeyNotFoundException($"no key {key}");
        set => Set(key, value);
    }

    public void Set(object key, object? value)
    {
        if (key is int i) key = (long) i;
        if (key is not (string or long)) throw new ArgumentException($"a .pth dict key is a string or an integer, not {key.GetType().Name}", nameof(key));
        if (index.TryGetValue(key, out var at)) items[at] = new(key, value);
        else
        {
            index[key] = items.Count;
            items.Add(new(key, value));
        }
    }

    public bool TryGet(object key, out object? value)
    {
        if (key is int i) key = (long) i;
        if (index.TryGetValue(key, out var at))
        {
            value = items[at].Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>The tensors of the tree below this dict, for disposing what a read returned.</summary>
    public IEnumerable<torch.Tensor> Tensors() => Walk(this);

    static IEnumerable<torch.Tensor> Walk(object? value)
    {
        switch (value)
        {
            case torch.Tensor t: yield return t; break;
            case PthDict d: foreach (var (_, v) in d.items) foreach (var t in Walk(v)) yield return t; break;
            case List<object?> l: foreach (var v in l) foreach (var t in Walk(v)) yield return t; break;
            case object?[] a: foreach (var v in a) foreach (var t in Walk(v)) yield return t; break;
        }
    }

    /// <summary>An OrderedDict of the entries, as a state dict is written.</summary>
    public static PthDict StateDict(IEnumerable<KeyValuePair<string, torch.Tensor>> entries)
    {
        var d = new PthDict { Ordered = true };
        foreach (var (k, v) in entries) d.Set(k, v);
        return d;
    }
}
