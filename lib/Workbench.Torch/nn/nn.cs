using Workbench.Torch.Modules;

namespace Workbench.Torch;

public static partial class torch
{
    /// <summary>Layer factories, named as in TorchSharp (<c>nn.Conv2d(3, 64, 3, padding: 100)</c>).</summary>
    public static partial class nn
    {
        public static Parameter Parameter(Tensor data, bool requires_grad = true) => Modules.Parameter.From(data, requires_grad);

        public static Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true) =>
            new(in_channels, out_channels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation), groups, bias);

        public static Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long)? stride = null,
            (long, long)? padding = null, (long, long)? dilation = null, long groups = 1, bool bias = true) =>
            new(in_channels, out_channels, kernelSize, stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), groups, bias);

        public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0,
            long output_padding = 0, long groups = 1, bool bias = true, long dilation = 1) =>
            new(in_channels, out_channels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (output_padding, output_padding),
                groups, bias, (dilation, dilation));

        public static MaxPool2d MaxPool2d(long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
            new((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceil_mode);

        public static AvgPool2d AvgPool2d(long kernelSize, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
            new((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceil_mode, count_include_pad);

        public static ReLU ReLU(bool inplace = false) => new(inplace);
        public static Dropout Dropout(double p = 0.5) => new(p);
        public static Dropout2d Dropout2d(double p = 0.5) => new(p);

        public static LocalResponseNorm LocalResponseNorm(long size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) =>
            new(size, alpha, beta, k);

        public static Linear Linear(long in_features, long out_features, bool hasBias = true) => new(in_features, out_features, hasBias);

        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) =>
            new(modules.Select((m, i) => (i.ToString(), m)));

        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
    }
}
