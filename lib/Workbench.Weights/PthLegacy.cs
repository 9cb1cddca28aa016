using TorchSharp;
using Workbench.Engine;
using System.Numerics;
using Workbench.Weights.Pickle;

namespace Workbench.Weights;

/// <summary>
/// PyTorch's legacy format (before 1.6): four pickles in a row — the magic number, the protocol
/// version 1001, a sys_info dict, the object itself (storages as persistent ids) — then the pickled
/// list of storage keys, then each storage's bytes preceded by its element count as an int64.
/// </summary>
public static class PthLegacy
{
    internal static readonly BigInteger Magic = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
    const long ProtocolVersion = 1001;

    /// <summary>PROTO, an optional FRAME (protocol 4+), then LONG1 with the 10-byte magic number.</summary>
    internal static bool StartsWithMagic(ReadOnlySpan<byte> head)
    {
        if (head.Length < 2 || head[0] != 0x80) return false;
        int at = 2;
        if (head.Length > at && head[at] == 0x95) at += 9;
        ReadOnlySpan<byte> magic = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
        return head.Length >= at + magic.Length && head.Slice(at, magic.Length).SequenceEqual(magic);
    }

    public static StateDictFile Read(string path, string? key = null)
    {
        using var file = InputFile.Open(path);
        object? root;
        List<object?> keys;
        TorchUnpickler unpickler;
        bool bigEndian;
        string part = "magic number";
        try
        {
            var magic = new Unpickler(file).Load();
            if (!(magic is BigInteger m && m == Magic))
                throw new WeightsFormatException(path, null, $"the first pickle holds {PyDescribe.Of(magic)}, expected PyTorch's magic number 0x1950a86a20f9469cfc6c");
            part = "protocol version";
            var protocol = new Unpickler(file).Load();
            if (protocol is not ProtocolVersion)
                throw new WeightsFormatException(path, null, $"protocol version {PyDescribe.Of(protocol)}, expected {ProtocolVersion}");
            part = "sys_info";
            var sysInfo = new Unpickler(file).Load() as PyDict
                          ?? throw new WeightsFormatException(path, null, "the sys_info pickle is not a dict");
            bigEndian = sysInfo.TryGet("little_endian", out var little) && little is false;
            part = "pickled object";
            unpickler = new TorchUnpickler(file);
            root = unpickler.Load();
            part = "storage key list";
            keys = new Unpickler(file).Load() as List<object?>
                   ?? throw new WeightsFormatException(path, null, "the storage key pickle is not a list");
        }
        catch (InvalidDataException e)
        {
            throw new WeightsFormatException(path, null, $"{part}: {e.Message}", e);
        }

        var selection = CheckpointKey.Select(root, key, path);
        var needed = selection.Tensors.Select(t => t.Tensor.Storage).ToHashSet();
        var budget = new ReadBudget(path, file.Length);
        try
        {
            ReadStorages(file, path, keys, unpickler.Storages, needed, bigEndian, budget);
        }
        catch
        {
            foreach (var s in needed) { s.Data?.Dispose(); s.Data = null; }
            throw;
        }
        return Materialize.Build(path, WeightsFormat.PthLegacy, selection,
            s => throw new WeightsFormatException(path, s.Key, "the storage is not in the file's storage key list"), budget);
    }

    static void ReadStorages(FileStream file, string path, List<object?> keys, Dictionary<string, StorageRef> storages,
                             HashSet<StorageRef> needed, bool bigEndian, ReadBudget budget)
    {
        foreach (var k in keys)
        {
            var name = k as string ?? throw new WeightsFormatException(path, null, $"storage key {PyDescribe.Of(k)} is not a string");
            if (!storages.TryGetValue(name, out var storage))
                throw new WeightsFormatException(path, name, "the storage key list names a storage the pickle never used");
            if (storage.Data is not null) throw new WeightsFormatException(path, name, "the storage key list names this storage twice");
            var where = $"storage {name}";
            long count = Materialize.Guard(path, where, () => StorageIO.ReadInt64(file));
            if (count != storage.Numel)
                throw new WeightsFormatException(path, where, $"{count} elements on disk but the pickle says {storage.Numel}");
            if (storage.Type.DType is not { } dtype)
                throw new WeightsFormatException(path, where, $"storage type torch.{storage.Type.Name} is not handled (expected one of Float, Half, BFloat16, Double, Long, Int, Short, Char, Byte or Bool storage)");
            long nbytes = count < 0 ? -1 : count > long.MaxValue / 8 ? -1 : count * dtype.ElementSize();
            if (nbytes < 0 || nbytes > file.Length - file.Position)
                throw new WeightsFormatException(path, where, $"{count} x {dtype.Name()} elements run past the end of the file ({file.Length - file.Position} bytes left; truncated?)");
            if (needed.Contains(storage))
            {
                budget.TakeStorage(count, dtype.ElementSize(), where, name);
                storage.Data = Materialize.Guard(path, where, () => StorageIO.Read(file, dtype, count, bigEndian));
            }
            else
                file.Seek(nbytes, SeekOrigin.Current);
        }
    }
}
