using System.Runtime.InteropServices;
using Workbench.Torch.Native;

namespace Workbench.Torch;

/// <summary>The entry point, named and shaped like TorchSharp's <c>torch</c> class.</summary>
public static partial class torch
{
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The libtorch version the shim was built against, e.g. "1.13.1".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(NativeMethods.wb_torch_version()) ?? "";

    /// <summary>
    /// How many native tensor handles are alive in this process (created and not yet disposed or
    /// finalized): a leak detector for code that should free what it makes.
    /// </summary>
    public static long LiveTensorHandles => NativeMethods.wb_live_handles();

    // ---- creation -------------------------------------------------------------------------------

    static (int type, int index) Where(Device? d) => d is null ? (0, -1) : ((int) d.type, d.index);

    public static Tensor empty(long[] size, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_empty(size, size.Length, (int) dtype, t, i, requires_grad ? 1 : 0), "empty");
    }

    public static Tensor zeros(long[] size, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_zeros(size, size.Length, (int) dtype, t, i, requires_grad ? 1 : 0), "zeros");
    }

    public static Tensor zeros(params long[] size) => zeros(size, float32);

    public static Tensor ones(long[] size, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_ones(size, size.Length, (int) dtype, t, i, requires_grad ? 1 : 0), "ones");
    }

    public static Tensor ones(params long[] size) => ones(size, float32);

    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        var type = dtype ?? (value.IsFloatingPoint ? float32 : int64);
        return Tensor.Wrap(NativeMethods.wb_full(size, size.Length, value.D, value.I, value.Kind, (int) type, t, i, requires_grad ? 1 : 0), "full");
    }

    public static Tensor zeros_like(Tensor t) => zeros(t.shape, t.dtype, t.device);
    public static Tensor ones_like(Tensor t) => ones(t.shape, t.dtype, t.device);
    public static Tensor full_like(Tensor t, Scalar value) => full(t.shape, value, t.dtype, t.device);
    public static Tensor empty_like(Tensor t) => empty(t.shape, t.dtype, t.device);
    public static Tensor rand_like(Tensor t) => rand(t.shape, t.dtype, t.device);
    public static Tensor randn_like(Tensor t) => randn(t.shape, t.dtype, t.device);

    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        var type = dtype ?? (start.IsFloatingPoint || stop.IsFloatingPoint || step.IsFloatingPoint ? float32 : int64);
        return Tensor.Wrap(NativeMethods.wb_arange(start.ToDouble(), stop.ToDouble(), step.ToDouble(), (int) type, t, i, requires_grad ? 1 : 0), "arange");
    }

    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null) => arange(start, stop, 1, dtype, device);
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null) => arange(0, stop, 1, dtype, device);

    public static Tensor rand(long[] size, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_rand(size, size.Length, (int) dtype, t, i, requires_grad ? 1 : 0), "rand");
    }

    public static Tensor rand(params long[] size) => rand(size, float32);

    public static Tensor randn(long[] size, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_randn(size, size.Length, (int) dtype, t, i, requires_grad ? 1 : 0), "randn");
    }

    public static Tensor randn(params long[] size) => randn(size, float32);

    /// <summary>Integers drawn uniformly from [low, high).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType dtype = int64, Device? device = null)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_randint(low, high, size, size.Length, (int) dtype, t, i), "randint");
    }

    public static Tensor randint(long high, long[] size, ScalarType dtype = int64, Device? device = null) => randint(0, high, size, dtype, device);

    public static Tensor randperm(long n, ScalarType dtype = int64, Device? device = null)
    {
        var (t, i) = Where(device);
        return Tensor.Wrap(NativeMethods.wb_randperm(n, (int) dtype, t, i), "randperm");
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> in the given shape (row-major).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        var dims = shape.ToArray();
        long expected = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape [{string.Join(", ", dims)}]", nameof(shape));
            expected *= d;
        }
        if (expected != values.Length)
            throw new ArgumentException($"{values.Length} values cannot fill the shape [{string.Join(", ", dims)}] ({expected} elements)", nameof(values));
        IntPtr native;
        fixed (T* p = values)
            native = NativeMethods.wb_from_data(p, (long) values.Length * sizeof(T), dims, dims.Length, (int) ScalarTypeExtensions.Of<T>());
        var result = Tensor.Wrap(native, "tensor");
        if (device is not null && device.type != DeviceType.CPU)
        {
            var moved = result.to(device);
            result.Dispose();
            result = moved;
        }
        if (requires_grad) result.requires_grad = true;
        return result;
    }

    public static Tensor tensor<T>(T[] values, long[] shape, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>(values.AsSpan(), shape, device, requires_grad);

    public static Tensor tensor<T>(T[] values, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>(values.AsSpan(), new long[] { values.Length }, device, requires_grad);

    public static Tensor tensor(float value, Device? device = null, bool requires_grad = false) =>
        tensor<float>(new[] { value }, Array.Empty<long>(), device, requires_grad);

    public static Tensor tensor(double value, Device? device = null, bool requires_grad = false) =>
        tensor<double>(new[] { value }, Array.Empty<long>(), device, requires_grad);

    public static Tensor tensor(long value, Device? device = null) => tensor<long>(new[] { value }, Array.Empty<long>(), device);

    /// <summary>A tensor of the given dtype and shape from raw little-endian bytes (any dtype, bfloat16 included).</summary>
    public static unsafe Tensor frombuffer(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        fixed (byte* p = data)
            return Tensor.Wrap(NativeMethods.wb_from_data(p, data.Length, shape, shape.Length, (int) dtype), "frombuffer");
    }

    /// <summary>A tensor from a .NET array of any rank (float[,], byte[,,], …), shape taken from the array.</summary>
    public static Tensor from_array(Array values)
    {
        var shape = new long[values.Rank];
        for (int d = 0; d < values.Rank; d++) shape[d] = values.GetLength(d);
        var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
        try
        {
            var type = values.GetType().GetElementType()!;
            int size = Marshal.SizeOf(type == typeof(bool) ? typeof(byte) : type);
            var dtype = type == typeof(float) ? float32 : type == typeof(double) ? float64 : type == typeof(long) ? int64 :
                type == typeof(int) ? int32 : type == typeof(byte) ? uint8 : type == typeof(bool) ? @bool :
                throw new NotSupportedException($"no tensor element type for {type.Name}");
            unsafe
            {
                return Tensor.Wrap(NativeMethods.wb_from_data((void*) handle.AddrOfPinnedObject(), (long) values.Length * size, shape, shape.Length, (int) dtype), "from_array");
            }
        }
        finally
        {
            handle.Free();
        }
    }

    // ---- autograd mode, seeds, threads ----------------------------------------------------------

    /// <summary>Disables gradient recording on this thread until the returned object is disposed.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);
    public static IDisposable enable_grad() => new GradModeGuard(true);
    public static bool is_grad_enabled() => NativeMethods.wb_is_grad_enabled() == 1;
    public static void set_grad_enabled(bool enabled) => NativeMethods.wb_set_grad_enabled(enabled ? 1 : 0);

    /// <summary>
    /// Inference mode on this thread until disposed: like no_grad, and cheaper, but tensors made
    /// inside can never take part in autograd. Dispose on the thread that opened it.
    /// </summary>
    public static IDisposable inference_mode(bool mode = true) => new InferenceModeGuard(mode);
    public static bool is_inference_mode_enabled() => NativeMethods.wb_is_inference_mode_enabled() == 1;

    sealed class InferenceModeGuard : IDisposable
    {
        IntPtr guard;

        public InferenceModeGuard(bool mode) => guard = TorchException.Check(NativeMethods.wb_inference_mode_enter(mode ? 1 : 0), "inference_mode");

        public void Dispose()
        {
            if (guard == IntPtr.Zero) return;
            NativeMethods.wb_inference_mode_exit(guard);
            guard = IntPtr.Zero;
        }
    }

    sealed class GradModeGuard : IDisposable
    {
        readonly bool previous;
        bool disposed;

        public GradModeGuard(bool enabled)
        {
            previous = is_grad_enabled();
            set_grad_enabled(enabled);
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            set_grad_enabled(previous);
        }
    }

    public static void manual_seed(long seed) => TorchException.Check(NativeMethods.wb_manual_seed(unchecked((ulong) seed)), "manual_seed");

    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "need at least one thread");
        TorchException.Check(NativeMethods.wb_set_num_threads(threads), "set_num_threads");
    }

    public static int get_num_threads() => TorchException.Check(NativeMethods.wb_get_num_threads(), "get_num_threads");

    /// <summary>The CPU generator's state (a uint8 tensor), for checkpoints that resume exactly.</summary>
    public static Tensor get_rng_state() => Tensor.Wrap(NativeMethods.wb_get_rng_state(), "get_rng_state");
    public static void set_rng_state(Tensor state) => TorchException.Check(NativeMethods.wb_set_rng_state(state.Handle), "set_rng_state");
}
