using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Weights.Tests;

public class AutogradTests
{
    const double Tolerance = 1e-6;

    static Tensor Rand(params long[] shape) => randn(shape, float64);

    [Fact]
    public void Conv2dGradientsMatchFiniteDifferences()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        var x = Rand(1, 2, 5, 6);
        var w = Rand(3, 2, 3, 3);
        var b = Rand(3);
        // A random projection makes every output element count in the scalar.
        var r = Rand(1, 3, 3, 4); // (5 + 2 − 3)/2 + 1 = 3 rows, 6 − 3 + 1 = 4 columns
        double err = GradCheck.MaxError(t => (F.conv2d(t[0], t[1], t[2], strides: new long[] { 2, 1 }, padding: new long[] { 1, 0 }) * r).sum(), x, w, b);
        Assert.True(err < Tolerance, $"max error {err}");
    }

    [Fact]
    public void ConvTranspose2dGradientsMatchFiniteDifferences()
    {
        manual_seed(2);
        using var scope = NewDisposeScope();
        var x = Rand(1, 2, 3, 4);
        var w = Rand(2, 3, 4, 4);
        var b = Rand(3);
        var r = Rand(1, 3, 6, 10); // (3 − 1)·2 − 2 + 4 = 6 rows, (4 − 1)·2 + 4 = 10 columns
        double err = GradCheck.MaxError(t => (F.conv_transpose2d(t[0], t[1], t[2], strides: new long[] { 2, 2 }, padding: new long[] { 1, 0 }) * r).sum(), x, w, b);
        Assert.True(err < Tolerance, $"max error {err}");
    }

    [Fact]
    public void MaxPool2dCeilModeGradientsMatchFiniteDifferences()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var x = Rand(1, 2, 7, 5);
        var r = Rand(1, 2, 4, 3); // ceil(7/2) × ceil(5/2): the ceil mode adds a partial window
        double err = GradCheck.MaxError(t => (F.max_pool2d(t[0], new long[] { 2, 2 }, ceil_mode: true) * r).sum(), x);
        Assert.True(err < Tolerance, $"max error {err}");
    }

    [Theory]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void CrossEntropyWithIgnoredPixelsMatchesFiniteDifferences(Reduction reduction)
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        var scores = Rand(1, 4, 3, 3);
        var target = tensor(new long[] { 0, 1, 2, 3, 255, 1, 255, 0, 2 }, new long[] { 1, 3, 3 });
        double err = GradCheck.MaxError(t => F.cross_entropy(t[0], target, ignore_index: 255, reduction: reduction), scores);
        Assert.True(err < Tolerance, $"max error {err}");
    }

    [Fact]
    public void IgnoredPixelsGetNoGradient()
    {
        using var scope = NewDisposeScope();
        var scores = randn(new long[] { 1, 3, 1, 2 }, float64, requires_grad: true);
        var target = tensor(new long[] { 1, 255 }, new long[] { 1, 1, 2 });
        F.cross_entropy(scores, target, ignore_index: 255, reduction: Reduction.Sum).backward();
        var g = scores.grad!;
        Assert.Equal(0.0, g[.., .., .., 1].abs().sum().item<double>());
        Assert.True(g[.., .., .., 0].abs().sum().item<double>() > 0);
    }

    [Fact]
    public void BackwardWithExplicitGradientScalesTheResult()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = x * x;
        y.backward(tensor(new double[] { 1, 10, 100 }));
        Assert.Equal(new double[] { 2, 40, 600 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void NoGradRecordsNothingAndRestoresTheMode()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 2 }, requires_grad: true);
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void InferenceModeRecordsNothing()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 2 }, requires_grad: true);
        using (inference_mode())
        {
            Assert.True(is_inference_mode_enabled());
            Assert.False((x * 2).requires_grad);
        }
        Assert.False(is_inference_mode_enabled());
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void GradientsAccumulateUntilCleared()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 3 }, requires_grad: true);
        (x * 2).sum().backward();
        (x * 2).sum().backward();
        Assert.Equal(4f, x.grad!.item<float>());
        x.grad = null;
        Assert.Null(x.grad);
        var d = x.detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_alias_of(x));
    }
}
