using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class SamplingOrderTests
{
    [Fact]
    public void Every_epoch_is_a_permutation_and_any_draw_is_the_same_in_any_order()
    {
        var order = new EpochOrder(7, seed: 3);
        var epochs = Enumerable.Range(0, 4).Select(e => Enumerable.Range(0, 7).Select(k => order.At(e * 7 + k)).ToArray()).ToArray();
        Assert.All(epochs, e => Assert.Equal(Enumerable.Range(0, 7), e.OrderBy(v => v)));
        Assert.True(epochs.Distinct(new SequenceComparer()).Count() > 1, "every epoch drew the same order");
        var backwards = new EpochOrder(7, seed: 3);
        for (int k = 27; k >= 0; k--) Assert.Equal(epochs[k / 7][k % 7], backwards.At(k));
        Assert.NotEqual(epochs[0], Enumerable.Range(0, 7).Select(k => new EpochOrder(7, seed: 4).At(k)).ToArray());
    }

    [Fact]
    public void It_is_the_trainers_order()
    {
        var order = new EpochOrder(5, seed: 11);
        for (long epoch = 0; epoch < 3; epoch++)
        {
            var expected = Enumerable.Range(0, 5).ToArray();
            new Random(EpochOrder.EpochSeed(11, epoch)).Shuffle(expected);
            Assert.Equal(expected, Enumerable.Range(0, 5).Select(k => order.At(epoch * 5 + k)));
        }
    }

    [Fact]
    public void A_kept_sample_outlives_the_scope_it_was_made_in_and_an_unkept_one_is_loaded_again()
    {
        int loads = 0;
        var kept = new SampleCache<(Tensor, Tensor)>(3, i => { loads++; return (full(2, 2, (float) i), zeros(2, 2)); });
        Tensor first;
        using (NewDisposeScope()) first = kept[1].Item1;
        Assert.False(first.IsInvalid);
        Assert.Equal(1f, first[0, 0].item<float>());
        Assert.Same(first, kept[1].Item1);
        Assert.Equal(1, loads);

        var fresh = new SampleCache<(Tensor, Tensor)>(3, i => { loads++; return (full(2, 2, (float) i), zeros(2, 2)); }, keep: false);
        using (NewDisposeScope()) { _ = fresh[2]; _ = fresh[2]; }
        Assert.Equal(3, loads);
        Assert.Throws<ArgumentOutOfRangeException>(() => kept[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpochOrder(0, 1));
    }

    sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? a, int[]? b) => a!.SequenceEqual(b!);
        public int GetHashCode(int[] a) => a.Aggregate(17, (h, v) => h * 31 + v);
    }
}
