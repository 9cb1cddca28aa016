using Workbench.Torch.Serialization.Pickle;

namespace Workbench.Torch.Serialization;

/// <summary>Turns a selected state dict of tensor records into tensors, reading each storage once.</summary>
internal static class Materialize
{
    public static StateDictFile Build(string path, WeightsFormat format, CheckpointKey.Selection selection, Func<StorageRef, torch.Tensor> readStorage)
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
                    storage.Data = Guard(path, full, () => readStorage(storage));
                }
                if (entries.ContainsKey(name)) throw new WeightsFormatException(path, full, "the name appears twice");
                entries[name] = Guard(path, full, () => StorageIO.View(record, path, full));
            }
            return new StateDictFile
            {
                Path = path, Format = format, Entries = entries, NestedKey = selection.NestedKey, Skipped = selection.Skipped,
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

    /// <summary>Gives any failure while reading one entry the file's and the entry's name.</summary>
    internal static T Guard<T>(string path, string entry, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException or TorchException
                                      or ArgumentException or IOException && e is not WeightsFormatException)
        {
            throw new WeightsFormatException(path, entry, e.Message, e);
        }
    }
}
