using TorchSharp;
using static TorchSharp.torch;
using Workbench.Engine;
namespace Workbench.Weights.Pickle;

/// <summary>A storage class named in a pickle (torch.FloatStorage, …) and the dtype it holds.</summary>
internal sealed record StorageType(string Name, ScalarType? DType)
{
    static readonly Dictionary<string, ScalarType> Known = new()
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["DoubleStorage"] = ScalarType.Float64,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    public static bool IsStorageName(string name) => name.EndsWith("Storage", StringComparison.Ordinal);
    public static StorageType Of(string name) => new(name, Known.TryGetValue(name, out var t) ? t : null);

    public static string NameOf(ScalarType dtype) =>
        Known.FirstOrDefault(kv => kv.Value == dtype).Key ?? throw new NotSupportedException($"no PyTorch storage class holds {dtype.Name()}");
}

/// <summary>A storage a pickle refers to by persistent id; its bytes are read after the pickle.</summary>
internal sealed class StorageRef(string key, StorageType type, long numel, string location)
{
    public string Key { get; } = key;
    public StorageType Type { get; } = type;
    public long Numel { get; } = numel;
    public string Location { get; } = location;
    /// <summary>Legacy views of a larger storage: the storage they live in and their element offset.</summary>
    public StorageRef? Root { get; init; }
    public long ViewOffset { get; init; }
    /// <summary>The storage's values as a 1-D tensor, once read.</summary>
    public torch.Tensor? Data { get; set; }
}

/// <summary>What torch._utils._rebuild_tensor_v2 would build: a view into a storage.</summary>
internal sealed class TensorRecord(StorageRef storage, long offset, long[] size, long[] stride)
{
    public StorageRef Storage { get; } = storage;
    public long Offset { get; } = offset;
    public long[] Size { get; } = size;
    public long[] Stride { get; } = stride;
}

/// <summary>
/// Interprets what PyTorch pickles: storage classes, tensor rebuild functions and storages named by
/// persistent id (('storage', type, key, location, numel[, view]) in both the zip and legacy formats).
/// </summary>
internal sealed class TorchUnpickler(Stream input) : Unpickler(input)
{
    /// <summary>Storages by key; the same key always yields the same storage, so tensors share it.</summary>
    public Dictionary<string, StorageRef> Storages { get; } = new();

    protected override object? FindClass(string module, string name)
    {
        if (module == "torch" && StorageType.IsStorageName(name)) return StorageType.Of(name);
        return base.FindClass(module, name);
    }

    protected override object? Call(object? callable, object?[] args)
    {
        if (callable is PyGlobal g)
        {
            switch (g.FullName)
            {
                case "torch._utils._rebuild_tensor_v2" when args.Length >= 4:
                case "torch._utils._rebuild_tensor" when args.Length >= 4:
                    return Rebuild(args, g.Name);
                case "torch._utils._rebuild_parameter" when args.Length >= 1:
                case "torch._utils._rebuild_parameter_with_state" when args.Length >= 1:
                    return args[0] is TensorRecord t ? t : throw Error($"{g.Name} of {PyDescribe.Of(args[0])}, expected a tensor");
                case "torch._tensor._rebuild_from_type_v2" when args.Length >= 3 && args[2] is object?[] inner:
                    // A tensor subclass: (func, type, args, state); the tensor is func(*args).
                    if (args[0] is PyGlobal { Name: "_rebuild_from_type_v2" }) throw Error("nested _rebuild_from_type_v2 (corrupt data)");
                    return Call(args[0], inner);
                case "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor":
                    throw Error($"{g.Name} with {args.Length} arguments, expected (storage, storage_offset, size, stride, …)");
            }
        }
        return base.Call(callable, args);
    }

    TensorRecord Rebuild(object?[] args, string function)
    {
        if (args[0] is not StorageRef storage) throw Error($"{function}: first argument is {PyDescribe.Of(args[0])}, expected a storage");
        long offset = Int(args[1], "storage_offset");
        var size = Ints(args[2], "size");
        var stride = Ints(args[3], "stride");
        if (size.Length != stride.Length) throw Error($"{function}: size has {size.Length} dimensions but stride has {stride.Length}");
        if (storage.Root is not null)
        {
            if (offset < 0 || offset > long.MaxValue - storage.ViewOffset) throw Error($"{function}: storage offset {offset} is outside the storage view");
            return new TensorRecord(storage.Root, offset + storage.ViewOffset, size, stride);
        }
        return new TensorRecord(storage, offset, size, stride);
    }

    protected override object? PersistentLoad(object? pid)
    {
        // Legacy files record each pickled nn.Module class with its source: ('module', class, file, source).
        if (pid is object?[] { Length: >= 2 } m && m[0] is "module") return m[1];
        if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage")
            throw Error($"persistent id {PyDescribe.Of(pid)}, expected ('storage', storage type, key, location, size)");
        var type = t[1] as StorageType ?? throw Error($"storage type is {PyDescribe.Of(t[1])}, expected a torch.*Storage class");
        var key = t[2] as string ?? throw Error($"storage key is {PyDescribe.Of(t[2])}, expected a string");
        var location = t[3] as string ?? "cpu";
        long numel = Int(t[4], "storage size");
        if (!Storages.TryGetValue(key, out var root))
        {
            root = new StorageRef(key, type, numel, location);
            Storages[key] = root;
        }
        if (t.Length >= 6 && t[5] is object?[] { Length: 3 } view)
        {
            // Pre-1.0 legacy files: a view (view_key, offset, size) into the root storage.
            var viewKey = view[0] as string ?? throw Error("storage view key is not a string");
            long viewOffset = Int(view[1], "view offset"), viewSize = Int(view[2], "view size");
            if (viewOffset < 0 || viewSize < 0 || viewOffset > root.Numel || viewSize > root.Numel - viewOffset)
                throw Error($"storage view {viewKey} [{viewOffset}, +{viewSize}) lies outside storage {key} of {root.Numel} elements");
            return new StorageRef(viewKey, type, viewSize, location) { Root = root, ViewOffset = viewOffset };
        }
        return root;
    }

    long Int(object? o, string what) => o switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        System.Numerics.BigInteger => throw Error($"{what} is {PyDescribe.Of(o)}, which does not fit in 64 bits"),
        _ => throw Error($"{what} is {PyDescribe.Of(o)}, expected an integer"),
    };

    long[] Ints(object? o, string what) => o switch
    {
        object?[] t => Dimensions(t, what),
        List<object?> l => Dimensions(l, what),
        PyObject { Type.FullName: "torch.Size", Args: object?[] { Length: 1 } a } when a[0] is not PyObject => Ints(a[0], what),
        _ => throw Error($"{what} is {PyDescribe.Of(o)}, expected a tuple of integers"),
    };

    // Refused before anything is built per dimension: a 4 MB pickle can hold a million-dimension shape.
    long[] Dimensions(IReadOnlyList<object?> values, string what)
    {
        if (values.Count > ReadLimits.MaxDimensions)
            throw Error($"{what} has {values.Count} dimensions; this reader handles at most {ReadLimits.MaxDimensions}");
        var result = new long[values.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Int(values[i], what);
        return result;
    }
}
