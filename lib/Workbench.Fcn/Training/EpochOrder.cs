namespace Workbench.Fcn.Training;

/// <summary>
/// Which image draw k takes: the images in a fresh shuffled order every epoch (or in index order),
/// the same for every net given the same seed, so nets compared in one notebook see the same images
/// in the same order. Built once per run; an epoch's permutation is made when its first draw comes.
/// </summary>
public sealed class EpochOrder
{
    readonly int[] order;
    readonly long seed;
    readonly bool shuffle;
    long epoch = -1;

    public EpochOrder(int count, long seed, bool shuffle = true)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "an epoch needs at least one image");
        order = Enumerable.Range(0, count).ToArray();
        this.seed = seed;
        this.shuffle = shuffle;
    }

    public int Count => order.Length;

    public int At(long k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "draws count from 0");
        if (!shuffle) return (int) (k % order.Length);
        long e = k / order.Length;
        if (e != epoch)
        {
            Array.Sort(order);   // the epoch's order depends on (seed, epoch) only, not on the draws before
            new Random(EpochSeed(seed, e)).Shuffle(order);
            epoch = e;
        }
        return order[k % order.Length];
    }

    // Not HashCode.Combine: .NET randomizes it per process, which gave every run (and every test
    // run) its own sample order, hence its own training curve. SplitMix64's finalizer mixes the
    // seed and the epoch the same way in every process.
    internal static int EpochSeed(long seed, long epoch)
    {
        ulong z = unchecked((ulong) seed * 0x9E3779B97F4A7C15UL + (ulong) epoch + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int) (z & int.MaxValue);
    }
}
