using TorchSharp;
using Workbench.Engine;
using Workbench.Weights.Pickle;

namespace Workbench.Weights;

/// <summary>Turns a selected state dict of tensor records into tensors, reading each storage once.</summary>
internal static class Materialize
{
    public static StateDictFile Build(string path, WeightsFormat format, CheckpointKey.Selection selection, Func<StorageRef, torch.Tensor> readStorage,
                                      ReadBudget budget)
    {
        var entries = new Dictionary<string, torch.Tensor>();
        try
        {
            foreach (var (name, record) in selection.Tensors)
            {
                var storage = record.Storage;
                var full = selection.NestedKey is null ? name : $"{selection.NestedKey}/{name}";
                if (storage.Data is null)
                {
                    if (storage.Type.DType is null)
                        throw new WeightsFormatException(path, full, $"storage type torch.{storage.Type.Name} is not handled (expected one of Float, Half, BFloat16, Double, Long, Int, Short, Char, Byte or Bool storage)");
                    budget.TakeStorage(storage.Numel, storage.Type.DType.Value.ElementSize(), full, storage.Key);
                    storage.Data = Guard(path, full, () => readStorage(storage));
                }
                if (entries.ContainsKey(name)) throw new WeightsFormatException(path, full, "the name appears twice");
                budget.TakeTensor(full);
                entries[name] = Guard(path, full, () => StorageIO.View(record, path, full));
            }
            return new StateDictFile
            {
                Path = path, Format = format, Entries = entries, NestedKey = selection.NestedKey, Skipped = selection.Skipped, Fields = selection.Fields,
            };
        }
        catch
        {
            foreach (var t in entries.Values) t.Dispose();
            throw;
        }
        finally
        {
            // The views keep the storages alive natively; the 1-D handles are no longer needed.
            foreach (var (_, record) in selection.Tensors) { record.Storage.Data?.Dispose(); record.Storage.Data = null; }
        }
    }

    /// <summary>
    /// The unpickled tree as plain .NET values (see <see cref="PthDict"/>), each tensor built once
    /// per record; the tensors made are added to <paramref name="made"/> so a failure can free them.
    /// </summary>
    public static object? Tree(object? root, string path, string at, List<torch.Tensor> made, Func<StorageRef, torch.Tensor> readStorage,
                               ReadBudget budget)
    {
        var storages = new List<StorageRef>();
        try
        {
            return Convert(root, at, 0);
        }
        finally
        {
            foreach (var s in storages) { s.Data?.Dispose(); s.Data = null; }
        }

        object? Convert(object? value, string where, int depth)
        {
            if (depth > ReadLimits.Depth) throw new WeightsFormatException(path, where, $"nested deeper than {ReadLimits.Depth} levels");
            switch (value)
            {
                case null or bool or long or double or string: return value;
                case System.Numerics.BigInteger big:   // LONG1/LONG4: Python ints beyond 32 bits
                    return big >= long.MinValue && big <= long.MaxValue ? (long) big
                        : throw new WeightsFormatException(path, where, $"the integer {big} does not fit in 64 bits");
                case TensorRecord r:
                    if (r.Storage.Data is null)
                    {
                        if (r.Storage.Type.DType is null)
                            throw new WeightsFormatException(path, where, $"storage type torch.{r.Storage.Type.Name} is not handled");
                        budget.TakeStorage(r.Storage.Numel, r.Storage.Type.DType.Value.ElementSize(), where, r.Storage.Key);
                        r.Storage.Data = Guard(path, where, () => readStorage(r.Storage));
                        storages.Add(r.Storage);
                    }
                    budget.TakeTensor(where);
                    var t = Guard(path, where, () => StorageIO.View(r, path, where));
                    made.Add(t);
                    return t;
                case PyDict d:
                    var dict = new PthDict { Ordered = d.IsOrdered };
                    foreach (var (k, v) in d.Items)
                    {
                        if (k is not (string or long)) throw new WeightsFormatException(path, where, $"a dict key is {PyDescribe.Of(k)}, expected a string or an integer");
                        dict.Set(k, Convert(v, where.Length == 0 ? $"{k}" : $"{where}/{k}", depth + 1));
                    }
                    return dict;
                case List<object?> l: return l.Select((v, i) => Convert(v, $"{where}[{i}]", depth + 1)).ToList();
                case object?[] tuple: return tuple.Select((v, i) => Convert(v, $"{where}[{i}]", depth + 1)).ToArray();
                default: throw new WeightsFormatException(path, where.Length == 0 ? null : where, $"holds {PyDescribe.Of(value)}, expected plain data (dicts, lists, numbers, strings, tensors)");
            }
        }
    }

    /// <summary>Gives any failure while reading one entry the file's and the entry's name.</summary>
    internal static T Guard<T>(string path, string entry, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException or System.Runtime.InteropServices.ExternalException
                                      or ArgumentException or IOException && e is not WeightsFormatException)
        {
            throw new WeightsFormatException(path, entry, e.Message, e);
        }
    }
}
