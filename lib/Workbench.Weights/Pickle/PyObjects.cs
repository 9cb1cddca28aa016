namespace Workbench.Weights.Pickle;

// Python values as the unpickler builds them: None → null, bool, long, BigInteger, double, string,
// byte[], List<object?> (list), object?[] (tuple), PyDict (dict and OrderedDict), and the types below.
// Nothing from the file is ever executed: classes the reader does not know become PyObject placeholders.

/// <summary>A class or function named by GLOBAL / STACK_GLOBAL.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
    public override string ToString() => FullName;
}

/// <summary>An instance of a class the reader does not interpret: its class, arguments and state.</summary>
internal sealed class PyObject(PyGlobal type, object? args)
{
    public PyGlobal Type { get; } = type;
    public object? Args { get; } = args;
    public object? State { get; set; }
    /// <summary>What a reader derived from this object once (a module's flattened state dict), so it is derived once.</summary>
    public object? Derived { get; set; }
    public override string ToString() => $"{Type.FullName} object";
}

/// <summary>A dict or OrderedDict: keys kept in insertion order, a repeated key overwrites in place.</summary>
internal sealed class PyDict
{
    readonly List<KeyValuePair<object?, object?>> items = new();
    readonly Dictionary<object, int> index = new(SeededKeys.Instance);

    /// <summary>Attributes set by BUILD (a state dict's <c>_metadata</c>).</summary>
    public object? State { get; set; }
    public bool IsOrdered { get; init; }
    public int Count => items.Count;
    public IReadOnlyList<KeyValuePair<object?, object?>> Items => items;

    public void Set(object? key, object? value)
    {
        if (key is not null && index.TryGetValue(key, out var i))
        {
            items[i] = new(key, value);
            return;
        }
        if (key is not null) index[key] = items.Count;
        items.Add(new(key, value));
    }

    public bool TryGet(object key, out object? value)
    {
        if (index.TryGetValue(key, out var i))
        {
            value = items[i].Value;
            return true;
        }
        value = null;
        return false;
    }
}

/// <summary>A set or frozenset (kept as a list: only counted, never looked into).</summary>
internal sealed class PySet(List<object?> items)
{
    public List<object?> Items { get; } = items;
}

/// <summary>Python's repr-like short description of a value, for messages and skipped entries.</summary>
internal static class PyDescribe
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long => $"int {value}",
        System.Numerics.BigInteger big => big.GetBitLength() <= 128 ? $"int {big}" : $"int of {big.GetBitLength()} bits",
        double d => $"float {d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        string s => s.Length <= 40 ? $"str '{Workbench.Engine.Printable.Escape(s)}'" : $"str of {s.Length} characters",
        byte[] b => $"bytes of length {b.Length}",
        List<object?> l => $"list of {l.Count} items",
        object?[] t => $"tuple of {t.Length} items",
        PyDict d => $"{(d.IsOrdered ? "OrderedDict" : "dict")} of {d.Count} entries",
        PySet s => $"set of {s.Items.Count} items",
        PyGlobal g => $"class {g.FullName}",
        PyObject o => $"{o.Type.FullName} object",
        _ => value.GetType().Name,
    };
}
