using Workbench.Torch.Native;

namespace Workbench.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>A view with the given sizes, strides and storage offset (in elements).</summary>
        public Tensor as_strided(long[] size, long[] strides, long storage_offset = 0)
        {
            if (size.Length != strides.Length)
                throw new ArgumentException($"as_strided: {size.Length} sizes but {strides.Length} strides");
            return Wrap(NativeMethods.wb_as_strided(Handle, size, strides, size.Length, storage_offset), "as_strided");
        }

        public Tensor reshape(params long[] shape) => Wrap(NativeMethods.wb_reshape(Handle, shape, shape.Length), "reshape");
        public Tensor view(params long[] shape) => Wrap(NativeMethods.wb_view(Handle, shape, shape.Length), "view");
        public Tensor expand(params long[] shape) => Wrap(NativeMethods.wb_expand(Handle, shape, shape.Length), "expand");
        public Tensor permute(params long[] order) => Wrap(NativeMethods.wb_permute(Handle, order, order.Length), "permute");
        public Tensor transpose(long dim0, long dim1) => Wrap(NativeMethods.wb_transpose(Handle, dim0, dim1), "transpose");
        public Tensor t() => transpose(0, 1);
        public Tensor narrow(long dim, long start, long length) => Wrap(NativeMethods.wb_narrow(Handle, dim, start, length), "narrow");
        public Tensor slice(long dim, long start, long end, long step = 1) => Wrap(NativeMethods.wb_slice(Handle, dim, start, end, step), "slice");
        public Tensor select(long dim, long index) => Wrap(NativeMethods.wb_select(Handle, dim, index), "select");
        public Tensor squeeze() => Wrap(NativeMethods.wb_squeeze(Handle, 0, 1), "squeeze");
        public Tensor squeeze(long dim) => Wrap(NativeMethods.wb_squeeze(Handle, dim, 0), "squeeze");
        public Tensor unsqueeze(long dim) => Wrap(NativeMethods.wb_unsqueeze(Handle, dim), "unsqueeze");
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => Wrap(NativeMethods.wb_flatten(Handle, start_dim, end_dim), "flatten");
        public Tensor flip(params long[] dims) => Wrap(NativeMethods.wb_flip(Handle, dims, dims.Length), "flip");
        public Tensor repeat(params long[] repeats) => Wrap(NativeMethods.wb_repeat(Handle, repeats, repeats.Length), "repeat");
        public Tensor index_select(long dim, Tensor index) => Wrap(NativeMethods.wb_index_select(Handle, dim, index.Handle), "index_select");
        public Tensor masked_select(Tensor mask) => Wrap(NativeMethods.wb_masked_select(Handle, mask.Handle), "masked_select");
        public Tensor masked_fill(Tensor mask, Scalar value) => Wrap(NativeMethods.wb_masked_fill(Handle, mask.Handle, value.D, value.I, value.Kind), "masked_fill");
        public Tensor gather(long dim, Tensor index) => Wrap(NativeMethods.wb_gather(Handle, dim, index.Handle), "gather");

        /// <summary>
        /// Indexing as in PyTorch: integers select, ranges slice (<c>x[.., .., 19..519, 19..519]</c>),
        /// <see cref="TensorIndex.Ellipsis"/> stands for the remaining dimensions.
        /// </summary>
        public Tensor this[params TensorIndex[] indices]
        {
            get
            {
                var dims = shape;
                int ellipsis = Array.FindIndex(indices, i => i.Kind == TensorIndex.IndexKind.Ellipsis);
                if (ellipsis >= 0 && Array.FindLastIndex(indices, i => i.Kind == TensorIndex.IndexKind.Ellipsis) != ellipsis)
                    throw new ArgumentException("an index can hold only one ellipsis");
                int explicitDims = indices.Length - (ellipsis >= 0 ? 1 : 0);
                if (explicitDims > dims.Length)
                    throw new ArgumentException($"too many indices ({explicitDims}) for a {dims.Length}-d tensor");

                Tensor result = alias();
                long dim = 0; // the dimension of `result` the next index applies to
                for (int k = 0; k < indices.Length; k++)
                {
                    var index = indices[k];
                    Tensor next;
                    switch (index.Kind)
                    {
                        case TensorIndex.IndexKind.Ellipsis:
                            dim += dims.Length - explicitDims;
                            continue;
                        case TensorIndex.IndexKind.Single:
                            next = result.select(dim, index.Single);
                            break;
                        default:
                            var size = result.size((int) dim);
                            var (start, length) = index.Range.GetOffsetAndLength(checked((int) size));
                            next = result.slice(dim, start, start + length, index.Step);
                            dim++;
                            break;
                    }
                    result.Dispose();
                    result = next;
                }
                return result;
            }
        }
    }

    public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: false);
    public static Tensor concatenate(IList<Tensor> tensors, long dim = 0) => cat(tensors, dim);
    public static Tensor stack(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: true);

    static Tensor Combine(IList<Tensor> tensors, long dim, bool stack)
    {
        if (tensors.Count == 0) throw new ArgumentException(stack ? "stack needs at least one tensor" : "cat needs at least one tensor");
        var handles = new IntPtr[tensors.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle.DangerousGetHandle();
        var result = stack
            ? NativeMethods.wb_stack(handles, handles.Length, dim)
            : NativeMethods.wb_cat(handles, handles.Length, dim);
        GC.KeepAlive(tensors);
        return Tensor.Wrap(result, stack ? "stack" : "cat");
    }

    public static Tensor where(Tensor condition, Tensor x, Tensor y) =>
        Tensor.Wrap(NativeMethods.wb_where(condition.Handle, x.Handle, y.Handle), "where");

    /// <summary>Counts of each value in a 1-d non-negative integer tensor.</summary>
    public static Tensor bincount(Tensor input, Tensor? weights = null, long minlength = 0) =>
        Tensor.Wrap(NativeMethods.wb_bincount(input.Handle, weights?.Handle ?? TensorHandle.Null, minlength), "bincount");
}

/// <summary>One index of <c>tensor[...]</c>: an integer, a range with a step, or the ellipsis.</summary>
public readonly struct TensorIndex
{
    internal enum IndexKind { Single, Slice, Ellipsis }

    internal IndexKind Kind { get; }
    internal long Single { get; }
    internal Range Range { get; }
    internal long Step { get; }

    TensorIndex(IndexKind kind, long single, Range range, long step)
    {
        Kind = kind;
        Single = single;
        Range = range;
        Step = step;
    }

    public static TensorIndex Ellipsis => new(IndexKind.Ellipsis, 0, default, 1);
    public static TensorIndex Colon => new(IndexKind.Slice, 0, Range.All, 1);
    public static TensorIndex Slice(Range range, long step = 1) =>
        step > 0 ? new(IndexKind.Slice, 0, range, step) : throw new ArgumentOutOfRangeException(nameof(step), "slice step must be positive");
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) =>
        Slice(new Range(ToIndex(start, Index.Start), ToIndex(stop, Index.End)), step);

    static Index ToIndex(long? v, Index missing) =>
        v is null ? missing : v.Value < 0 ? Index.FromEnd(checked((int) -v.Value)) : Index.FromStart(checked((int) v.Value));

    public static implicit operator TensorIndex(long index) => new(IndexKind.Single, index, default, 1);
    public static implicit operator TensorIndex(int index) => new(IndexKind.Single, index, default, 1);
    public static implicit operator TensorIndex(Range range) => Slice(range);
    public static implicit operator TensorIndex(Index index) => new(IndexKind.Single, index.IsFromEnd ? -index.Value : index.Value, default, 1);
}
