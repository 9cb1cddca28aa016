using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// `inspect weights` sums a view from its storage: for zero, overlapping and ordinary strides the
/// sum equals that of the expanded tensor (computed here for views small enough to expand).
/// </summary>
public class StridedSumTests
{
    [Fact]
    public void The_summary_sum_of_any_view_equals_the_sum_of_its_expansion()
    {
        var views = from dims in Gen.Choose(1, 4)
                     from sizes in Gen.ArrayOf(Gen.Choose(1, 6), dims)
                     from strides in Gen.ArrayOf(Gen.Choose(0, 7), dims)
                     from offset in Gen.Choose(0, 5)
                     from seed in Gen.Choose(0, 1000)
                     select (sizes, strides, offset, seed);
        Prop.ForAll(views.ToArbitrary(), v =>
        {
            long span = v.offset + 1 + v.sizes.Zip(v.strides, (s, k) => (long) (s - 1) * k).Sum();
            var path = Path.Combine(Directory.CreateTempSubdirectory("wb-sum-").FullName, "v.pth");
            try
            {
                // Integer-valued floats: both sums are exact, whatever the order of additions.
                var values = Enumerable.Range(0, (int) span).Select(i => (float) ((i * 7 + v.seed) % 11 - 5)).ToArray();
                var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
                var pickle = new PickleWriter().Proto().EmptyDict().Str("x")
                    .Tensor("0", span, v.offset, v.sizes.Select(s => (long) s).ToArray(), v.strides.Select(s => (long) s).ToArray()).SetItem().Stop();
                File.WriteAllBytes(path, PthBuilder.Zip(pickle.ToArray(), [("0", bytes)]));
                using var file = WeightsFile.Read(path);
                var summary = WeightsSummary.Entries(file).Single();
                using var expanded = file.Entries["x"].contiguous().to(ScalarType.Float64);
                Assert.Equal(expanded.sum().item<double>(), summary.Sum);
                Assert.Equal(expanded.numel(), summary.Numel);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(path)!, true);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_zero_stride_view_saved_by_torch_is_summarised_exactly()
    {
        using var file = WeightsFile.Read(Path.Combine(Fixtures.Root, "hostile", "zero_stride_zip.pth"));
        var x = WeightsSummary.Entries(file).Single(e => e.Name == "x");
        Assert.Equal(new long[] { 100000, 10000 }, x.Shape);
        Assert.Equal(1e9, x.Sum);
        Assert.Equal(1.0, x.Mean);
        Assert.Equal(15.0, WeightsSummary.Entries(file).Single(e => e.Name == "t").Sum);
    }
}
