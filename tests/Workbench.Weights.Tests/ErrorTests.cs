using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Weights.Tests;

// Mistakes a user can make come back as exceptions with libtorch's message; none crashes.
public class ErrorTests
{
    [Fact]
    public void ShapeMismatchRaisesTorchExceptionWithLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => ones(2, 3) + ones(4, 5));
        Assert.Contains("must match the size", e.Message);
        Assert.StartsWith("add:", e.Message);
    }

    [Fact]
    public void ConvolutionWithWrongChannelsRaises()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => F.conv2d(ones(1, 3, 8, 8), ones(4, 2, 3, 3)));
        Assert.Contains("channels", e.Message);
        Assert.Throws<TorchException>(() => F.conv2d(ones(1, 3, 2, 2), ones(4, 3, 5, 5)));
    }

    [Fact]
    public void BadTargetsRaise()
    {
        using var scope = NewDisposeScope();
        // A class index beyond the score channels, and a float target.
        Assert.Throws<TorchException>(() => F.cross_entropy(ones(1, 3, 2, 2), full(new long[] { 1, 2, 2 }, 7L)));
        Assert.Throws<TorchException>(() => F.cross_entropy(ones(1, 3, 2, 2), ones(1, 2, 2).mul(0.5)));
    }

    [Fact]
    public void InvalidShapesAndIndicesRaise()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<TorchException>(() => ones(6).view(4, 2));
        Assert.Throws<TorchException>(() => ones(2, 3).select(0, 5));
        Assert.Throws<TorchException>(() => ones(2, 3).permute(0, 0));
        Assert.Throws<TorchException>(() => ones(2).item<float>());
        Assert.Throws<TorchException>(() => ones(2, 3).matmul(ones(2, 3)));
        Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        Assert.Throws<ArgumentException>(() => ones(2, 2)[0, 0, 0]);
        Assert.Throws<TorchException>(() => zeros(new long[] { -1 }));
        Assert.Throws<TorchException>(() => F.dropout(ones(3), 1.5));
        Assert.Throws<TorchException>(() => cat(new[] { ones(2, 3), ones(2, 4) }, 0));
    }

    [Fact]
    public void BackwardOfANonScalarWithoutGradientRaises()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 3 }, requires_grad: true);
        var e = Assert.Throws<TorchException>(() => (x * 2).backward());
        Assert.Contains("scalar", e.Message);
        Assert.Throws<TorchException>(() => ones(3).sum().backward());
    }

    [Fact]
    public void ADisposedTensorCannotBeUsed()
    {
        var t = ones(3);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.Throws<ObjectDisposedException>(() => t.shape);
        t.Dispose(); // twice is harmless
    }

    [Fact]
    public void TensorsOfAScopeAreDisposedWithIt()
    {
        Tensor inner, kept;
        using (var scope = NewDisposeScope())
        {
            inner = ones(2);
            kept = (inner * 3).MoveToOuterDisposeScope();
            Assert.Equal(1, scope.Count);
        }
        Assert.True(inner.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal(6f, kept.sum().item<float>());
        kept.Dispose();
    }

    [Fact]
    public void CudaIsReportedAndUsedOnlyWhereAvailable()
    {
        using var scope = NewDisposeScope();
        if (!cuda.is_available())
        {
            Assert.Equal(0, cuda.device_count());
            Assert.Throws<TorchException>(() => ones(2).cuda());
            return;
        }
        var x = ones(2, 2).cuda();
        Assert.Equal(DeviceType.CUDA, x.device_type);
        Assert.Equal(4f, (x * 2).sum().cpu().item<float>() / 2);
    }
}
