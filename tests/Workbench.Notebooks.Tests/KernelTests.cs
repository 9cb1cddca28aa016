using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// Every notebook of notebooks/ runs, cell by cell, in the real .NET Interactive C# kernel driven by
/// Jupyter's own client (nbclient, tests/clients/nbclient_execute.py), at its default scale, as it
/// does under `workbench run`; and the figures and tables come out as HTML, not property trees.
/// Needs the kernel registered (scripts/install-kernel.sh; `make test` runs it).
/// </summary>
public class KernelTests
{
    static readonly string Root = Repo.Root;


    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Runs_in_the_real_kernel_through_nbclient(string notebook)
    {
        var kernels = Path.Combine(Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR")
                                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter"), "kernels");
        Assert.True(File.Exists(Path.Combine(kernels, ".net-csharp", "kernel.json")),
            $"the .NET Interactive kernel is not registered in {kernels}: run scripts/install-kernel.sh (make test does)");
        var output = Path.Combine(Path.GetTempPath(), $"wb-kernel-{Guid.NewGuid():N}.ipynb");
        try
        {
            var script = Path.Combine(Root, "tests", "clients", "nbclient_execute.py");
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList = { script, Path.Combine(Root, "notebooks", notebook), output, "600" },
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var err = p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            var stderr = await err;
            Assert.True(p.ExitCode == 0, $"{notebook} failed in the kernel:\n{stdout}\n{Tail(stderr, 4000)}");

            var executed = JsonNode.Parse(File.ReadAllText(output))!;
            var outputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? new JsonArray()).ToList();
            Assert.DoesNotContain(outputs, o => (string?) o!["output_type"] == "error");
            // The workbench's displays reach the kernel's formatter: HTML, never "Workbench.Notebooks.…" property dumps.
            var plain = outputs.Select(o => o!["data"]?["text/plain"]).Where(t => t is not null).Select(t => t!.ToJsonString()).ToList();
            Assert.DoesNotContain(plain, t => t.Contains("Workbench.Notebooks.Figures.") || t.Contains("Workbench.Notebooks.Display."));
        }
        finally
        {
            if (File.Exists(output)) File.Delete(output);
        }
    }

    static string Tail(string s, int n) => s.Length <= n ? s : "…" + s[^n..];
}
