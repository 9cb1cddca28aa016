using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Runner;
using static Workbench.Notebooks.Tests.TestNotebook;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// `workbench run` as a user meets it: the built executable in its own process, its notebook in a supervised
/// worker. Limits, signals and a dying worker all leave the executed copy and the results, the running cell
/// marked; bad parameters and paths stop it before anything runs.
/// </summary>
public class SupervisionTests
{
    static readonly string Exe = TestRepo.Cli;

    static Process Start(params string[] args)
    {
        Assert.True(File.Exists(Exe), $"built CLI not found at {Exe}");
        var start = new ProcessStartInfo(Exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (p.ExitCode, output, await err);
    }

    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    static JsonObject[] CellsOf(string executed) =>
        Json(executed)["cells"]!.AsArray().Cast<JsonObject>().Where(c => (string?) c["cell_type"] == "code").ToArray();

    [Fact]
    public async Task A_cell_past_its_limit_is_stopped_and_what_ran_is_kept()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("sleepy", "Console.WriteLine(\"before\");", "System.Threading.Thread.Sleep(120_000);", "Console.WriteLine(\"never\");");
        var output = Path.Combine(nb.Directory, "out", "sleepy.ipynb");
        var (code, _, err) = await Run("run", path, "-o", output, "--cell-timeout", "15");   // past the first cell's kernel start-up
        Assert.Equal(1, code);
        Assert.Contains("timeout", err);
        var results = Json(Path.ChangeExtension(output, ".json"));
        Assert.Equal("timeout", (string?) results["status"]);
        Assert.Equal(3, (int) results["error"]!["cell"]!);   // the title is cell 1
        var cells = CellsOf(output);
        Assert.Equal("before\n", NotebookDocument.Text(Outputs(cells[0])[0]["text"]));
        var stopped = Assert.Single(Outputs(cells[1]));
        Assert.Equal("Timeout", (string?) stopped["ename"]);
        Assert.Contains("--cell-timeout", (string?) stopped["evalue"]);
        Assert.Empty(Outputs(cells[2]));
    }

    [Fact]
    public async Task A_notebook_past_its_limit_is_stopped_too()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("slow", "System.Threading.Thread.Sleep(120_000);");
        var output = Path.Combine(nb.Directory, "out", "slow.ipynb");
        var (code, _, _) = await Run("run", path, "-o", output, "--timeout", "3");
        Assert.Equal(1, code);
        Assert.Contains("--timeout", (string?) Json(Path.ChangeExtension(output, ".json"))["error"]!["evalue"]);
    }

    [Fact]
    public async Task SIGTERM_saves_the_run_with_the_running_cell_marked()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("term", TestNotebook.Workbench + "var results = Workbench.Notebooks.Notebook.Start(\"term\").Results;\nresults.Record(\"reached\", 1);",
            "System.Threading.Thread.Sleep(120_000);");
        var output = Path.Combine(nb.Directory, "out", "term.ipynb");
        using var p = Start("run", path, "-o", output);
        var err = p.StandardError.ReadToEndAsync();
        // Wait until the sleeping cell runs (the log names each finished cell).
        var clock = Stopwatch.StartNew();
        while (!File.Exists(output) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
            if (Directory.GetDirectories(Path.GetTempPath(), "wb-run-*").Any(d => File.Exists(Path.Combine(d, "partial.ipynb.cell"))
                                                                           && File.ReadAllText(Path.Combine(d, "partial.ipynb.cell")).StartsWith("3 ")))
                break;
        }
        using (var kill = Process.Start("kill", $"-TERM {p.Id}")) await kill.WaitForExitAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(143, p.ExitCode);
        var results = Json(Path.ChangeExtension(output, ".json"));
        Assert.Equal("interrupted", (string?) results["status"]);
        Assert.Equal(1, (int) results["results"]!["reached"]!);
        Assert.Equal("Interrupted", (string?) Assert.Single(Outputs(CellsOf(output)[1]))["ename"]);
        _ = await err;
    }

    [Fact]
    public async Task A_notebook_that_calls_Environment_Exit_is_reported_as_failed()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("exits", "Console.WriteLine(\"before\");", "Environment.Exit(0);");
        var output = Path.Combine(nb.Directory, "out", "exits.ipynb");
        var (code, _, _) = await Run("run", path, "-o", output);
        Assert.Equal(1, code);
        var results = Json(Path.ChangeExtension(output, ".json"));
        Assert.Equal("died", (string?) results["status"]);
        Assert.Contains("Environment.Exit", (string?) results["error"]!["evalue"]);
        Assert.Equal("before\n", NotebookDocument.Text(Outputs(CellsOf(output)[0])[0]["text"]));
    }

    [Fact]
    public async Task Bad_parameters_and_paths_stop_the_run_before_any_cell()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("params", ("float f = 1;\nconst int k = 2;", new[] { ParameterInjection.ParametersTag }), ("Console.WriteLine(f);", Array.Empty<string>()));
        var output = Path.Combine(nb.Directory, "out", "params.ipynb");
        var (code, _, err) = await Run("run", path, "-o", output, "-p", "f=1e40");
        Assert.Equal(1, code);
        Assert.Contains("outside a float's range", err);
        Assert.Contains("declared const", (await Run("run", path, "-o", output, "-p", "k=3")).Err);
        Assert.Contains("is a directory", (await Run("run", path, "-o", nb.Directory)).Err);
        Assert.Contains("is also an input of this command", (await Run("run", path, "-o", path)).Err);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Output_of_many_lines_is_kept_whole()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("lines", "for (int i = 0; i < 32000; i++) Console.WriteLine($\"line {i}\");");
        var output = Path.Combine(nb.Directory, "out", "lines.ipynb");
        Assert.Equal(0, (await Run("run", path, "-o", output)).Code);
        var stream = Assert.Single(Outputs(CellsOf(output)[0]));
        var lines = stream["text"]!.AsArray();
        Assert.Equal(32000, lines.Count);
        Assert.Equal("line 31999\n", (string?) lines[^1]);
    }
}
