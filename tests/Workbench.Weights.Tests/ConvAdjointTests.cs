using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Weights.Tests;

// Upsampling is backwards strided convolution (§3.3): conv_transpose2d is the adjoint of conv2d,
// <A x, y> = <x, Aᵀ y>, for every shape, stride and padding.
public class ConvAdjointTests
{
    [Fact]
    public void ConvTransposeIsTheAdjointOfConv()
    {
        var cases =
            from stride in Gen.Choose(1, 4)
            from kernel in Gen.Choose(1, 5)
            from padding in Gen.Choose(0, kernel - 1)
            from inC in Gen.Choose(1, 3)
            from outC in Gen.Choose(1, 3)
            from h in Gen.Choose(kernel, kernel + 9)
            from w in Gen.Choose(kernel, kernel + 9)
            from seed in Gen.Choose(0, 10000)
            select (stride, kernel, padding, inC, outC, h, w, seed);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var scope = NewDisposeScope();
            manual_seed(c.seed);
            var weight = randn(new long[] { c.outC, c.inC, c.kernel, c.kernel }, float64);
            var x = randn(new long[] { 1, c.inC, c.h + 2 * c.padding >= c.kernel ? c.h : c.kernel, c.w }, float64);
            var s = new long[] { c.stride, c.stride };
            var p = new long[] { c.padding, c.padding };
            var ax = F.conv2d(x, weight, strides: s, padding: p);
            var y = randn(ax.shape, float64);
            // The transpose must reproduce x's exact size: output_padding makes up the rows the
            // strided convolution dropped.
            var op = new long[]
            {
                (x.shape[2] + 2 * c.padding - c.kernel) % c.stride,
                (x.shape[3] + 2 * c.padding - c.kernel) % c.stride,
            };
            var aty = F.conv_transpose2d(y, weight, strides: s, padding: p, output_padding: op);
            Assert.Equal(x.shape, aty.shape);
            double left = (ax * y).sum().item<double>();
            double right = (x * aty).sum().item<double>();
            return Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Abs(left));
        }).QuickCheckThrowOnFailure();
    }
}
