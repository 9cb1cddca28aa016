using System.Globalization;
using Workbench.Engine;

namespace Workbench.Fcn.Training;

/// <summary>
/// What a run directory holds — checkpoint-NNNNNNNN.pth, metrics.csv, metrics.jsonl, final.pth — and
/// the housekeeping that keeps runs from losing or mixing data: telling whether a directory holds a
/// run, removing a run's files for an explicit start-over, removing temporary files a killed process
/// left, and keeping only the newest checkpoints.
/// </summary>
public static class RunDirectory
{
    public const string FinalWeights = "final.pth";
    public static readonly string[] LogFiles = ["metrics.csv", "metrics.jsonl"];

    public static string CheckpointName(long iteration) => $"checkpoint-{iteration:D8}.pth";

    /// <summary>The checkpoints of a directory by iteration, oldest first.</summary>
    public static IReadOnlyList<(long Iteration, string Path)> Checkpoints(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "checkpoint-*.pth")
            .Select(p => (ok: long.TryParse(Path.GetFileNameWithoutExtension(p)["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var it), it, p))
            .Where(x => x.ok).OrderBy(x => x.it).Select(x => (x.it, x.p)).ToList();
    }

    /// <summary>The files of a run in <paramref name="directory"/> (empty when it holds none).</summary>
    public static IReadOnlyList<string> RunFiles(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return LogFiles.Append(FinalWeights).Select(f => Path.Combine(directory, f)).Where(File.Exists)
            .Concat(Checkpoints(directory).Select(c => c.Path)).ToList();
    }

    /// <summary>
    /// Refuses a directory that holds a run unless the caller resumes it or starts over explicitly;
    /// a path that is a file is refused too. Messages name the files found and both ways on.
    /// </summary>
    public static void CheckReusable(string directory, bool resume, bool overwrite)
    {
        if (File.Exists(directory)) throw new IOException($"{directory}: is a file, expected a run directory");
        if (Directory.Exists(Path.Combine(directory, FinalWeights)))
            throw new IOException($"{Path.Combine(directory, FinalWeights)}: is a directory, where the run's final weights go");
        var files = RunFiles(directory);
        if (files.Count == 0 || overwrite) return;
        var listed = string.Join(", ", files.Take(4).Select(Path.GetFileName)) + (files.Count > 4 ? $" and {files.Count - 4} more" : "");
        if (!resume)
            throw new IOException($"{directory}: holds a run ({listed}); continue it with --resume or start over with --overwrite (which removes those files)");
        if (Checkpoints(directory).Count == 0)
            throw new IOException($"{directory}: holds a run ({listed}) but no checkpoint to resume from; start over with --overwrite (which removes those files)");
    }

    /// <summary>Removes the run's own files (checkpoints, metrics, final weights), nothing else.</summary>
    public static void Clear(string directory)
    {
        foreach (var f in RunFiles(directory)) File.Delete(f);
    }

    /// <summary>
    /// Removes what writes killed mid-way left behind: hidden files ending in
    /// <see cref="AtomicFile.TemporarySuffix"/> (".NAME.PID.tmp") whose process is gone.
    /// </summary>
    public static int RemoveStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (var f in Directory.GetFiles(directory, "." + "*" + AtomicFile.TemporarySuffix))
        {
            if (OwnerIsAlive(Path.GetFileName(f))) continue;
            File.Delete(f);
            removed++;
        }
        return removed;
    }

    // ".checkpoint-00000003.pth.1234.tmp" → process 1234: a live writer's file is left alone.
    static bool OwnerIsAlive(string name)
    {
        var stem = name[..^AtomicFile.TemporarySuffix.Length];
        int dot = stem.LastIndexOf('.');
        if (dot < 0 || !int.TryParse(stem[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return true;   // ours: a write of this process may be under way
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Removes all but the newest <paramref name="keep"/> checkpoints (0 keeps all).</summary>
    public static void Prune(string directory, int keep)
    {
        if (keep <= 0) return;
        var all = Checkpoints(directory);
        foreach (var (_, path) in all.Take(Math.Max(0, all.Count - keep))) File.Delete(path);
    }
}
