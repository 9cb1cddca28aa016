using System.Buffers.Binary;
using Workbench.Torch.Native;
using Workbench.Torch.Serialization.Pickle;

namespace Workbench.Torch.Serialization;

/// <summary>Moves raw little-endian element bytes between streams and tensor memory without an extra copy.</summary>
internal static class StorageIO
{
    /// <summary>A new 1-D CPU tensor of <paramref name="numel"/> elements read from the stream.</summary>
    public static unsafe torch.Tensor Read(Stream input, ScalarType dtype, long numel, bool bigEndian = false)
    {
        var t = torch.empty(new[] { numel }, dtype);
        try
        {
            long nbytes = checked(numel * dtype.ElementSize());
            if (nbytes == 0) return t;
            var p = (byte*) TorchException.Check(NativeMethods.wb_data_ptr(t.Handle), "data_ptr");
            for (long done = 0; done < nbytes;)
            {
                int chunk = (int) Math.Min(nbytes - done, 1 << 30);
                int n = input.Read(new Span<byte>(p + done, chunk));
                if (n <= 0) throw new EndOfStreamException($"the data ends after {done} of {nbytes} bytes (truncated file?)");
                done += n;
            }
            if (bigEndian) Swap(new IntPtr(p), nbytes, dtype.ElementSize());
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    /// <summary>Copies little-endian bytes into a new contiguous CPU tensor's memory at a byte offset.</summary>
    public static unsafe void CopyInto(torch.Tensor t, long byteOffset, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return;
        var p = (byte*) TorchException.Check(NativeMethods.wb_data_ptr(t.Handle), "data_ptr");
        bytes.CopyTo(new Span<byte>(p + byteOffset, bytes.Length));
    }

    /// <summary>Writes a tensor's values, row-major, as little-endian bytes.</summary>
    public static unsafe void Write(Stream output, torch.Tensor t)
    {
        // Straight from native memory when the values are already contiguous on the CPU; a contiguous copy otherwise.
        var dense = t.device_type == DeviceType.CPU && t.is_contiguous() ? null : t.cpu().contiguous();
        try
        {
            var source = dense ?? t;
            long nbytes = source.numel() * source.element_size();
            if (nbytes == 0) return;
            var p = (byte*) TorchException.Check(NativeMethods.wb_data_ptr(source.Handle), "data_ptr");
            for (long done = 0; done < nbytes;)
            {
                int chunk = (int) Math.Min(nbytes - done, 1 << 24);
                output.Write(new ReadOnlySpan<byte>(p + done, chunk));
                done += chunk;
            }
        }
        finally
        {
            dense?.Dispose();
        }
    }

    static unsafe void Swap(IntPtr data, long nbytes, int size)
    {
        var p = (byte*) data;
        for (long i = 0; i + size <= nbytes; i += size)
            new Span<byte>(p + i, size).Reverse();
    }

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
