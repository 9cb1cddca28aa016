using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Fuzz.Tests;

/// <summary>The figures of one format's run.</summary>
internal sealed record FormatReport(string Format, long Inputs, long Ok, long Refused, long Wrong, long Crashes, long Hangs,
    double SlowestSeconds, long SlowestIndex, long PeakBytes, long PeakIndex, double WallSeconds,
    List<CaseReport> Problems, SortedDictionary<string, long> ByGenerator, SortedDictionary<string, double> SecondsByGenerator);

/// <summary>
/// The parent: runs one format's inputs in a child process and watches it. A child that dies
/// before reporting an input crashed on it; one that reports nothing for <c>hangSeconds</c> hangs on
/// it and is killed. Either way the input is saved under <c>outDir</c> (when given) and a new child
/// goes on with the next input.
/// </summary>
internal sealed class FuzzRunner(long seed, double hangSeconds, string? outDir, TextWriter? log = null)
{
    public FormatReport Run(FuzzFormat format, long count)
    {
        long ok = 0, refused = 0, wrong = 0, crashes = 0, hangs = 0, slowestIndex = -1, peak = 0, peakIndex = -1;
        double slowest = 0;
        var problems = new List<CaseReport>();
        var byGenerator = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var secondsByGenerator = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        long next = 0;
        while (next < count)
        {
            using var child = Process.Start(ChildProcess.StartInfo("child", format.Name, $"{seed}", $"{next}", $"{count - next}"))!;
            var stderr = new List<string>();
            child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Add(e.Data); };
            child.BeginErrorReadLine();
            long started = -1;
            string kind = "?";
            string? failure = null;
            while (true)
            {
                var read = child.StandardOutput.ReadLineAsync();
                if (!read.Wait(TimeSpan.FromSeconds(hangSeconds)))
                {
                    child.Kill(entireProcessTree: true);
                    failure = "hang";
                    break;
                }
                var line = read.Result;
                if (line is null)
                {
                    child.WaitForExit();
                    failure = $"crash (exit code {child.ExitCode})";
                    break;
                }
                if (line == "done") break;
                var parts = line.Split(' ', 3);
                switch (parts[0])
                {
                    case ">":
                        started = long.Parse(parts[1], CultureInfo.InvariantCulture);
                        kind = parts.Length > 2 ? parts[2] : "?";
                        byGenerator[kind] = byGenerator.GetValueOrDefault(kind) + 1;
                        break;
                    case "!":
                        if (problems.Count < 50) problems.Add(JsonSerializer.Deserialize<CaseReport>(line[2..])!);
                        break;
                    case "<":
                    {
                        var f = line.Split(' ');
                        long index = long.Parse(f[1], CultureInfo.InvariantCulture);
                        switch (f[2]) { case "ok": ok++; break; case "refused": refused++; break; default: wrong++; break; }
                        double seconds = double.Parse(f[3], CultureInfo.InvariantCulture);
                        long memory = long.Parse(f[4], CultureInfo.InvariantCulture);
                        secondsByGenerator[kind] = secondsByGenerator.GetValueOrDefault(kind) + seconds;
                        if (seconds > slowest) (slowest, slowestIndex) = (seconds, index);
                        if (memory > peak) (peak, peakIndex) = (memory, index);
                        next = index + 1;
                        break;
                    }
                }
            }
            child.WaitForExit();
            if (failure is null) break;
            long bad = Math.Max(started, next);
            if (failure == "hang") hangs++; else crashes++;
            string tail;
            lock (stderr) tail = string.Join(" | ", stderr.TakeLast(3));
            problems.Add(new CaseReport(bad, kind, failure, tail));
            Save(format, bad, failure);
            next = bad + 1;
        }
        return new FormatReport(format.Name, count, ok, refused, wrong, crashes, hangs, slowest, slowestIndex, peak, peakIndex,
            clock.Elapsed.TotalSeconds, problems, byGenerator, secondsByGenerator);
    }

    void Save(FuzzFormat format, long index, string failure)
    {
        if (outDir is null) return;
        var dir = Path.Combine(outDir, failure == "hang" ? "hangs" : "crashes");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{format.Name}-seed{seed}-{index}-{format.FileName}");
        File.WriteAllBytes(file, format.Make(seed, index).Bytes);
        log?.WriteLine($"  {format.Name} input {index}: {failure}; saved as {file}");
    }
}

/// <summary>How to start this assembly as a child: through the dotnet host that runs us.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var assembly = typeof(ChildProcess).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        // One intra-op thread: the readers' work is single-threaded, and the fuzz must not take every core.
        start.Environment["OMP_NUM_THREADS"] = "1";
        return start;
    }
}
