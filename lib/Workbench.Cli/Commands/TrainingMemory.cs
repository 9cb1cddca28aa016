using System.Globalization;

namespace Workbench.Cli.Commands;

/// <summary>
/// A rough bound on the host memory one CPU training step takes, checked before a synthetic run of
/// a given --size starts: past the machine's memory the kernel kills the process mid-run (no error,
/// no message), which an option check can prevent. The estimate scales the measured FCN-8s step at
/// 500² (3.2 GB resident, README "Benchmarks"; the trunk pads by 100 on each side) with the padded
/// pixel count and the width; the other trunks take less.
/// </summary>
internal static class TrainingMemory
{
    const double BytesPerPaddedPixelAtWidth1 = 3.2e9 / (700.0 * 700.0);

    public static double Estimate(int size, double width) => BytesPerPaddedPixelAtWidth1 * Math.Max(width, 1.0 / 16) * (size + 200.0) * (size + 200.0);

    /// <summary>Refuses a step that would not fit in the memory this process may use.</summary>
    public static void Check(int size, double width)
    {
        double need = Estimate(size, width);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available <= 0 || need <= available) return;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"--size {size} at --width {width} needs about {need / (1L << 30):F1} GiB per training step on the CPU; this machine offers {available / (double) (1L << 30):F1} GiB — give a smaller --size or --width"));
    }
}
