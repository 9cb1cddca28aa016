using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Notebooks.Display;
using Workbench.Notebooks.Runner;
using static Workbench.Notebooks.Tests.TestNotebook;

namespace Workbench.Notebooks.Tests;

public class RunnerTests
{
    [Fact]
    public void State_carries_over_from_cell_to_cell()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("state", "var x = 20;", "x += 1;\nint Twice(int v) => 2 * v;", "Twice(x)");
        var r = NotebookRunner.Run(path);
        Assert.True(r.Succeeded);
        var cells = CodeCells(r);
        Assert.Equal(new int?[] { 1, 2, 3 }, cells.Select(c => (int?) c["execution_count"]).ToArray());
        Assert.Empty(Outputs(cells[0]));
        var result = Assert.Single(Outputs(cells[2]));
        Assert.Equal("execute_result", (string?) result["output_type"]);
        Assert.Equal(3, (int) result["execution_count"]!);
        Assert.Equal("42", Plain(result));
    }

    [Fact]
    public void Stdout_and_stderr_become_stream_outputs_of_their_cell()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("streams", "Console.Write(\"a\"); Console.WriteLine(\"b\"); Console.Error.WriteLine(\"warn\"); Console.WriteLine(\"c\");", "Console.WriteLine(\"next\");");
        var cells = CodeCells(NotebookRunner.Run(path));
        var first = Outputs(cells[0]);
        Assert.Equal(new[] { "stdout", "stderr", "stdout" }, first.Select(o => (string?) o["name"]).ToArray());
        Assert.Equal("ab\n", NotebookDocument.Text(first[0]["text"]));
        Assert.Equal("warn\n", NotebookDocument.Text(first[1]["text"]));
        Assert.Equal("next\n", NotebookDocument.Text(Assert.Single(Outputs(cells[1]))["text"]));
        Assert.Same(Console.Out, Console.Out); // the runner gave the console back
    }

    [Fact]
    public void A_progress_line_is_updated_in_place_even_from_a_later_cell()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("progress",
            TestNotebook.Workbench + "var bar = Workbench.Notebooks.Display.ProgressLine.Show(\"step 0 of 3\");\nfor (int i = 1; i <= 3; i++) bar.Update($\"step {i} of 3\");",
            "display(HTML(\"<b>bold</b>\"));\nbar.Update(\"done\");");
        var cells = CodeCells(NotebookRunner.Run(path));
        var progress = Assert.Single(Outputs(cells[0]));
        Assert.Equal("display_data", (string?) progress["output_type"]);
        Assert.Equal("done", Plain(progress));
        var html = Assert.Single(Outputs(cells[1]));
        Assert.Equal("<b>bold</b>", NotebookDocument.Text(html["data"]!["text/html"]));
    }

    [Fact]
    public void A_relative_reference_resolves_against_the_notebook_folder()
    {
        using var nb = new TestNotebook();
        var lib = Path.Combine(nb.Directory, "lib");
        Directory.CreateDirectory(lib);
        CompileLibrary(Path.Combine(lib, "Tiny.dll"), "namespace Tiny { public static class Answer { public static int Value => 41; } }");
        var sub = Path.Combine(nb.Directory, "notebooks");
        Directory.CreateDirectory(sub);
        var path = nb.Write("ref", "#r \"../lib/Tiny.dll\"\nTiny.Answer.Value + 1");
        File.Move(path, Path.Combine(sub, "ref.ipynb"));
        var r = NotebookRunner.Run(Path.Combine(sub, "ref.ipynb"));
        Assert.True(r.Succeeded, r.Failure?.Message);
        Assert.Equal("42", Plain(Outputs(CodeCells(r)[0])[0]));
    }

    [Fact]
    public void A_missing_reference_is_a_compile_error_naming_the_file()
    {
        using var nb = new TestNotebook();
        var r = NotebookRunner.Run(nb.Write("missing", "#r \"../nowhere/Absent.dll\"\n1"));
        Assert.False(r.Succeeded);
        Assert.Equal("CompilationError", r.Failure!.ExceptionName);
        Assert.Contains("Absent.dll", string.Join("\n", ((JsonArray) Outputs(CodeCells(r)[0])[0]["traceback"]!).Select(t => (string?) t)));
    }

    [Fact]
    public void The_workbench_displays_show_as_html_through_the_kernels_formatter()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("workbench-ref", TestNotebook.Workbench + "using Workbench.Notebooks.Display;\nnew Table(\"a\", \"b\").Add(\"x\", 1.5)");
        var r = NotebookRunner.Run(path);
        Assert.True(r.Succeeded, r.Failure?.Message);
        var shown = Outputs(CodeCells(r)[0])[0];
        Assert.Contains("<table>", NotebookDocument.Text(shown["data"]!["text/html"]));
        Assert.DoesNotContain("Workbench.Notebooks.Display.Table", Plain(shown));
    }

    [Fact]
    public void A_runtime_exception_becomes_an_error_output_and_stops_the_run()
    {
        using var nb = new TestNotebook();
        var path = nb.Write("fails", "Console.WriteLine(\"before\");", "var a = 1;\nthrow new InvalidOperationException(\"boom\");", "Console.WriteLine(\"never\");");
        var r = NotebookRunner.Run(path);
        Assert.False(r.Succeeded);
        Assert.Equal(3, r.Failure!.CellNumber); // the title is cell 1
        Assert.Equal("c1", r.Failure.CellId);
        var cells = CodeCells(r);
        var outputs = Outputs(cells[1]);
        var error = Assert.Single(outputs);
        Assert.Equal("error", (string?) error["output_type"]);
        Assert.Equal("InvalidOperationException", (string?) error["ename"]);
        Assert.Equal("boom", (string?) error["evalue"]);
        var traceback = ((JsonArray) error["traceback"]!).Select(t => (string) t!).ToList();
        Assert.StartsWith("cell 3 (id 'c1')", traceback[0]);
        Assert.Contains(traceback, l => l.Contains("InvalidOperationException: boom"));
        Assert.Empty(Outputs(cells[2]));
        Assert.Null((int?) cells[2]["execution_count"]);
        Assert.Equal("failed", (string?) r.Executed.Root["metadata"]!["workbench"]!["status"]);
    }

    [Fact]
    public void A_compile_error_names_the_cell_and_the_line()
    {
        using var nb = new TestNotebook();
        var r = NotebookRunner.Run(nb.Write("compile", "var ok = 1;", "var y = ok +\n  undefinedName;"));
        Assert.False(r.Succeeded);
        var error = Outputs(CodeCells(r)[1])[0];
        Assert.Equal("CompilationError", (string?) error["ename"]);
        Assert.Contains("cell 3 (id 'c1')", (string?) error["evalue"]);
        // The kernel's own message: (line,column): error CS….
        Assert.Contains(((JsonArray) error["traceback"]!).Select(t => (string) t!), l => l.Contains("(2,") && l.Contains("CS0103"));
    }

    [Fact]
    public void A_crash_of_the_script_compiler_is_the_cells_error_not_the_runners()
    {
        // The kernel's Roslyn throws NullReferenceException binding a top-level deconstruction of a switch expression.
        using var nb = new TestNotebook();
        var r = NotebookRunner.Run(nb.Write("compiler-bug", "var (a, b) = \"x\" switch { _ => (1, 2) };", "a"));
        Assert.False(r.Succeeded);
        Assert.Equal(2, r.Failure!.CellNumber);
        Assert.Equal("error", (string?) Outputs(CodeCells(r)[0])[0]["output_type"]);
        Assert.Empty(Outputs(CodeCells(r)[1]));
    }

    [Fact]
    public async Task The_cli_exits_non_zero_on_a_failing_notebook_and_zero_otherwise()
    {
        using var nb = new TestNotebook();
        var bad = nb.Write("bad", "throw new Exception(\"no\");");
        var good = nb.Write("good", "1 + 1");
        var outBad = Path.Combine(nb.Directory, "out", "bad.ipynb");
        var outGood = Path.Combine(nb.Directory, "out", "good.ipynb");
        Assert.Equal(1, await Workbench.Cli.CommandLine.RunAsync(new[] { "run", bad, "-o", outBad }));
        Assert.Equal(0, await Workbench.Cli.CommandLine.RunAsync(new[] { "run", good, "-o", outGood }));
        Assert.True(File.Exists(outBad) && File.Exists(Path.ChangeExtension(outBad, ".json")));
        var results = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(outBad, ".json")))!;
        Assert.Equal("failed", (string?) results["status"]);
        Assert.Equal(2, (int) results["error"]!["cell"]!);
        Assert.Equal(1, await Workbench.Cli.CommandLine.RunAsync(new[] { "run", good, "-p", "nothing=1", "-o", outGood }));
    }

    [Fact]
    public async Task The_cli_runs_a_folder_in_child_processes_and_summarises_it()
    {
        var exe = TestRepo.Cli;
        using var nb = new TestNotebook();
        nb.Write("a-good", TestNotebook.Workbench + "Console.WriteLine(6 * 7);\nvar results = Workbench.Notebooks.Notebook.Start(\"a-good\").Results;\nresults.Record(\"answer\", 42);");
        nb.Write("b-bad", "var x = 1;", "throw new ArgumentException(\"broken on purpose\");");
        var outDir = Path.Combine(nb.Directory, "out");
        var start = new System.Diagnostics.ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", nb.Directory, "--out-dir", outDir }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "workbench run <folder> did not finish in 2 minutes");
        Assert.Equal(1, process.ExitCode);
        var summary = await stdout;
        Assert.Contains("a-good.ipynb", summary);
        Assert.Matches(@"b-bad\.ipynb\s+failed", summary);
        Assert.Contains("cell 3: ArgumentException: broken on purpose", summary);
        Assert.Contains("1 of 2 notebooks ran", summary);
        Assert.Equal(42, (int) JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "a-good.json")))!["results"]!["answer"]!);
        Assert.Equal("failed", (string?) JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "b-bad.json")))!["status"]);
        Assert.True(File.Exists(Path.Combine(outDir, "b-bad.ipynb")), await stderr);
    }

    [Fact]
    public void Each_executed_cell_records_when_it_ran_and_for_how_long()
    {
        using var nb = new TestNotebook();
        var r = NotebookRunner.Run(nb.Write("timing", "System.Threading.Thread.Sleep(60);", "1"));
        foreach (var cell in CodeCells(r))
        {
            var execution = (JsonObject) cell["metadata"]!["execution"]!;
            var start = DateTimeOffset.Parse((string) execution["iopub.execute_input"]!);
            var end = DateTimeOffset.Parse((string) execution["shell.execute_reply"]!);
            Assert.True(end >= start);
            Assert.Equal("ok", (string?) cell["metadata"]!["workbench"]!["status"]);
        }
        Assert.True((double) CodeCells(r)[0]["metadata"]!["workbench"]!["duration_s"]! >= 0.06);
    }

    [Fact]
    public void Results_are_written_as_json_beside_the_executed_notebook()
    {
        using var nb = new TestNotebook();
        var output = Path.Combine(nb.Directory, "out", "r.ipynb");
        var json = Path.ChangeExtension(output, ".json");
        NotebookRunner.Run(nb.Write("r", ("var seed = 3;", new[] { "parameters" }),
                (TestNotebook.Workbench + "var results = Workbench.Notebooks.Notebook.Start(\"r\").Results;\nresults.Record(\"mean_iu\", 61.25);\nresults.Record(\"absent\", double.NaN);\nresults.Record(\"per_class\", new[] { 1.0, 2.5 });\nresults.Record(\"by_model\", new Dictionary<string, double> { [\"fcn8s\"] = 62.7 });", Array.Empty<string>())),
            new RunOptions { OutputPath = output, ResultsPath = json });
        var results = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("ok", (string?) results["status"]);
        Assert.Equal(61.25, (double) results["results"]!["mean_iu"]!);
        Assert.Null(results["results"]!["absent"]);
        Assert.True(((JsonObject) results["results"]!).ContainsKey("absent"));
        Assert.Equal(2.5, (double) results["results"]!["per_class"]![1]!);
        Assert.Equal(62.7, (double) results["results"]!["by_model"]!["fcn8s"]!);
        Assert.Equal(3, (int) results["parameters"]!["seed"]!);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp"));
    }

    static void CompileLibrary(string path, string source)
    {
        var references = ((string) AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path), new[] { CSharpSyntaxTree.ParseText(source) },
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emit = compilation.Emit(path);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
    }
}
