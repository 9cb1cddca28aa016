using Workbench.Fcn.Dense;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Fcn.Tests;

/// <summary>§3.2: the two routes to dense output compute the same scores.</summary>
public class DenseOutputTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 3)]
    public void A_rarefied_filter_is_a_dilated_convolution(int s, int k)
    {
        using var scope = NewDisposeScope();
        manual_seed(s * 10 + k);
        var w = randn(4, 3, k, k);
        var b = randn(4);
        var x = randn(2, 3, 25, 23);
        var rarefied = FilterRarefaction.Rarefy(w, s);
        Assert.Equal(new long[] { 4, 3, (k - 1) * s + 1, (k - 1) * s + 1 }, rarefied.shape);
        // Only every s-th tap is non-zero, and it is the original filter.
        Assert.True(rarefied.slice(2, 0, rarefied.shape[2], s).slice(3, 0, rarefied.shape[3], s).Equals(w));
        Assert.Equal(w.abs().sum().item<float>(), rarefied.abs().sum().item<float>(), 3);
        var diff = (conv2d(x, rarefied, b) - conv2d(x, w, b, dilation: [s])).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"rarefied filter and dilation {s} differ by {diff}");
    }

    [Fact]
    public void Shift_and_stitch_of_a_stride_4_net_equals_the_net_with_strides_removed_and_filters_rarefied()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var w1 = randn(6, 3, 3, 3) * 0.3; var w2 = randn(5, 6, 3, 3) * 0.3;
        const int f = 4;
        // conv stride 2, pool 2 stride 2, conv: output stride 4.
        Tensor Coarse(Tensor x) => conv2d(max_pool2d(relu(conv2d(x, w1, strides: [2])), [2], strides: [2]), w2);
        Tensor Rarefied(Tensor x) => conv2d(max_pool2d(relu(conv2d(x, w1)), [2], strides: [1], dilation: [2]), w2, dilation: [f]);
        var image = randn(1, 3, 40, 36);
        var stitched = ShiftAndStitch.Apply(Coarse, image, f);
        var coarse = Coarse(image);
        Assert.Equal(1, stitched.shape[0]);
        Assert.Equal(5, stitched.shape[1]);
        Assert.True(stitched.shape[2] >= f * (coarse.shape[2] - 1) && stitched.shape[2] % f == 0);
        // Output (i, j) of the unshifted run sits at (f·i, f·j).
        Assert.True((stitched.slice(2, 0, stitched.shape[2], f).slice(3, 0, stitched.shape[3], f)
                     - coarse.narrow(2, 0, stitched.shape[2] / f).narrow(3, 0, stitched.shape[3] / f)).abs().max().item<float>() < 1e-5);
        var dense = Rarefied(image).narrow(2, 0, stitched.shape[2]).narrow(3, 0, stitched.shape[3]);
        Assert.True((dense - stitched).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Stride_one_is_the_net_itself_and_bad_arguments_are_named()
    {
        using var scope = NewDisposeScope();
        var x = randn(1, 2, 8, 8);
        Assert.True(ShiftAndStitch.Apply(t => t * 2, x, 1).Equals(x * 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShiftAndStitch.Apply(t => t, x, 0));
        Assert.Contains("[N, C, H, W]", Assert.Throws<ArgumentException>(() => ShiftAndStitch.Apply(t => t, randn(2, 8, 8), 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => FilterRarefaction.Rarefy(randn(1, 1, 3, 3), 0));
    }
}
