using System.Diagnostics;

namespace Workbench.Notebooks.Tests;

/// <summary>The built `workbench` executable, run as a user runs it: its exit code, stdout and stderr (both redirected, as into a log).</summary>
internal static class WorkbenchCli
{
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(null, args);

    /// <param name="environment">variables set for the child (TERM=xterm-256color: what a terminal's shell passes on).</param>
    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(TestRepo.Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a timing check: the longest run (06's paper dry run with §4.3's 20 images
        // per update, six nets) takes about 55 s here, and several minutes when other work shares the two cores.
        if (!p.WaitForExit(600_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"workbench {string.Join(' ', args)} did not finish in 10 minutes");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
