using TorchSharp;
using Workbench.Engine;
using System.IO.Compression;
using System.Text;
using Workbench.Weights.Pickle;

namespace Workbench.Weights;

/// <summary>
/// PyTorch's zip format: <c>NAME/data.pkl</c> (the pickled object, protocol 2), <c>NAME/data/KEY</c>
/// (one record per storage, raw little-endian bytes), <c>NAME/version</c>, and in newer files
/// <c>NAME/byteorder</c>. The folder NAME varies (the file's stem in 1.x, "archive" in 2.x).
/// </summary>
public static class PthZip
{
    public static StateDictFile Read(string path, string? key = null)
    {
        using var file = InputFile.Open(path);
        using var zip = OpenArchive(file, path);
        var (root, prefix, bigEndian) = Unpickle(zip, file, path);
        var selection = CheckpointKey.Select(root, key, path);
        return Materialize.Build(path, WeightsFormat.PthZip, selection, storage => ReadStorage(zip, file, path, prefix, bigEndian, storage),
            new ReadBudget(path, file.Length));
    }

    static (object? Root, string Prefix, bool BigEndian) Unpickle(ZipArchive zip, FileStream file, string path)
    {
        var pkl = zip.Entries.FirstOrDefault(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
                  ?? throw new WeightsFormatException(path, null, "the zip archive has no data.pkl record (expected a PyTorch checkpoint written by torch.save)");
        var prefix = pkl.FullName[..^"data.pkl".Length];
        if (zip.GetEntry(prefix + "constants.pkl") is not null)
            throw new WeightsFormatException(path, null,
                "a TorchScript archive (torch.jit.save), not a torch.save checkpoint: load it in PyTorch and torch.save its state_dict()");
        bool bigEndian = false;
        if (zip.GetEntry(prefix + "byteorder") is { } order)
        {
            var text = Encoding.ASCII.GetString(ReadSmall(order, 16, path)).Trim();
            bigEndian = text switch
            {
                "little" => false,
                "big" => true,
                _ => throw new WeightsFormatException(path, order.FullName, $"byteorder is '{text}', expected 'little' or 'big'"),
            };
        }
        try
        {
            CheckPlausible(pkl, file.Length, path);
            if (!ReadLimits.Allows(pkl.Length))
                throw new InvalidDataException($"the record declares {pkl.Length} bytes of pickle, {ReadLimits.Hint}");
            using var stream = new EntryStream(pkl.Open(), pkl.Length);
            return (new TorchUnpickler(stream).Load(), prefix, bigEndian);
        }
        catch (InvalidDataException e)
        {
            throw new WeightsFormatException(path, pkl.FullName, e.Message, e);
        }
    }

    static torch.Tensor ReadStorage(ZipArchive zip, FileStream file, string path, string prefix, bool bigEndian, StorageRef storage)
    {
        var name = prefix + "data/" + storage.Key;
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"its storage record {name} is missing from the archive");
        var dtype = storage.Type.DType!.Value;
        long nbytes = ReadLimits.Product(storage.Numel, dtype.ElementSize());
        CheckPlausible(entry, file.Length, path);
        if (storage.Numel < 0 || nbytes > entry.Length)
            throw new InvalidDataException($"storage record {name} holds {entry.Length} bytes but the pickle says {storage.Numel} x {dtype.Name()} ({(nbytes == long.MaxValue ? "more than 2^63" : nbytes)} bytes)");
        // torch.save stores records uncompressed: their bytes are in the file. A deflated one expands.
        if (entry.Length > entry.CompressedLength && !ReadLimits.Allows(nbytes))
            throw new InvalidDataException($"storage record {name} is compressed and inflates to {nbytes} bytes, {ReadLimits.Hint}");
        using var s = entry.Open();
        return StorageIO.Read(s, dtype, storage.Numel, bigEndian);
    }

    internal static ZipArchive OpenArchive(Stream file, string path)
    {
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new WeightsFormatException(path, null, $"not a readable zip archive ({e.Message})", e);
        }
    }

    // A corrupt directory can declare any size: refuse sizes the file cannot hold (deflate expands at most ~1032x).
    static void CheckPlausible(ZipArchiveEntry entry, long fileLength, string path)
    {
        if (entry.CompressedLength > fileLength || entry.Length < 0 || entry.Length > Math.Max(entry.CompressedLength, 1) * 1100L)
            throw new InvalidDataException($"the zip directory declares {entry.Length} bytes for {entry.FullName}, more than a {fileLength}-byte file can hold");
    }

    static byte[] ReadSmall(ZipArchiveEntry entry, long cap, string path)
    {
        using var s = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = s.Read(chunk)) > 0)
        {
            if (buffer.Length + n > cap) throw new WeightsFormatException(path, entry.FullName, $"the record is larger than {cap} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes a state dict as PyTorch's zip format (protocol-2 data.pkl, an OrderedDict of
    /// _rebuild_tensor_v2 calls, one contiguous storage per tensor), atomically.
    /// </summary>
    public static void Write(IEnumerable<KeyValuePair<string, torch.Tensor>> stateDict, string path) =>
        WriteObject(PthDict.StateDict(stateDict), path);

    /// <summary>
    /// Writes any .pth object tree (<see cref="PthDict"/>, lists, tuples, strings, numbers, bools,
    /// None, tensors) as torch.save would, atomically: a checkpoint that PyTorch's torch.load opens.
    /// </summary>
    public static void WriteObject(object? root, string path)
    {
        var (pickle, storages) = Pickler.Write(root);
        const string folder = "archive";
        AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            using (var s = zip.CreateEntry($"{folder}/data.pkl", CompressionLevel.NoCompression).Open())
                s.Write(pickle);
            using (var s = zip.CreateEntry($"{folder}/byteorder", CompressionLevel.NoCompression).Open())
                s.Write("little"u8);
            for (int i = 0; i < storages.Count; i++)
            {
                using var s = zip.CreateEntry($"{folder}/data/{i}", CompressionLevel.NoCompression).Open();
                StorageIO.Write(s, storages[i]);
            }
            using (var s = zip.CreateEntry($"{folder}/version", CompressionLevel.NoCompression).Open())
                s.Write("3\n"u8);
        });
    }

    /// <summary>
    /// Reads a whole zip-format .pth as an object tree (see <see cref="PthDict"/>), every tensor
    /// rebuilt as PyTorch rebuilds it. For checkpoints that hold more than weights; a value that is
    /// not plain data (a pickled class instance) is an error naming its place in the tree.
    /// </summary>
    public static object? ReadObject(string path)
    {
        using var file = InputFile.Open(path);
        using var zip = OpenArchive(file, path);
        var (root, prefix, bigEndian) = Unpickle(zip, file, path);
        var tensors = new List<torch.Tensor>();
        try
        {
            return Materialize.Tree(root, path, "", tensors, storage => ReadStorage(zip, file, path, prefix, bigEndian, storage),
                new ReadBudget(path, file.Length));
        }
        catch
        {
            foreach (var t in tensors) t.Dispose();
            throw;
        }
    }

}
