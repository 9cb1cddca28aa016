using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using Workbench.Weights;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// Every integer encoding torch.load accepts reads as the same number here: BININT1/2, BININT,
/// LONG1, LONG4 and the text forms, for storage sizes, offsets, shapes and strides and for plain
/// values; ints beyond 64 bits are refused by name where a tensor needs them.
/// </summary>
public class IntegerEncodingTests
{
    static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("wb-ints-").FullName, name);

    [Fact]
    public void A_tensor_reads_the_same_whatever_encoding_its_integers_use()
    {
        var shapes = from rows in Gen.Choose(1, 5)
                     from cols in Gen.Choose(1, 5)
                     from offset in Gen.Choose(0, 7)
                     from transposed in Gen.Elements(true, false)
                     from encodings in Gen.Choose(0, int.MaxValue)
                     select (rows, cols, offset, transposed, encodings);
        Prop.ForAll(shapes.ToArbitrary(), c =>
        {
            long numel = c.offset + c.rows * c.cols;
            var w = new PickleWriter { Encodings = new Random(c.encodings) }.Proto().EmptyDict().Str("x")
                .Tensor("0", numel, c.offset, [c.rows, c.cols], c.transposed ? [1, c.rows] : [c.cols, 1]).SetItem()
                .Str("step").Int(BigInteger.One << 40).SetItem().Str("neg").Int(-(BigInteger.One << 33)).SetItem().Stop();
            var path = Temp("ints.pth");
            try
            {
                File.WriteAllBytes(path, PthBuilder.Zip(w.ToArray(), [("0", PthBuilder.Floats(numel))]));
                var root = (PthDict) PthZip.ReadObject(path)!;
                using var x = (torch.Tensor) root["x"]!;
                Assert.Equal(new long[] { c.rows, c.cols }, x.shape);
                Assert.Equal(c.offset, x.storage_offset());
                Assert.Equal(c.transposed ? new long[] { 1, c.rows } : new long[] { c.cols, 1 }, x.stride());
                Assert.Equal((float) c.offset, x[0, 0].item<float>());
                Assert.Equal(1L << 40, root["step"]);
                Assert.Equal(-(1L << 33), root["neg"]);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(path)!, true);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void What_torch_save_writes_as_LONG1_reads_as_a_long()
    {
        // tests/fixtures/hostile/make_fixtures.py: torch.save({'w': …, 'step': 2**40, 'neg': -2**40, 'small': 7})
        var root = (PthDict) PthZip.ReadObject(Path.Combine(Fixtures.Root, "hostile", "long_ints_zip.pth"))!;
        using var w = (torch.Tensor) root["w"]!;
        Assert.Equal(1L << 40, root["step"]);
        Assert.Equal(-(1L << 40), root["neg"]);
        Assert.Equal(7L, root["small"]);
    }

    [Fact]
    public void A_size_beyond_64_bits_is_refused_by_name()
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("x")
            .Tensor("0", 4, 0, [4], [1]).SetItem().Stop().ToArray();
        // The same pickle with the offset 0 replaced by 2^64 as LONG1.
        var big = new PickleWriter().Proto().EmptyDict().Str("x").Global("torch._utils", "_rebuild_tensor_v2").Mark()
            .Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(4).Tuple().BinPersId()
            .Long1(BigInteger.One << 64).IntTuple([4]).IntTuple([1]).False().Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Tuple().Reduce().SetItem().Stop().ToArray();
        var path = Temp("big.pth");
        try
        {
            File.WriteAllBytes(path, PthBuilder.Zip(w, [("0", PthBuilder.Floats(4))]));
            using (var ok = WeightsFile.Read(path)) Assert.Equal(new long[] { 4 }, ok.Entries["x"].shape);
            File.WriteAllBytes(path, PthBuilder.Zip(big, [("0", PthBuilder.Floats(4))]));
            var e = Assert.Throws<WeightsFormatException>(() => WeightsFile.Read(path));
            Assert.Contains("storage_offset is int 18446744073709551616, which does not fit in 64 bits", e.Message);
            Assert.StartsWith(path, e.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, true);
        }
    }
}
