using System.Runtime.InteropServices;
using Workbench.Torch.Native;

namespace Workbench.Torch;

public static partial class torch
{
    /// <summary>
    /// A libtorch tensor. Owns one native reference: dispose it (or let a dispose scope do so)
    /// to free native memory promptly; the finalizer is only a safety net.
    /// </summary>
    public partial class Tensor : IDisposable
    {
        TensorHandle? handle;
        internal DisposeScope? OwningScope;

        internal Tensor(IntPtr native, bool trackInScope = true)
        {
            handle = new TensorHandle(native);
            if (trackInScope) DisposeScope.Register(this);
        }

        internal static Tensor Wrap(IntPtr native, string operation) => new(TorchException.Check(native, operation));

        internal TensorHandle Handle =>
            handle is { IsClosed: false } h
                ? h
                : throw new ObjectDisposedException(nameof(Tensor), "This tensor was disposed (by Dispose or at the end of its dispose scope).");

        public bool IsDisposed => handle is null || handle.IsClosed;

        public void Dispose()
        {
            OwningScope?.Detach(this);
            DisposeHandle();
            GC.SuppressFinalize(this);
        }

        internal void DisposeHandle()
        {
            handle?.Dispose();
            handle = null;
        }

        // Module.to(device) swaps the native tensor under a parameter so references to it stay valid.
        internal void ReplaceHandle(IntPtr native)
        {
            var old = handle;
            handle = new TensorHandle(native);
            old?.Dispose();
        }

        /// <summary>Gives this tensor to the enclosing dispose scope, so it outlives the current one.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningScope?.MoveToOuter(this);
            return this;
        }

        /// <summary>Takes this tensor out of every dispose scope: the caller disposes it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Detach(this);
            return this;
        }

        // ---- properties ---------------------------------------------------------------------

        public long[] shape
        {
            get
            {
                var buffer = new long[16];
                int n = TorchException.Check(NativeMethods.wb_shape(Handle, buffer, buffer.Length), "shape");
                if (n > buffer.Length)
                {
                    buffer = new long[n];
                    NativeMethods.wb_shape(Handle, buffer, n);
                }
                return buffer[..n];
            }
        }

        public long size(int dim)
        {
            var s = shape;
            int d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length)
                throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dimension out of range for a {s.Length}-d tensor");
            return s[d];
        }

        public long[] stride()
        {
            var buffer = new long[16];
            int n = TorchException.Check(NativeMethods.wb_strides(Handle, buffer, buffer.Length), "stride");
            if (n > buffer.Length)
            {
                buffer = new long[n];
                NativeMethods.wb_strides(Handle, buffer, n);
            }
            return buffer[..n];
        }

        public long ndim => TorchException.Check(NativeMethods.wb_ndim(Handle), "ndim");
        public long dim() => ndim;
        public long numel() => NativeMethods.wb_numel(Handle) is var n and >= 0 ? n : throw TorchException.FromLastError("numel");
        public long NumberOfElements => numel();
        public ScalarType dtype => (ScalarType) TorchException.Check(NativeMethods.wb_dtype(Handle), "dtype");
        public long element_size() => dtype.ElementSize();

        public Device device
        {
            get
            {
                TorchException.Check(NativeMethods.wb_device(Handle, out var type, out var index), "device");
                return new Device((DeviceType) type, index);
            }
        }

        public DeviceType device_type => device.type;
        public bool is_cuda => device_type == DeviceType.CUDA;
        public bool is_contiguous() => TorchException.Check(NativeMethods.wb_is_contiguous(Handle), "is_contiguous") == 1;

        /// <summary>Whether the two tensors view the same storage.</summary>
        public bool is_alias_of(Tensor other) => TorchException.Check(NativeMethods.wb_same_storage(Handle, other.Handle), "is_alias_of") == 1;

        // ---- autograd -----------------------------------------------------------------------

        public bool requires_grad
        {
            get => TorchException.Check(NativeMethods.wb_requires_grad(Handle), "requires_grad") == 1;
            set => TorchException.Check(NativeMethods.wb_set_requires_grad(Handle, value ? 1 : 0), "requires_grad");
        }

        public Tensor requires_grad_(bool value = true)
        {
            requires_grad = value;
            return this;
        }

        public bool is_leaf => TorchException.Check(NativeMethods.wb_is_leaf(Handle), "is_leaf") == 1;

        /// <summary>The accumulated gradient, or null before the first backward pass.</summary>
        public Tensor? grad
        {
            get
            {
                TorchException.Check(NativeMethods.wb_grad(Handle, out var g), "grad");
                return g == IntPtr.Zero ? null : new Tensor(g);
            }
            set => TorchException.Check(NativeMethods.wb_set_grad(Handle, value?.Handle ?? TensorHandle.Null), "grad");
        }

        public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
        {
            int retain = retain_graph is null ? -1 : retain_graph.Value ? 1 : 0;
            TorchException.Check(NativeMethods.wb_backward(Handle, gradient?.Handle ?? TensorHandle.Null, retain, create_graph ? 1 : 0), "backward");
        }

        public Tensor detach() => Wrap(NativeMethods.wb_detach(Handle), "detach");

        public Tensor detach_()
        {
            TorchException.Check(NativeMethods.wb_detach_(Handle), "detach_");
            return this;
        }

        // ---- copies and conversions ---------------------------------------------------------

        public Tensor clone() => Wrap(NativeMethods.wb_clone(Handle), "clone");
        public Tensor contiguous() => Wrap(NativeMethods.wb_contiguous(Handle), "contiguous");

        /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
        public Tensor alias() => Wrap(NativeMethods.wb_alias(Handle), "alias");

        public Tensor to(ScalarType type) => Wrap(NativeMethods.wb_to_dtype(Handle, (int) type), $"to({type.Name()})");
        public Tensor to_type(ScalarType type) => to(type);
        public Tensor to(Device target, bool non_blocking = false) =>
            Wrap(NativeMethods.wb_to_device(Handle, (int) target.type, target.index, non_blocking ? 1 : 0), $"to({target})");
        public Tensor to(string target) => to(Device.Parse(target));
        public Tensor cpu() => to(CPU);
        public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));

        public Tensor @float() => to(ScalarType.Float32);
        public Tensor @double() => to(ScalarType.Float64);
        public Tensor @long() => to(ScalarType.Int64);
        public Tensor @int() => to(ScalarType.Int32);
        public Tensor @byte() => to(ScalarType.Byte);
        public Tensor @bool() => to(ScalarType.Bool);

        public Tensor copy_(Tensor source)
        {
            TorchException.Check(NativeMethods.wb_copy_(Handle, source.Handle), "copy_");
            return this;
        }

        public Tensor fill_(Scalar value)
        {
            TorchException.Check(NativeMethods.wb_fill_(Handle, value.D, value.I, value.Kind), "fill_");
            return this;
        }

        public Tensor zero_()
        {
            TorchException.Check(NativeMethods.wb_zero_(Handle), "zero_");
            return this;
        }

        public Tensor uniform_(double from = 0, double to = 1)
        {
            TorchException.Check(NativeMethods.wb_uniform_(Handle, from, to), "uniform_");
            return this;
        }

        public Tensor normal_(double mean = 0, double std = 1)
        {
            TorchException.Check(NativeMethods.wb_normal_(Handle, mean, std), "normal_");
            return this;
        }

        public Tensor bernoulli_(double p = 0.5)
        {
            TorchException.Check(NativeMethods.wb_bernoulli_(Handle, p), "bernoulli_");
            return this;
        }

        /// <summary>The single value of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            TorchException.Check(NativeMethods.wb_item(Handle, out var d, out var i), "item");
            object boxed = typeof(T) == typeof(float) ? (float) d :
                typeof(T) == typeof(double) ? d :
                typeof(T) == typeof(long) ? i :
                typeof(T) == typeof(int) ? checked((int) i) :
                typeof(T) == typeof(byte) ? checked((byte) i) :
                typeof(T) == typeof(bool) ? i != 0 :
                throw new NotSupportedException($"item<{typeof(T).Name}> is not supported");
            return (T) boxed;
        }

        public float ToSingle() => item<float>();
        public double ToDouble() => item<double>();
        public long ToInt64() => item<long>();

        /// <summary>Copies the values, row-major, into <paramref name="destination"/> (any device, any strides).</summary>
        public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
        {
            var type = dtype;
            if (ScalarTypeExtensions.Of<T>() != type)
                throw new ArgumentException($"the tensor holds {type.Name()} values, not {typeof(T).Name}");
            long n = numel();
            if (destination.Length != n)
                throw new ArgumentException($"the tensor has {n} elements but the destination holds {destination.Length}");
            fixed (T* p = destination)
                TorchException.Check(NativeMethods.wb_copy_to_buffer(Handle, p, n * sizeof(T)), "CopyTo");
        }

        /// <summary>The raw bytes of the values, row-major, in the tensor's own dtype (any dtype, bfloat16 included).</summary>
        public unsafe byte[] bytes()
        {
            var result = new byte[numel() * element_size()];
            fixed (byte* p = result)
                TorchException.Check(NativeMethods.wb_copy_to_buffer(Handle, p, result.Length), "bytes");
            return result;
        }

        /// <summary>The values as a flat array, row-major.</summary>
        public T[] ToArray<T>() where T : unmanaged
        {
            var result = new T[numel()];
            CopyTo<T>(result);
            return result;
        }

        /// <summary>Direct access to the memory of a contiguous CPU tensor (no copy).</summary>
        public TensorAccessor<T> data<T>() where T : unmanaged
        {
            if (ScalarTypeExtensions.Of<T>() != dtype)
                throw new ArgumentException($"the tensor holds {dtype.Name()} values, not {typeof(T).Name}");
            if (device_type != DeviceType.CPU || !is_contiguous())
                throw new InvalidOperationException("data<T>() needs a contiguous CPU tensor: call .cpu().contiguous() first");
            var ptr = TorchException.Check(NativeMethods.wb_data_ptr(Handle), "data");
            return new TensorAccessor<T>(this, ptr, numel());
        }

        public override string ToString() => TensorFormatter.Format(this);
    }

    /// <summary>A view of a contiguous CPU tensor's memory; valid while the tensor is alive.</summary>
    public readonly struct TensorAccessor<T> where T : unmanaged
    {
        readonly Tensor owner;
        readonly IntPtr pointer;

        internal TensorAccessor(Tensor owner, IntPtr pointer, long count)
        {
            this.owner = owner;
            this.pointer = pointer;
            Count = count;
        }

        public long Count { get; }

        public unsafe Span<T> AsSpan()
        {
            _ = owner.Handle;
            return new Span<T>((void*) pointer, checked((int) Count));
        }

        public T this[long i]
        {
            get => AsSpan()[checked((int) i)];
            set => AsSpan()[checked((int) i)] = value;
        }

        public T[] ToArray() => AsSpan().ToArray();
    }
}
