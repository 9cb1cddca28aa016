using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class PrecisionTests
{
    [Theory]
    [InlineData("fp32", Precision.Fp32)]
    [InlineData("float32", Precision.Fp32)]
    [InlineData(" BF16 ", Precision.Bf16)]
    [InlineData("bfloat16", Precision.Bf16)]
    public void Names_resolve(string name, Precision expected) => Assert.Equal(expected, Precisions.Resolve(name, CPU));

    [Fact]
    public void Auto_is_bf16_exactly_where_the_CPU_flags_say_native_bf16()
    {
        var flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags")).Split(' ');
        bool native = flags.Contains("avx512_bf16") || flags.Contains("amx_bf16");
        Assert.Equal(native ? Precision.Bf16 : Precision.Fp32, Precisions.Resolve("auto", CPU));
        Assert.Equal(Precisions.Resolve("auto", CPU), Precisions.Resolve(null, CPU));
    }

    [Theory]
    [InlineData("fp16")]
    [InlineData("int8")]
    [InlineData("fast")]
    public void An_unknown_precision_is_refused_with_the_choices(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Precisions.Resolve(name, CPU));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains(Precisions.Choices, e.Message);
    }
}

public class MasterWeightsTests
{
    static nn.Module<Tensor, Tensor> Net()
    {
        manual_seed(1);
        return nn.Sequential(("conv", nn.Conv2d(3, 4, 3)), ("relu", nn.ReLU()), ("score", nn.Conv2d(4, 2, 1)));
    }

    [Fact]
    public void A_module_comes_back_from_bfloat16_bit_for_bit()
    {
        using var net = Net();
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        using (var masters = new MasterWeights(net))
        {
            masters.CastModule(ScalarType.BFloat16);
            Assert.All(net.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
            using var y = net.forward(randn(1, 3, 8, 8).to(ScalarType.BFloat16));
            Assert.Equal(ScalarType.BFloat16, y.dtype);
        }
        foreach (var (name, t) in net.state_dict())
        {
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.True(t.eq(before[name]).all().item<bool>(), $"{name} changed");
        }
    }

    [Fact]
    public void Gradients_accumulate_in_float32_on_the_masters_and_leave_the_module_without_any()
    {
        using var net = Net();
        using var masters = new MasterWeights(net);
        masters.CastModule(ScalarType.BFloat16);
        using var x = randn(1, 3, 8, 8).to(ScalarType.BFloat16);
        net.forward(x).sum().backward();
        masters.AccumulateGradients();
        using var once = masters["conv.weight"].grad!.clone();
        net.forward(x).sum().backward();
        masters.AccumulateGradients();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
        using var twice = masters["conv.weight"].grad!;
        Assert.Equal(ScalarType.Float32, twice.dtype);
        Assert.True(twice.allclose(2 * once), "the second image's gradient was not added to the first");
    }

    [Fact]
    public void An_update_of_the_masters_reaches_the_module_rounded_and_stays_exact_in_the_masters()
    {
        using var net = Net();
        using var masters = new MasterWeights(net);
        masters.CastModule(ScalarType.BFloat16);
        using (no_grad()) masters["score.bias"].add_(1e-4f);   // far below bfloat16's step near 1
        masters.PushWeights();
        masters.Restore();
        var bias = net.state_dict()["score.bias"];
        Assert.True(bias.eq(masters["score.bias"]).all().item<bool>());
        Assert.Throws<KeyNotFoundException>(() => masters["nope.weight"]);
    }

    [Fact]
    public void A_module_that_is_not_float32_is_refused_by_name()
    {
        using var net = Net();
        net.to(ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => new MasterWeights(net));
        Assert.Contains("float64", e.Message);
        Assert.Contains("conv.weight", e.Message);
    }
}
