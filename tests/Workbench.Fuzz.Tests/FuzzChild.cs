using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Fuzz.Tests;

/// <summary>An input that did not end as it should: a wrong exception, a crash or a hang.</summary>
internal sealed record CaseReport(long Index, string Generator, string Outcome, string Message);

/// <summary>
/// The child process: reads inputs FROM … FROM+COUNT−1 of one format in turn. It announces each
/// on stdout before reading it ("&gt; index generator"), so the parent knows which input a crash or
/// a hang happened on, and reports it after ("&lt; index ok|refused|wrong seconds peak-bytes", and for
/// a wrong one "! {json}"); "done" ends the run.
/// </summary>
internal static class FuzzChild
{
    public static int Run(FuzzFormat format, long seed, long from, long count)
    {
        var dir = Directory.CreateTempSubdirectory("wb-fuzz-").FullName;
        var path = Path.Combine(dir, format.FileName);
        var stdout = Console.Out;
        var c = CultureInfo.InvariantCulture;
        try
        {
            for (long i = from; i < from + count; i++)
            {
                var (kind, bytes) = format.Make(seed, i);
                File.WriteAllBytes(path, bytes);
                stdout.WriteLine($"> {i} {kind}");
                stdout.Flush();
                PeakMemory.Reset();
                var clock = Stopwatch.StartNew();
                var error = Try(format, path);
                double seconds = clock.Elapsed.TotalSeconds;
                long memory = PeakMemory.Bytes();
                string outcome = error is null ? "ok" : format.IsClear(error, path) ? "refused" : "wrong";
                if (outcome == "wrong")
                {
                    var message = $"{error!.GetType().Name}: {error.Message}";
                    stdout.WriteLine("! " + JsonSerializer.Serialize(new CaseReport(i, kind, "wrong", message.Length > 600 ? message[..600] : message)));
                }
                stdout.WriteLine(string.Create(c, $"< {i} {outcome} {seconds:R} {memory}"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        stdout.WriteLine("done");
        stdout.Flush();
        return 0;
    }

    /// <summary>Reads one file; the exception it ended in, or null for a successful read.</summary>
    public static Exception? Try(FuzzFormat format, string path)
    {
        try
        {
            format.Read(path);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
