using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// Raw element bytes between tensors and .NET memory, as span copies. TorchSharp's
/// <c>data&lt;T&gt;().ToArray()</c> copies element by element (about 3× slower) and its
/// <c>frombuffer</c> converts values rather than reinterpreting bytes; these do neither.
/// </summary>
public static class TensorBytes
{
    // Tensor.bytes is a Span, so at most 2 GiB at a time.
    const long ChunkBytes = 1L << 30;

    /// <summary>The values, row-major, as a new array (any device, any strides); T must match the dtype.</summary>
    public static T[] ToArray<T>(this Tensor t) where T : unmanaged
    {
        var result = new T[checked((int) t.numel())];
        t.CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the values, row-major, into <paramref name="destination"/>; T must match the dtype.</summary>
    public static void CopyTo<T>(this Tensor t, Span<T> destination) where T : unmanaged
    {
        CheckType<T>(t);
        if (destination.Length != t.numel())
            throw new ArgumentException($"the tensor has {t.numel()} elements but the destination holds {destination.Length}");
        CopyBytes(t, MemoryMarshal.AsBytes(destination));
    }

    /// <summary>
    /// The memory of a contiguous CPU tensor as a span of T (no copy; under 2 GiB), valid while the
    /// tensor lives. For filling a new tensor in place, as the image pipeline does.
    /// </summary>
    public static Span<T> AsSpan<T>(this Tensor t) where T : unmanaged
    {
        CheckType<T>(t);
        if (t.device_type != DeviceType.CPU || !t.is_contiguous())
            throw new InvalidOperationException("AsSpan needs a contiguous CPU tensor: call .cpu().contiguous() first");
        return t.numel() == 0 ? Span<T>.Empty : MemoryMarshal.Cast<byte, T>(t.bytes);
    }

    /// <summary>The raw bytes of the values, row-major, in the tensor's own dtype (bfloat16 and float16 included).</summary>
    public static byte[] ToBytes(this Tensor t)
    {
        var result = new byte[checked((int) (t.numel() * t.element_size()))];
        CopyBytes(t, result);
        return result;
    }

    static void CopyBytes(Tensor t, Span<byte> destination)
    {
        using var scope = NewDisposeScope();
        var flat = Dense(t);
        long done = 0;
        foreach (var chunk in Chunks(flat))
        {
            var bytes = chunk.bytes;
            bytes.CopyTo(destination.Slice((int) done, bytes.Length));
            done += bytes.Length;
        }
    }

    /// <summary>
    /// A new contiguous CPU tensor of <paramref name="dtype"/> and <paramref name="shape"/> whose
    /// memory is <paramref name="data"/>, byte for byte (little-endian, as libtorch holds it).
    /// </summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        long numel = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape [{string.Join(", ", shape)}]", nameof(shape));
            numel = checked(numel * d);
        }
        long size = dtype.ElementSize();
        if (checked(numel * size) != data.Length)
            throw new ArgumentException($"{data.Length} bytes cannot fill [{string.Join(", ", shape)}] of {dtype.Name()} ({numel} × {size} bytes)", nameof(data));
        var t = empty(shape, dtype);
        using var scope = NewDisposeScope();
        long done = 0;
        foreach (var chunk in Chunks(t))
        {
            var bytes = chunk.bytes;
            data.Slice((int) done, bytes.Length).CopyTo(bytes);
            done += bytes.Length;
        }
        return t;
    }

    /// <summary>Copies raw bytes into a contiguous CPU tensor's memory, starting <paramref name="byteOffset"/> bytes in.</summary>
    public static void CopyInto(Tensor t, long byteOffset, ReadOnlySpan<byte> data)
    {
        if (t.device_type != DeviceType.CPU || !t.is_contiguous()) throw new ArgumentException("CopyInto needs a contiguous CPU tensor");
        long total = t.numel() * t.element_size();
        if (byteOffset < 0 || byteOffset + data.Length > total)
            throw new ArgumentException($"{data.Length} bytes at offset {byteOffset} do not fit a tensor of {total} bytes");
        using var scope = NewDisposeScope();
        long chunkStart = 0;
        foreach (var chunk in Chunks(t))
        {
            var bytes = chunk.bytes;
            long lo = Math.Max(byteOffset, chunkStart), hi = Math.Min(byteOffset + data.Length, chunkStart + bytes.Length);
            if (lo < hi) data.Slice((int) (lo - byteOffset), (int) (hi - lo)).CopyTo(bytes[(int) (lo - chunkStart)..]);
            chunkStart += bytes.Length;
        }
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> in <paramref name="shape"/> (row-major).</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> values, long[] shape) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        return FromBytes(MemoryMarshal.AsBytes(values), dtype, shape);
    }

    /// <summary>Fills a new 1-D CPU tensor of <paramref name="numel"/> elements from a stream, chunk by chunk.</summary>
    public static Tensor ReadFrom(Stream input, ScalarType dtype, long numel)
    {
        var t = empty(new[] { numel }, dtype);
        try
        {
            long nbytes = checked(numel * dtype.ElementSize()), done = 0;
            foreach (var chunk in Chunks(t))
            {
                using var _ = chunk;
                var span = chunk.bytes;
                while (span.Length > 0)
                {
                    int n = input.Read(span);
                    if (n <= 0) throw new EndOfStreamException($"the data ends after {done} of {nbytes} bytes (truncated file?)");
                    done += n;
                    span = span[n..];
                }
            }
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    /// <summary>Writes a tensor's values, row-major, as raw bytes (straight from memory when contiguous on the CPU).</summary>
    public static void WriteTo(this Tensor t, Stream output)
    {
        using var scope = NewDisposeScope();
        foreach (var chunk in Chunks(Dense(t)))
            output.Write(chunk.bytes);
    }

    /// <summary>Element-wise byte-order reversal of a contiguous CPU tensor, in place (big-endian files).</summary>
    public static void SwapBytes(Tensor t)
    {
        int size = (int) t.element_size();
        if (size == 1) return;
        using var scope = NewDisposeScope();
        foreach (var chunk in Chunks(t))
        {
            var bytes = chunk.bytes;
            for (int i = 0; i + size <= bytes.Length; i += size) bytes.Slice(i, size).Reverse();
        }
    }

    static Tensor Dense(Tensor t) =>
        (t.device_type == DeviceType.CPU && t.is_contiguous() ? t.alias() : t.cpu().contiguous()).reshape(-1);

    /// <summary>Views of a flat contiguous tensor, each under 2 GiB, whose bytes are spans into its memory.</summary>
    static IEnumerable<Tensor> Chunks(Tensor flat)
    {
        long n = flat.numel();
        if (n == 0) yield break;
        long per = Math.Max(1, ChunkBytes / flat.element_size());
        var flatView = flat.reshape(-1);
        for (long start = 0; start < n; start += per)
            yield return flatView.narrow(0, start, Math.Min(per, n - start));
    }

    static void CheckType<T>(Tensor t) where T : unmanaged
    {
        if (DTypes.Of<T>() != t.dtype)
            throw new ArgumentException($"the tensor holds {t.dtype.Name()} values, not {typeof(T).Name}");
    }
}
