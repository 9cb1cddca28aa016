using static Workbench.Torch.torch;
using F = Workbench.Torch.torch.nn.functional;

namespace Workbench.Torch.Modules;

// The layers of torch.nn that the FCNs use. Each holds its hyper-parameters and parameters and
// calls the matching function of nn.functional.

// PyTorch's default for conv and linear layers: weights kaiming-uniform with a = √5, biases
// uniform in ±1/√fan_in.
internal static class DefaultInit
{
    internal static void Reset(Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = nn.init.calculate_fan_in_and_fan_out(weight);
        double bound = 1 / Math.Sqrt(fanIn);
        nn.init.uniform_(bias, -bound, bound);
    }
}

public sealed class Conv2d : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    public Parameter? bias;
    public readonly long[] stride, padding, dilation;
    public readonly long groups;

    internal Conv2d(long inChannels, long outChannels, (long, long) kernel, (long, long) stride, (long, long) padding,
        (long, long) dilation, long groups, bool hasBias) : base(nameof(Conv2d))
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: {inChannels} input and {outChannels} output channels are not divisible into {groups} groups");
        this.stride = new[] { stride.Item1, stride.Item2 };
        this.padding = new[] { padding.Item1, padding.Item2 };
        this.dilation = new[] { dilation.Item1, dilation.Item2 };
        this.groups = groups;
        weight = Parameter.From(empty(new[] { outChannels, inChannels / groups, kernel.Item1, kernel.Item2 }));
        bias = hasBias ? Parameter.From(empty(new[] { outChannels })) : null;
        reset_parameters();
        RegisterComponents();
    }

    public long[] kernel_size => weight.shape[2..];
    public long in_channels => weight.shape[1] * groups;
    public long out_channels => weight.shape[0];

    public void reset_parameters() => DefaultInit.Reset(weight, bias);

    public override Tensor forward(Tensor input) => F.conv2d(input, weight, bias, stride, padding, dilation, groups);
}

public sealed class ConvTranspose2d : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    public Parameter? bias;
    public readonly long[] stride, padding, output_padding, dilation;
    public readonly long groups;

    internal ConvTranspose2d(long inChannels, long outChannels, (long, long) kernel, (long, long) stride, (long, long) padding,
        (long, long) outputPadding, long groups, bool hasBias, (long, long) dilation) : base(nameof(ConvTranspose2d))
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"ConvTranspose2d: {inChannels} input and {outChannels} output channels are not divisible into {groups} groups");
        this.stride = new[] { stride.Item1, stride.Item2 };
        this.padding = new[] { padding.Item1, padding.Item2 };
        output_padding = new[] { outputPadding.Item1, outputPadding.Item2 };
        this.dilation = new[] { dilation.Item1, dilation.Item2 };
        this.groups = groups;
        weight = Parameter.From(empty(new[] { inChannels, outChannels / groups, kernel.Item1, kernel.Item2 }));
        bias = hasBias ? Parameter.From(empty(new[] { outChannels })) : null;
        reset_parameters();
        RegisterComponents();
    }

    public long[] kernel_size => weight.shape[2..];

    public void reset_parameters() => DefaultInit.Reset(weight, bias);

    public override Tensor forward(Tensor input) =>
        F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation);
}

public sealed class MaxPool2d : nn.Module<Tensor, Tensor>
{
    public readonly long[] kernel_size, stride, padding, dilation;
    public readonly bool ceil_mode;

    internal MaxPool2d((long, long) kernel, (long, long)? stride, (long, long) padding, (long, long) dilation, bool ceilMode)
        : base(nameof(MaxPool2d))
    {
        kernel_size = new[] { kernel.Item1, kernel.Item2 };
        this.stride = stride is { } s ? new[] { s.Item1, s.Item2 } : kernel_size;
        this.padding = new[] { padding.Item1, padding.Item2 };
        this.dilation = new[] { dilation.Item1, dilation.Item2 };
        ceil_mode = ceilMode;
    }

    public override Tensor forward(Tensor input) => F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
}

public sealed class AvgPool2d : nn.Module<Tensor, Tensor>
{
    public readonly long[] kernel_size, stride, padding;
    public readonly bool ceil_mode, count_include_pad;

    internal AvgPool2d((long, long) kernel, (long, long)? stride, (long, long) padding, bool ceilMode, bool countIncludePad)
        : base(nameof(AvgPool2d))
    {
        kernel_size = new[] { kernel.Item1, kernel.Item2 };
        this.stride = stride is { } s ? new[] { s.Item1, s.Item2 } : kernel_size;
        this.padding = new[] { padding.Item1, padding.Item2 };
        ceil_mode = ceilMode;
        count_include_pad = countIncludePad;
    }

    public override Tensor forward(Tensor input) => F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);
}

public sealed class ReLU : nn.Module<Tensor, Tensor>
{
    public readonly bool inplace;
    internal ReLU(bool inplace) : base(nameof(ReLU)) => this.inplace = inplace;
    public override Tensor forward(Tensor input) => F.relu(input, inplace);
}

public sealed class Dropout : nn.Module<Tensor, Tensor>
{
    public readonly double p;
    internal Dropout(double p) : base(nameof(Dropout)) => this.p = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
    public override Tensor forward(Tensor input) => F.dropout(input, p, training);
}

public sealed class Dropout2d : nn.Module<Tensor, Tensor>
{
    public readonly double p;
    internal Dropout2d(double p) : base(nameof(Dropout2d)) => this.p = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
    public override Tensor forward(Tensor input) => F.dropout2d(input, p, training);
}

public sealed class LocalResponseNorm : nn.Module<Tensor, Tensor>
{
    public readonly long size;
    public readonly double alpha, beta, k;

    internal LocalResponseNorm(long size, double alpha, double beta, double k) : base(nameof(LocalResponseNorm))
    {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    public override Tensor forward(Tensor input) => F.local_response_norm(input, size, alpha, beta, k);
}

public sealed class Linear : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    public Parameter? bias;

    internal Linear(long inFeatures, long outFeatures, bool hasBias) : base(nameof(Linear))
    {
        weight = Parameter.From(empty(new[] { outFeatures, inFeatures }));
        bias = hasBias ? Parameter.From(empty(new[] { outFeatures })) : null;
        DefaultInit.Reset(weight, bias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}

/// <summary>Runs its children in order; children are named "0", "1", … unless names are given.</summary>
public sealed class Sequential : nn.Module<Tensor, Tensor>
{
    readonly List<nn.Module<Tensor, Tensor>> layers = new();

    internal Sequential(IEnumerable<(string name, nn.Module<Tensor, Tensor> module)> modules) : base(nameof(Sequential))
    {
        foreach (var (name, module) in modules)
        {
            register_module(name, module);
            layers.Add(module);
        }
    }

    public int Count => layers.Count;
    public nn.Module<Tensor, Tensor> this[int i] => layers[i];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var y = layer.forward(x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? x.alias() : x;
    }
}
