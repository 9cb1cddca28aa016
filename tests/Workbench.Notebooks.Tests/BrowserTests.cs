using System.Diagnostics;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// A notebook's figures show where no JavaScript runs: an executed notebook (04, line charts and image
/// grids) converted with `jupyter nbconvert --to html`, each figure's box opened in headless Chromium
/// with scripts forbidden and screenshotted, holds a drawn image (tests/clients/browser_check.py).
/// </summary>
public class BrowserTests
{
    static readonly string Root = Repo.Root;


    static async Task<(int Code, string Output)> Run(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (p.ExitCode, output + await err);
    }

    [Fact]
    public async Task Every_figure_of_an_executed_notebook_shows_in_a_browser_without_javascript()
    {
        var work = Directory.CreateTempSubdirectory("wb-browser-").FullName;
        try
        {
            var cli = TestRepo.Cli;
            var executed = Path.Combine(work, "04-loss-sampling.ipynb");
            var (code, log) = await Run(cli, "run", Path.Combine(Root, "notebooks", "04-loss-sampling.ipynb"), "-o", executed);
            Assert.True(code == 0, log);
            var (checkCode, report) = await Run("/usr/bin/python3", Path.Combine(Root, "tests", "clients", "browser_check.py"), executed, Path.Combine(work, "check"));
            Assert.True(checkCode == 0, report);
            var shown = report.Split('\n').Count(l => l.EndsWith(": shows", StringComparison.Ordinal));
            Assert.True(shown >= 3, $"expected the notebook's figures (loss curves, image grids), found {shown}:\n{report}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
