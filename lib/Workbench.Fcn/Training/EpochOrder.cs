namespace Workbench.Fcn.Training;

/// <summary>
/// Which image update k draws: the images in a fresh shuffled order every epoch, the same for every
/// net given the same seed, so nets compared in one notebook see the same images in the same order.
/// It is the <see cref="Trainer"/>'s order (same seed, same draws), for loops that train by hand.
/// </summary>
public sealed class EpochOrder
{
    readonly int[] order;
    readonly long seed;
    long epoch = -1;

    public EpochOrder(int count, long seed)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "an epoch needs at least one image");
        order = Enumerable.Range(0, count).ToArray();
        this.seed = seed;
    }

    public int At(long k)
    {
        long e = k / order.Length;
        if (e != epoch)
        {
            Array.Sort(order);   // the epoch's order depends on (seed, epoch) only, not on the draws before
            new Random(Trainer.EpochSeed(seed, e)).Shuffle(order);
            epoch = e;
        }
        return order[k % order.Length];
    }
}
