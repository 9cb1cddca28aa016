using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Fcn.Tests;

public class BilinearKernelTests
{
    [Fact]
    public void Small_kernels_have_the_reference_values()
    {
        // factor 2, centre 1.5: (1 − |i − 1.5|/2) = 0.25, 0.75, 0.75, 0.25
        var k4 = BilinearKernel.Filter(4);
        var row = new[] { 0.25f, 0.75f, 0.75f, 0.25f };
        for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            Assert.Equal(row[i] * row[j], k4[i, j], 6);
        // odd: factor 2, centre 1: 0.5, 1, 0.5
        var k3 = BilinearKernel.Filter(3);
        Assert.Equal(1f, k3[1, 1]);
        Assert.Equal(0.25f, k3[0, 0]);
        Assert.Equal(0.5f, k3[0, 1]);
    }

    [Fact]
    public void Weight_is_diagonal_across_channels()
    {
        using var w = BilinearKernel.Weight(3, 3, 4);
        var sums = w.sum(new long[] { 2, 3 }).ToArray<float>();
        for (int i = 0; i < 3; i++)
        for (int o = 0; o < 3; o++)
            Assert.Equal(i == o ? 4f : 0f, sums[i * 3 + o], 5); // (Σ row)² = 2² = 4
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(32)]
    public void Deconvolution_of_a_constant_map_is_constant_away_from_the_border(int factor)
    {
        using var scope = NewDisposeScope();
        long k = 2 * factor;
        var w = BilinearKernel.Weight(2, 2, k);
        var x = full(new long[] { 1, 2, 6, 5 }, 3.0f);
        var y = F.conv_transpose2d(x, w, strides: new long[] { factor });
        // Every output pixel covered by a full set of kernel taps sees the constant exactly.
        var inner = y[.., .., (int) k..^(int) k, (int) k..^(int) k];
        Assert.True(inner.sub(3.0f).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Deconvolution_equals_bilinear_interpolation_of_the_centres()
    {
        // With the crop that coordinate mapping gives (k/2 − factor/2 = factor/2 for k = 2f),
        // the ×f deconvolution of x equals interpolation between input samples placed at the
        // centres of f×f cells (align_corners = false), away from the border.
        using var scope = NewDisposeScope();
        manual_seed(3);
        int f = 4;
        var w = BilinearKernel.Weight(1, 1, 2 * f);
        var x = randn(new long[] { 1, 1, 7, 9 });
        var y = F.conv_transpose2d(x, w, strides: new long[] { f });
        var cropped = y[.., .., (f / 2)..((f / 2) + 7 * f), (f / 2)..((f / 2) + 9 * f)];
        var reference = F.interpolate(x, size: new long[] { 7 * f, 9 * f }, mode: InterpolationMode.Bilinear, align_corners: false);
        var diff = (cropped - reference)[.., .., f..^f, f..^f].abs().max().item<float>();
        Assert.True(diff < 1e-5f, $"max difference {diff}");
    }
}
