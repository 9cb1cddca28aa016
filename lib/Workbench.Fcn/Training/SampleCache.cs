using System.Runtime.CompilerServices;
using TorchSharp;

namespace Workbench.Fcn.Training;

/// <summary>
/// Samples read once and kept: a synthetic set of a few hundred small images fits in memory, and
/// rendering or decoding it again for every update would cost more than the net. A sample is a tuple
/// of tensors (image, labels, …); kept ones are detached from every dispose scope and live as long as
/// the cache. With <c>keep: false</c> (a real dataset at paper scale) each read loads afresh and the
/// tensors belong to the caller's scope.
/// </summary>
public sealed class SampleCache<T>(int count, Func<int, T> load, bool keep = true) where T : ITuple
{
    readonly Dictionary<int, T> kept = new();

    public int Count { get; } = count;

    public T this[int index]
    {
        get
        {
            if ((uint) index >= (uint) Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the cache holds {Count} samples");
            if (kept.TryGetValue(index, out var hit)) return hit;
            var sample = load(index);
            if (!keep) return sample;
            for (int k = 0; k < sample.Length; k++)
                if (sample[k] is torch.Tensor t) t.DetachFromDisposeScope();
            return kept[index] = sample;
        }
    }
}
