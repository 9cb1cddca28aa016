using Workbench.Torch.Native;

namespace Workbench.Torch;

/// <summary>How a loss combines per-element values (PyTorch's reduction argument).</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>The layers and losses as functions (torch.nn.functional).</summary>
        public static partial class functional
        {
            static long[] Two(long[]? v, long fallback, string name)
            {
                if (v is null) return new[] { fallback, fallback };
                if (v.Length == 1) return new[] { v[0], v[0] };
                if (v.Length == 2) return v;
                throw new ArgumentException($"{name} takes one or two values, got {v.Length}", name);
            }

            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null,
                long[]? dilation = null, long groups = 1) =>
                Tensor.Wrap(NativeMethods.wb_conv2d(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null,
                    Two(strides, 1, nameof(strides)), Two(padding, 0, nameof(padding)), Two(dilation, 1, nameof(dilation)), groups), "conv2d");

            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null,
                long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                Tensor.Wrap(NativeMethods.wb_conv_transpose2d(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null,
                    Two(strides, 1, nameof(strides)), Two(padding, 0, nameof(padding)), Two(output_padding, 0, nameof(output_padding)), groups,
                    Two(dilation, 1, nameof(dilation))), "conv_transpose2d");

            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null,
                long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Two(kernel_size, 1, nameof(kernel_size));
                return Tensor.Wrap(NativeMethods.wb_max_pool2d(input.Handle, k, strides is null ? k : Two(strides, 1, nameof(strides)),
                    Two(padding, 0, nameof(padding)), Two(dilation, 1, nameof(dilation)), ceil_mode ? 1 : 0), "max_pool2d");
            }

            public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null,
                bool ceil_mode = false, bool count_include_pad = true)
            {
                var k = Two(kernel_size, 1, nameof(kernel_size));
                return Tensor.Wrap(NativeMethods.wb_avg_pool2d(input.Handle, k, strides is null ? k : Two(strides, 1, nameof(strides)),
                    Two(padding, 0, nameof(padding)), ceil_mode ? 1 : 0, count_include_pad ? 1 : 0), "avg_pool2d");
            }

            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) =>
                Tensor.Wrap(NativeMethods.wb_adaptive_avg_pool2d(input.Handle, Two(output_size, 1, nameof(output_size))), "adaptive_avg_pool2d");

            public static Tensor relu(Tensor input, bool inplace = false) => inplace ? input.relu_() : input.relu();

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) =>
                Tensor.Wrap(NativeMethods.wb_dropout(input.Handle, p, training ? 1 : 0, 0), "dropout");

            /// <summary>Zeroes whole channels (feature maps) with probability p.</summary>
            public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true) =>
                Tensor.Wrap(NativeMethods.wb_dropout(input.Handle, p, training ? 1 : 0, 1), "dropout2d");

            public static Tensor local_response_norm(Tensor input, long size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) =>
                Tensor.Wrap(NativeMethods.wb_local_response_norm(input.Handle, size, alpha, beta, k), "local_response_norm");

            public static Tensor softmax(Tensor input, long dim) => Tensor.Wrap(NativeMethods.wb_softmax(input.Handle, dim, 0), "softmax");
            public static Tensor log_softmax(Tensor input, long dim) => Tensor.Wrap(NativeMethods.wb_softmax(input.Handle, dim, 1), "log_softmax");

            /// <summary>Softmax cross-entropy over dim 1; targets equal to <paramref name="ignore_index"/> count for nothing.</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
                Tensor.Wrap(NativeMethods.wb_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? TensorHandle.Null,
                    (int) reduction, ignore_index, label_smoothing), "cross_entropy");

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean) =>
                Tensor.Wrap(NativeMethods.wb_nll_loss(input.Handle, target.Handle, weight?.Handle ?? TensorHandle.Null,
                    (int) reduction, ignore_index), "nll_loss");

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Tensor.Wrap(NativeMethods.wb_mse_loss(input.Handle, target.Handle, (int) reduction), "mse_loss");

            public static Tensor interpolate(Tensor input, long[]? size = null, double[]? scale_factor = null,
                InterpolationMode mode = InterpolationMode.Nearest, bool? align_corners = null)
            {
                if (size is null && scale_factor is null) throw new ArgumentException("interpolate needs a size or a scale_factor");
                if (size is not null && size.Length != 2) throw new ArgumentException("interpolate takes a 2-d size (height, width)", nameof(size));
                if (scale_factor is not null && scale_factor.Length != 2)
                    throw new ArgumentException("interpolate takes two scale factors (height, width)", nameof(scale_factor));
                return Tensor.Wrap(NativeMethods.wb_interpolate(input.Handle, size, size is null ? scale_factor : null, (int) mode,
                    align_corners == true ? 1 : 0), "interpolate");
            }

            /// <summary>Pads the last dimensions: (left, right, top, bottom, …), as torch.nn.functional.pad.</summary>
            public static Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0) =>
                Tensor.Wrap(NativeMethods.wb_pad(input.Handle, pad, pad.Length, (int) mode, value), "pad");

            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                Tensor.Wrap(NativeMethods.wb_linear(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null), "linear");
        }
    }
}

public enum InterpolationMode
{
    Nearest = 0,
    Bilinear = 1,
}

public enum PaddingModes
{
    Constant = 0,
    Reflect = 1,
    Replicate = 2,
}
