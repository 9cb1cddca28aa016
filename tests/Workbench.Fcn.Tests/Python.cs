using System.Diagnostics;

namespace Workbench.Fcn.Tests;

/// <summary>Debian's own python3 with its python3-torch (scripts/install-deps.sh test), the reference reader of what we write.</summary>
internal static class Python
{
    public static (int ExitCode, string Output) Run(string script, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" {arguments}")
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.GetAwaiter().GetResult());
    }
}
