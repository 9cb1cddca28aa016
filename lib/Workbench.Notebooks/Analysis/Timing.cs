using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbench.Notebooks.Analysis;

/// <summary>
/// Wall time of a piece of work as the notebooks report it: the median of several runs after one
/// warm-up (the first run pays for allocation and kernel selection), each run in its own dispose
/// scope. Work on a GPU must end in a copy to the CPU (<c>.cpu()</c>) so the clock waits for it.
/// </summary>
public static class Timing
{
    public static double MedianMs(Action run, int repeats = 5, bool warmUp = true)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "at least one timed run");
        if (warmUp) Scoped(run);
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            Scoped(run);
            times[r] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    }

    static void Scoped(Action run)
    {
        using var scope = NewDisposeScope();
        run();
    }
}
