using static TorchSharp.torch;

namespace Workbench.Weights.Tests;

public class TensorTests
{
    [Fact]
    public void ArraysRoundTripWithShapeAndDtype()
    {
        using var scope = NewDisposeScope();
        var values = new float[] { 1, 2, 3, 4, 5, 6 };
        var t = tensor(values, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(2, t.ndim);
        Assert.Equal(6, t.numel());
        Assert.Equal(values, t.ToArray<float>());
        Assert.Equal(new long[] { 3, 1 }, t.stride());

        var bytes = tensor(new byte[] { 0, 255, 7 });
        Assert.Equal(ScalarType.Byte, bytes.dtype);
        Assert.Equal(new byte[] { 0, 255, 7 }, bytes.ToArray<byte>());

        var multi = from_array(new long[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(new long[] { 2, 2 }, multi.shape);
        Assert.Equal(ScalarType.Int64, multi.dtype);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, multi.ToArray<long>());
    }

    [Fact]
    public void RawBytesRoundTripForEveryDtype()
    {
        using var scope = NewDisposeScope();
        foreach (var dtype in new[] { float32, float64, float16, bfloat16, int64, int32, uint8, @bool })
        {
            var t = (rand(new long[] { 3, 4 }) * 10).to(dtype);
            var copy = frombuffer(t.bytes(), dtype, t.shape);
            Assert.True(copy.equal(t), dtype.Name());
        }
    }

    [Fact]
    public void CreationFunctions()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0f, zeros(2, 3).sum().item<float>());
        Assert.Equal(6f, ones(2, 3).sum().item<float>());
        Assert.Equal(new long[] { 7, 7 }, full(new long[] { 2 }, 7).ToArray<long>());
        Assert.Equal(ScalarType.Float32, full(new long[] { 2 }, 0.5).dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, arange(4).ToArray<long>());
        Assert.Equal(new float[] { 1, 1.5f, 2 }, arange(1.0, 2.5, 0.5).ToArray<float>());
        var r = randint(3, 7, new long[] { 1000 });
        Assert.True(r.min().item<long>() >= 3 && r.max().item<long>() < 7);
        var u = rand(10000);
        Assert.InRange(u.mean().item<float>(), 0.45f, 0.55f);
        var n = randn(10000);
        Assert.InRange(n.mean().item<float>(), -0.05f, 0.05f);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, randperm(5).sort());
    }

    [Fact]
    public void ArithmeticBroadcastsAndKeepsIntegerTypes()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 }, new long[] { 3, 1 });
        var b = tensor(new float[] { 10, 20 }, new long[] { 1, 2 });
        var sum = a + b;
        Assert.Equal(new long[] { 3, 2 }, sum.shape);
        Assert.Equal(new float[] { 11, 21, 12, 22, 13, 23 }, sum.ToArray<float>());
        Assert.Equal(new float[] { 9, 19, 8, 18, 7, 17 }, (b - a).ToArray<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, (a * 2).ToArray<float>());
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, (a / 2).ToArray<float>());
        Assert.Equal(new float[] { -1, -2, -3 }, (-a).ToArray<float>());
        Assert.Equal(new float[] { 0, -1, -2 }, (1 - a).ToArray<float>());

        var i = tensor(new long[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, (i + 2).dtype);
        Assert.Equal(new long[] { 2, 4, 6 }, (i + i).ToArray<long>());
        Assert.Equal(new long[] { -1, -2, -3 }, i.sub(i, 2).ToArray<long>());
        Assert.Equal(new long[] { 3, 6, 9 }, i.clone().add_(i, 2).ToArray<long>());
        Assert.Equal(new float[] { 1.5f, 3, 4.5f }, i.to(float32).add(i.to(float32), 0.5).ToArray<float>());
        Assert.Equal(ScalarType.Float32, (i + 0.5f).dtype);
        Assert.Equal(new long[] { 0, 1, 1 }, (i / 2).floor().@long().ToArray<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, (i % 2).ToArray<long>());
    }

    [Fact]
    public void ComparisonsGiveBooleanMasks()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 5, 3 });
        Assert.Equal(new[] { false, true, false }, (x > 3).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, (x <= 3).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, x.eq(3).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, ((x < 4) & (x < 2)).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, (~(x < 4)).ToArray<bool>());
        Assert.Equal(new float[] { 0, 5, 0 }, where(x > 3, x, zeros_like(x)).ToArray<float>());
    }

    [Fact]
    public void Reductions()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 7, 3, 4, 2, 9 }, new long[] { 2, 3 });
        Assert.Equal(26f, x.sum().item<float>());
        Assert.Equal(new float[] { 11, 15 }, x.sum(1).ToArray<float>());
        Assert.Equal(new long[] { 2, 1 }, x.sum(1, keepdim: true).shape);
        Assert.Equal(new float[] { 2.5f, 4.5f, 6 }, x.mean(0).ToArray<float>());
        Assert.Equal(9f, x.max().item<float>());
        var (values, indexes) = x.max(1);
        Assert.Equal(new float[] { 7, 9 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, indexes.ToArray<long>());
        Assert.Equal(new long[] { 1, 2 }, x.argmax(1).ToArray<long>());
        Assert.Equal(5L, x.argmax().item<long>());
        Assert.Equal(26.0, x.@double().sum().item<double>());
        Assert.Equal(new double[] { 11, 15 }, x.sum(1, type: float64).ToArray<double>());
        Assert.Equal(new long[] { 2, 0, 1, 3 }, bincount(tensor(new long[] { 0, 0, 2, 3, 3, 3 }), minlength: 4).ToArray<long>());
    }

    [Fact]
    public void ShapeOperations()
    {
        using var scope = NewDisposeScope();
        var x = arange(24).reshape(2, 3, 4);
        Assert.Equal(new long[] { 4, 2, 3 }, x.permute(2, 0, 1).shape);
        Assert.False(x.permute(2, 0, 1).is_contiguous());
        Assert.True(x.permute(2, 0, 1).contiguous().is_contiguous());
        Assert.Equal(new long[] { 6, 4 }, x.view(6, 4).shape);
        Assert.Equal(new long[] { 2, 1, 4 }, x.narrow(1, 1, 1).shape);
        Assert.Equal(new long[] { 4, 5, 6, 7, 16, 17, 18, 19 }, x.narrow(1, 1, 1).flatten().ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3, 4 }, x.unsqueeze(0).shape[..1].Concat(x.shape).ToArray());
        Assert.Equal(new long[] { 2, 3, 4 }, x.unsqueeze(0).squeeze(0).shape);
        Assert.Equal(new long[] { 3, 7, 11 }, x.select(0, 0).select(1, 3).ToArray<long>());
        Assert.Equal(new long[] { 4, 3, 4 }, cat(new[] { x, x }, 0).shape);
        Assert.Equal(new long[] { 2, 2, 3, 4 }, stack(new[] { x, x }, 0).shape);
        Assert.Equal(new long[] { 3, 2, 1, 0 }, arange(4).flip(0).ToArray<long>());
        var strided = arange(10).as_strided(new long[] { 2, 2 }, new long[] { 3, 1 }, 2);
        Assert.Equal(new long[] { 2, 3, 5, 6 }, strided.ToArray<long>());
    }

    [Fact]
    public void IndexingCropsLikePyTorch()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 10 * 10).reshape(2, 3, 10, 10);
        var crop = x[.., .., 2..5, 3..9];
        Assert.Equal(new long[] { 2, 3, 3, 6 }, crop.shape);
        Assert.Equal(23L, crop[0, 0, 0, 0].item<long>());
        Assert.True(crop.is_alias_of(x));
        Assert.Equal(new long[] { 3, 10 }, x[1, .., 4].shape);
        Assert.Equal(new long[] { 2, 3, 10, 5 }, x[TensorIndex.Ellipsis, TensorIndex.Slice(0, 10, 2)].shape);
        Assert.Equal(new long[] { 2, 3, 2 }, x[.., .., ^2.., ^1].shape);
        Assert.Equal(599L, x[-1, -1, -1, -1].item<long>());
    }

    [Fact]
    public void ToStringShowsShapeDtypeAndPreview()
    {
        using var scope = NewDisposeScope();
        var text = tensor(new float[] { 1.5f, 2, 3, 4 }, new long[] { 2, 2 }).ToString();
        Assert.StartsWith("[2, 2], type = float32, device = cpu", text);
        Assert.Contains("[[1.5, 2],", text);
        var longOne = arange(100).ToString();
        Assert.Contains("[0, 1, 2, ..., 97, 98, 99]", longOne);
    }

    [Fact]
    public void InPlaceOperationsModifyTheTensor()
    {
        using var scope = NewDisposeScope();
        var x = ones(3);
        x.mul_(4).add_(tensor(new float[] { 1, 2, 3 }), 2).sub_(1);
        Assert.Equal(new float[] { 5, 7, 9 }, x.ToArray<float>());
        x.zero_();
        Assert.Equal(0f, x.sum().item<float>());
        x.fill_(2.5);
        Assert.Equal(7.5f, x.sum().item<float>());
    }

    [Fact]
    public void ManualSeedMakesRandomNumbersReproducible()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var a = randn(5).ToArray<float>();
        manual_seed(42);
        var b = randn(5).ToArray<float>();
        Assert.Equal(a, b);
        var state = get_rng_state();
        var c = rand(5).ToArray<float>();
        set_rng_state(state);
        Assert.Equal(c, rand(5).ToArray<float>());
    }

    [Fact]
    public void DtypeConversions()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1.7f, -2.2f });
        Assert.Equal(new long[] { 1, -2 }, x.@long().ToArray<long>());
        Assert.Equal(ScalarType.Float64, x.@double().dtype);
        Assert.Equal(new byte[] { 1, 254 }, x.to(int32).to(uint8).ToArray<byte>());
        Assert.Equal(new[] { true, true }, x.@bool().ToArray<bool>());
    }

    [Fact]
    public void DataAccessorWritesThrough()
    {
        using var scope = NewDisposeScope();
        var x = zeros(4);
        var data = x.data<float>();
        data[2] = 5;
        Assert.Equal(5f, x.sum().item<float>());
        Assert.Throws<InvalidOperationException>(() => arange(6).reshape(2, 3).t().data<long>());
        Assert.Throws<ArgumentException>(() => x.data<double>());
    }

    [Fact]
    public void ThreadsCanBeSet()
    {
        int before = get_num_threads();
        Assert.True(before >= 1);
        set_num_threads(1);
        Assert.Equal(1, get_num_threads());
        set_num_threads(before);
        Assert.Equal(before, get_num_threads());
    }
}

internal static class TestExtensions
{
    internal static long[] sort(this torch.Tensor t) => t.ToArray<long>().Order().ToArray();
}
