using TorchSharp;
using static TorchSharp.torch;
using Workbench.Engine;
using System.Buffers.Binary;
using Workbench.Weights.Pickle;

namespace Workbench.Weights;

/// <summary>Moves raw little-endian element bytes between streams and tensor memory without an extra copy.</summary>
internal static class StorageIO
{
    /// <summary>A new 1-D CPU tensor of <paramref name="numel"/> elements read from the stream.</summary>
    public static torch.Tensor Read(Stream input, ScalarType dtype, long numel, bool bigEndian = false)
    {
        var t = TensorBytes.ReadFrom(input, dtype, numel);
        if (bigEndian) TensorBytes.SwapBytes(t);
        return t;
    }

    /// <summary>Writes a tensor's values, row-major, as little-endian bytes.</summary>
    public static void Write(Stream output, torch.Tensor t) => t.WriteTo(output);

    /// <summary>
    /// The tensor a record describes: a strided view into its storage, as PyTorch builds it (so tensors
    /// that shared a storage in the file share it again). Checks the view lies inside the storage.
    /// </summary>
    public static torch.Tensor View(TensorRecord r, string path, string entry)
    {
        var storage = r.Storage;
        if (storage.Type.DType is not { } dtype)
            throw new WeightsFormatException(path, entry, $"storage type torch.{storage.Type.Name} is not handled (expected one of Float, Half, BFloat16, Double, Long, Int, Short, Char, Byte or Bool storage)");
        var data = storage.Data ?? throw new WeightsFormatException(path, entry, $"the data of storage '{storage.Key}' was not found");
        if (r.Offset < 0) throw new WeightsFormatException(path, entry, $"negative storage offset {r.Offset}");
        long last = r.Offset, count = 1;
        for (int i = 0; i < r.Size.Length; i++)
        {
            if (r.Size[i] < 0 || r.Stride[i] < 0)
                throw new WeightsFormatException(path, entry, $"size [{string.Join(", ", r.Size)}] / stride [{string.Join(", ", r.Stride)}] has a negative value");
            count = checked(count * r.Size[i]);
            if (r.Size[i] > 0) last = checked(last + (r.Size[i] - 1) * r.Stride[i]);
        }
        if (count > 0 && last >= storage.Numel)
            throw new WeightsFormatException(path, entry,
                $"size [{string.Join(", ", r.Size)}], stride [{string.Join(", ", r.Stride)}] at offset {r.Offset} reach element {last} of a storage of {storage.Numel} elements");
        if (count == 0) return torch.empty(r.Size, dtype);
        return data.as_strided(r.Size, r.Stride, r.Offset);
    }

    public static long ReadInt64(Stream s)
    {
        Span<byte> b = stackalloc byte[8];
        s.ReadExactly(b);
        return BinaryPrimitives.ReadInt64LittleEndian(b);
    }
}
