namespace Workbench.Fuzz.Tests;

/// <summary>
/// The process's peak resident memory (VmHWM), which Linux lets a process reset (writing 5 to
/// /proc/self/clear_refs), so the peak of each input is measured on its own.
/// </summary>
internal static class PeakMemory
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);

    /// <summary>
    /// Resets the peak to what the process holds now, after handing freed memory back to the system
    /// (the managed heap of earlier inputs, glibc's free lists), so an input is not charged with
    /// what the ones before it left resident.
    /// </summary>
    public static void Reset()
    {
        Release();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Without it the figures are the peak so far, which only ever overstates.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Hands freed memory back to the system when the process holds much (the peak is kept).</summary>
    public static void Release()
    {
        if (Current() <= 300L << 20) return;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        MallocTrim(0);
    }

    public static long Bytes() => Status("VmHWM:");

    static long Current() => Status("VmRSS:");

    static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return 1024 * long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
