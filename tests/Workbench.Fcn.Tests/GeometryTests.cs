using Workbench.Fcn;
using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class GeometryTests
{
    const double Narrow = 1.0 / 32;

    [Theory]
    [InlineData("fcn32s", "score=19")]
    [InlineData("fcn16s", "score_pool4c=5 score=27")]
    [InlineData("fcn8s", "score_pool4c=5 score_pool3c=9 score=31")]
    [InlineData("fcn8s-atonce", "score_pool4c=5 score_pool3c=9 score=31")]
    [InlineData("fcn-alexnet", "score=18")]
    public void Derived_crop_offsets_are_the_reference_ones(string model, string expected)
    {
        using var net = ModelZoo.Create(model, 21, Narrow);
        var want = expected.Split(' ').Select(s => s.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1]));
        Assert.Equal(want.OrderBy(p => p.Key), net.CropOffsets.OrderBy(p => p.Key));
    }

    [Fact]
    public void Offsets_do_not_depend_on_input_size_or_width()
    {
        using var a = ModelZoo.Create("fcn8s", 21, Narrow);
        using var b = ModelZoo.Create("fcn8s", 5, 0.1);
        foreach (var size in new long[] { 1, 37, 500, 1199 })
        {
            Assert.Equal(a.CropOffsets, CropOffsets.Trace(a, size).CropOffsets);
            Assert.Equal(a.CropOffsets, CropOffsets.Trace(b, size).CropOffsets);
        }
    }

    public static IEnumerable<object[]> AllModels() => ModelZoo.Models.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Output_has_the_input_size_and_the_same_crop_offsets_for_every_size_from_1_to_1199(string model)
    {
        using var net = ModelZoo.Create(model, 3, Narrow);
        var failures = new List<string>();
        for (long n = 1; n <= 1199; n++)
        {
            try
            {
                var trace = CropOffsets.Trace(net, n);
                if (trace.Output!.Size != n) failures.Add($"{n}→{trace.Output.Size}");
                if (!trace.CropOffsets.OrderBy(k => k.Key).SequenceEqual(net.CropOffsets.OrderBy(k => k.Key)))
                    failures.Add($"{n}: offsets {string.Join(", ", trace.CropOffsets)}");
            }
            catch (GeometryException e)
            {
                failures.Add($"{n}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} sizes fail, first: {string.Join("; ", failures.Take(5))}");
    }

    [Theory]
    [InlineData("fcn8s")]
    [InlineData("fcn16s")]
    [InlineData("fcn32s")]
    [InlineData("fcn8s-atonce")]
    [InlineData("fcn-alexnet")]
    [InlineData("fcn8s-alexnet")]
    [InlineData("fcn-googlenet")]
    [InlineData("fcn8s-googlenet")]
    public void Forward_pass_output_matches_input_size_and_the_traced_sizes(string model)
    {
        manual_seed(1);
        using var net = ModelZoo.Create(model, 3, 1.0 / 64);
        net.eval();
        using var noGrad = no_grad();
        foreach (var (h, w) in new (long, long)[] { (1, 1), (2, 5), (31, 33), (64, 17), (97, 128), (255, 3) })
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 1, 3, h, w });
            var y = net.forward(x);
            Assert.Equal(new long[] { 1, 3, h, w }, y.shape);
        }
    }

    [Fact]
    public void Largest_input_runs_through_a_narrow_fcn8s()
    {
        using var net = ModelZoo.Create("fcn8s", 2, 1.0 / 64);
        net.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var y = net.forward(randn(new long[] { 1, 3, 1199, 1198 }));
        Assert.Equal(new long[] { 1, 2, 1199, 1198 }, y.shape);
    }

    [Fact]
    public void Parameter_keys_are_the_reference_names()
    {
        using var net = ModelZoo.Create("fcn8s", 21, Narrow);
        var keys = net.state_dict().Keys.ToHashSet();
        foreach (var k in new[] { "conv1_1.weight", "conv5_3.bias", "fc6.weight", "fc7.bias", "score_fr.weight", "score_pool4.weight",
                     "score_pool3.bias", "upscore2.weight", "upscore_pool4.weight", "upscore8.weight" })
            Assert.Contains(k, keys);
        Assert.DoesNotContain("upscore8.bias", keys);
        Assert.Equal(15 * 2 + 3 * 2 + 3, keys.Count);
    }

    [Fact]
    public void Score_layers_start_at_zero_and_deconvolutions_are_fixed_by_default()
    {
        using var net = ModelZoo.Create("fcn8s", 4, Narrow);
        var p = net.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Equal(0f, p["score_fr.weight"].abs().sum().item<float>());
        Assert.Equal(0f, p["score_pool3.bias"].abs().sum().item<float>());
        Assert.False(p["upscore2.weight"].requires_grad);
        Assert.False(p["upscore8.weight"].requires_grad);
        Assert.True(p["conv1_1.weight"].requires_grad);

        using var paper = ModelZoo.Create("fcn8s", 4, Narrow, Upsampling.LearnInner);
        var q = paper.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.True(q["upscore2.weight"].requires_grad);
        Assert.True(q["upscore_pool4.weight"].requires_grad);
        Assert.False(q["upscore8.weight"].requires_grad);
    }

    sealed class ConvThenDeconv : nn.Module<Tensor, Tensor>, IFlowModule
    {
        readonly TorchSharp.Modules.Conv2d conv = nn.Conv2d(3, 8, 3, padding: 1);
        readonly TorchSharp.Modules.MaxPool2d pool = nn.MaxPool2d(2);
        readonly TorchSharp.Modules.ConvTranspose2d up = nn.ConvTranspose2d(8, 4, 4, stride: 2, bias: false);

        public ConvThenDeconv() : base("conv-then-deconv") => RegisterComponents();

        public T Forward<T>(Flow<T> f, T x) => f.Apply(up, f.Apply(pool, f.Apply(conv, x)));

        public override Tensor forward(Tensor x) => throw new NotSupportedException();
    }

    [Fact]
    public void Convolution_flops_count_each_multiply_add_as_two_from_the_traced_sizes()
    {
        using var net = new ConvThenDeconv();
        var trace = CropOffsets.Trace(net, net, 10, checkSizes: false);
        // conv: 10×10 outputs × 8 channels × (3 inputs × 3×3) multiply-adds; the pool halves to 5×5;
        // deconv: 5×5 inputs × 8 channels, each scattered into 4 outputs × 4×4.
        Assert.Equal(2.0 * 10 * 10 * 8 * 3 * 9 + 2.0 * 5 * 5 * 8 * 4 * 16, trace.ConvolutionFlops);
        // A 10×6 input: the sizes along each axis multiply, layer by layer.
        var columns = CropOffsets.Trace(net, net, 6, checkSizes: false);
        Assert.Equal(2.0 * 10 * 6 * 8 * 3 * 9 + 2.0 * 5 * 3 * 8 * 4 * 16, GeometryFlow.RectangleFlops(trace, columns));
    }
}
