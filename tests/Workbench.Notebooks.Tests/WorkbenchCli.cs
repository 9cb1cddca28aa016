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
        Assert.True(p.WaitForExit(180_000), $"workbench {string.Join(' ', args)} did not finish in 3 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
