using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Analysis;

namespace Workbench.Notebooks.Tests;

/// <summary>Issue 11, item 3: a difference between two nets is called shown only when it exceeds the spread over seeds.</summary>
public class SeedSpreadTests
{
    [Fact]
    public void Ranges_that_do_not_overlap_decide_and_overlapping_ones_or_a_single_seed_do_not()
    {
        var high = new SeedSpread(new[] { 29.9, 25.4 });
        var low = new SeedSpread(new[] { 12.3, 14.0 });
        Assert.True(SeedSpread.Compare(high, low));
        Assert.False(SeedSpread.Compare(low, high));
        Assert.Null(SeedSpread.Compare(high, new SeedSpread(new[] { 26.0, 20.0 })));   // 25.4 is below 26.0: the ranges overlap
        Assert.Null(SeedSpread.Compare(new SeedSpread(new[] { 90.0 }), low));          // one seed: no spread
        Assert.Equal("27.7 (25.4–29.9, 2 seeds)", high.ToString("0.0"));
        Assert.Equal("90.0 (1 seed)", new SeedSpread(new[] { 90.0 }).ToString());
        Assert.Throws<ArgumentException>(() => new SeedSpread().Add(double.NaN));
    }

    [Fact]
    public void Comparing_is_antisymmetric_and_agrees_with_every_pair_of_seeds()
    {
        var values = Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => i / 10.0)).Where(a => a.Length is >= 2 and <= 6);
        Prop.ForAll(values.ToArbitrary(), values.ToArbitrary(), (a, b) =>
        {
            bool? ab = SeedSpread.Compare(new SeedSpread(a), new SeedSpread(b));
            bool? ba = SeedSpread.Compare(new SeedSpread(b), new SeedSpread(a));
            bool everyAAbove = a.All(x => b.All(y => x > y)), everyBAbove = b.All(y => a.All(x => y > x));
            return ab == (everyAAbove ? true : everyBAbove ? false : null) && ba == (ab is { } v ? !v : null);
        }).QuickCheckThrowOnFailure();
    }
}
