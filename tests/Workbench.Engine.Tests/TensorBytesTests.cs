using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class TensorBytesTests
{
    [Fact]
    public void ValuesRoundTripThroughSpansForEveryElementType()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new[] { 1.5f, -2f }, TensorBytes.FromSpan<float>(new[] { 1.5f, -2f }, new long[] { 2 }).ToArray<float>());
        Assert.Equal(new[] { 1.5, -2 }, TensorBytes.FromSpan<double>(new[] { 1.5, -2 }, new long[] { 2 }).ToArray<double>());
        Assert.Equal(new[] { long.MaxValue, -1 }, TensorBytes.FromSpan<long>(new[] { long.MaxValue, -1 }, new long[] { 2 }).ToArray<long>());
        Assert.Equal(new byte[] { 0, 255 }, TensorBytes.FromSpan<byte>(new byte[] { 0, 255 }, new long[] { 2 }).ToArray<byte>());
        Assert.Equal(new[] { true, false }, TensorBytes.FromSpan<bool>(new[] { true, false }, new long[] { 2 }).ToArray<bool>());
        var t = TensorBytes.FromSpan<int>(new[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Int32, t.dtype);
    }

    [Fact]
    public void BytesAreReinterpretedNotConverted()
    {
        using var scope = NewDisposeScope();
        // bfloat16 1.0 is 0x3F80, little-endian 80 3F; TorchSharp's frombuffer would convert bytes to values.
        var t = TensorBytes.FromBytes(new byte[] { 0x80, 0x3F, 0x00, 0xC0 }, ScalarType.BFloat16, new long[] { 2 });
        Assert.Equal(new[] { 1f, -2f }, t.to(ScalarType.Float32).ToArray<float>());
        Assert.Equal(new byte[] { 0x80, 0x3F, 0x00, 0xC0 }, t.ToBytes());
        Assert.Throws<ArgumentException>(() => TensorBytes.FromBytes(new byte[3], ScalarType.Float32, new long[] { 1 }));
    }

    [Fact]
    public void StridedViewsAreCopiedInRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        var t = arange(6, ScalarType.Float32).reshape(2, 3).t();
        Assert.False(t.is_contiguous());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<float>());
        Assert.Throws<ArgumentException>(() => t.ToArray<double>());
    }

    [Fact]
    public void StreamsCarryTheExactBytes()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle))), values =>
        {
            using var scope = NewDisposeScope();
            var t = TensorBytes.FromSpan<float>(values, new long[] { values.Length });
            using var stream = new MemoryStream();
            t.WriteTo(stream);
            stream.Position = 0;
            var back = TensorBytes.ReadFrom(stream, ScalarType.Float32, values.Length);
            return back.ToArray<float>().Select(BitConverter.SingleToInt32Bits).SequenceEqual(values.Select(BitConverter.SingleToInt32Bits));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ATruncatedStreamSaysHowMuchArrived()
    {
        var e = Assert.Throws<EndOfStreamException>(() => TensorBytes.ReadFrom(new MemoryStream(new byte[10]), ScalarType.Float32, 4));
        Assert.Contains("after 10 of 16 bytes", e.Message);
    }
}
