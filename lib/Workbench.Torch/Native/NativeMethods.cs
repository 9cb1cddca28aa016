using System.Runtime.InteropServices;

namespace Workbench.Torch.Native;

// The C ABI of libworkbench_torch.so (native/src). A function returning a handle returns
// IntPtr.Zero on failure; one returning int returns -1; the message is in wb_last_error.
internal static partial class NativeMethods
{
    internal const string Lib = "workbench_torch";

    static NativeMethods() => NativeLoader.Initialize();

    [LibraryImport(Lib)] internal static partial IntPtr wb_last_error();
    [LibraryImport(Lib)] internal static partial void wb_clear_error();
    [LibraryImport(Lib)] internal static partial IntPtr wb_torch_version();
    [LibraryImport(Lib)] internal static partial void wb_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial long wb_live_handles();

    // properties
    [LibraryImport(Lib)] internal static partial int wb_ndim(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_shape(TensorHandle t, long[] shape, int capacity);
    [LibraryImport(Lib)] internal static partial int wb_strides(TensorHandle t, long[] strides, int capacity);
    [LibraryImport(Lib)] internal static partial long wb_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_device(TensorHandle t, out int type, out int index);
    [LibraryImport(Lib)] internal static partial int wb_is_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_same_storage(TensorHandle a, TensorHandle b);

    // creation
    [LibraryImport(Lib)] internal static partial IntPtr wb_empty(long[] shape, int n, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_zeros(long[] shape, int n, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_ones(long[] shape, int n, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_full(long[] shape, int n, double d, long i, int kind, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_arange(double start, double end, double step, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_rand(long[] shape, int n, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randn(long[] shape, int n, int dtype, int dev, int idx, int rg);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randint(long low, long high, long[] shape, int n, int dtype, int dev, int idx);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randperm(long n, int dtype, int dev, int idx);
    [LibraryImport(Lib)] internal static unsafe partial IntPtr wb_from_data(void* data, long nbytes, long[] shape, int n, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr wb_scalar_tensor(double d, long i, int kind, int dtype, int dev, int idx);
    [LibraryImport(Lib)] internal static unsafe partial int wb_copy_to_buffer(TensorHandle t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial IntPtr wb_data_ptr(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_item(TensorHandle t, out double d, out long i);
    [LibraryImport(Lib)] internal static partial IntPtr wb_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_alias(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_to_dtype(TensorHandle t, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr wb_to_device(TensorHandle t, int dev, int idx, int nonBlocking);
    [LibraryImport(Lib)] internal static partial int wb_copy_(TensorHandle dst, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int wb_fill_(TensorHandle t, double d, long i, int kind);
    [LibraryImport(Lib)] internal static partial int wb_zero_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_uniform_(TensorHandle t, double from, double to);
    [LibraryImport(Lib)] internal static partial int wb_normal_(TensorHandle t, double mean, double std);
    [LibraryImport(Lib)] internal static partial int wb_bernoulli_(TensorHandle t, double p);

    // shape
    [LibraryImport(Lib)] internal static partial IntPtr wb_as_strided(TensorHandle t, long[] size, long[] stride, int n, long offset);
    [LibraryImport(Lib)] internal static partial IntPtr wb_reshape(TensorHandle t, long[] shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_view(TensorHandle t, long[] shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_expand(TensorHandle t, long[] shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_permute(TensorHandle t, long[] order, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_transpose(TensorHandle t, long a, long b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_narrow(TensorHandle t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr wb_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr wb_select(TensorHandle t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_squeeze(TensorHandle t, long dim, int all);
    [LibraryImport(Lib)] internal static partial IntPtr wb_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr wb_flip(TensorHandle t, long[] dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_repeat(TensorHandle t, long[] repeats, int n);
    [LibraryImport(Lib)] internal static partial IntPtr wb_cat(IntPtr[] tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_stack(IntPtr[] tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_masked_select(TensorHandle t, TensorHandle mask);
    [LibraryImport(Lib)] internal static partial IntPtr wb_masked_fill(TensorHandle t, TensorHandle mask, double d, long i, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr wb_where(TensorHandle cond, TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_gather(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_bincount(TensorHandle t, TensorHandle weights, long minlength);

    // devices, threads, RNG
    [LibraryImport(Lib)] internal static partial int wb_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int wb_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int wb_cuda_synchronize();
    [LibraryImport(Lib)] internal static partial int wb_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int wb_get_num_threads();
    [LibraryImport(Lib)] internal static partial int wb_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial IntPtr wb_get_rng_state();
    [LibraryImport(Lib)] internal static partial int wb_set_rng_state(TensorHandle state);

    // math
    [LibraryImport(Lib)] internal static partial IntPtr wb_binary(int op, TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr wb_binary_scalar(int op, TensorHandle a, double d, long i, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr wb_scalar_binary(int op, double d, long i, int kind, TensorHandle a);
    [LibraryImport(Lib)] internal static partial int wb_binary_(int op, TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int wb_binary_scalar_(int op, TensorHandle a, double d, long i, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr wb_unary(int op, TensorHandle a);
    [LibraryImport(Lib)] internal static partial int wb_unary_(int op, TensorHandle a);
    [LibraryImport(Lib)] internal static partial int wb_addcmul_(TensorHandle a, TensorHandle b, TensorHandle c, double value);
    [LibraryImport(Lib)] internal static partial int wb_addcdiv_(TensorHandle a, TensorHandle b, TensorHandle c, double value);
    [LibraryImport(Lib)] internal static partial IntPtr wb_clamp(TensorHandle a, int hasMin, double min, int hasMax, double max);
    [LibraryImport(Lib)] internal static partial IntPtr wb_sum(TensorHandle t, long[]? dims, int n, int keepdim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr wb_mean(TensorHandle t, long[]? dims, int n, int keepdim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr wb_max_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_min_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_max_dim(TensorHandle t, long dim, int keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int wb_min_dim(TensorHandle t, long dim, int keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial IntPtr wb_argmax(TensorHandle t, int hasDim, long dim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_argmin(TensorHandle t, int hasDim, long dim, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_any(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int equalNan);
    [LibraryImport(Lib)] internal static partial int wb_equal(TensorHandle a, TensorHandle b);

    // autograd
    [LibraryImport(Lib)] internal static partial int wb_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_set_requires_grad(TensorHandle t, int value);
    [LibraryImport(Lib)] internal static partial int wb_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_backward(TensorHandle t, TensorHandle gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int wb_grad(TensorHandle t, out IntPtr grad);
    [LibraryImport(Lib)] internal static partial int wb_set_grad(TensorHandle t, TensorHandle grad);
    [LibraryImport(Lib)] internal static partial IntPtr wb_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_detach_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_is_grad_enabled();
    [LibraryImport(Lib)] internal static partial void wb_set_grad_enabled(int enabled);
    [LibraryImport(Lib)] internal static partial IntPtr wb_inference_mode_enter(int enabled);
    [LibraryImport(Lib)] internal static partial void wb_inference_mode_exit(IntPtr guard);
    [LibraryImport(Lib)] internal static partial int wb_is_inference_mode_enabled();

    // nn.functional
    [LibraryImport(Lib)] internal static partial IntPtr wb_conv2d(TensorHandle x, TensorHandle w, TensorHandle b, long[] stride, long[] padding, long[] dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr wb_conv_transpose2d(TensorHandle x, TensorHandle w, TensorHandle b, long[] stride, long[] padding, long[] outputPadding, long groups, long[] dilation);
    [LibraryImport(Lib)] internal static partial IntPtr wb_max_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, long[] dilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr wb_avg_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, int ceilMode, int countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr wb_adaptive_avg_pool2d(TensorHandle x, long[] size);
    [LibraryImport(Lib)] internal static partial IntPtr wb_dropout(TensorHandle x, double p, int train, int feature);
    [LibraryImport(Lib)] internal static partial IntPtr wb_local_response_norm(TensorHandle x, long size, double alpha, double beta, double k);
    [LibraryImport(Lib)] internal static partial IntPtr wb_softmax(TensorHandle x, long dim, int log);
    [LibraryImport(Lib)] internal static partial IntPtr wb_cross_entropy(TensorHandle x, TensorHandle target, TensorHandle weight, int reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr wb_nll_loss(TensorHandle x, TensorHandle target, TensorHandle weight, int reduction, long ignoreIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_mse_loss(TensorHandle x, TensorHandle target, int reduction);
    [LibraryImport(Lib)] internal static partial IntPtr wb_interpolate(TensorHandle x, long[]? size, double[]? scale, int mode, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr wb_pad(TensorHandle x, long[] pads, int n, int mode, double value);
    [LibraryImport(Lib)] internal static partial IntPtr wb_linear(TensorHandle x, TensorHandle w, TensorHandle b);
}
