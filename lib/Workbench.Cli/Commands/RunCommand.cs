using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Notebooks.Runner;

namespace Workbench.Cli.Commands;

// `workbench run NOTEBOOK.ipynb | DIR`: executes notebooks (docs/notebooks.md). A folder runs each notebook in a
// child process, so one that crashes or hangs cannot take the others with it.
internal static class RunCommand
{
    internal static Command Create()
    {
        var target = new Argument<string>("notebook") { Description = "a .ipynb file, or a folder whose notebooks run in name order" };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "name=value: overrides a variable of the cell tagged 'parameters' (repeatable)",
            DefaultValueFactory = _ => Array.Empty<string>(),
        };
        var output = new Option<string?>("--output", "-o") { Description = "the executed notebook (one notebook only; default: OUT-DIR/NAME.ipynb)" };
        var outDir = new Option<string>("--out-dir")
        {
            Description = "folder for executed notebooks and their NAME.json results",
            DefaultValueFactory = _ => Path.Combine("artifacts", "results"),
        };
        var echo = new Option<bool>("--echo") { Description = "also print the notebook's output as it runs" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "seconds a notebook may run when running a folder (0: no limit)",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("run", "Execute notebooks: outputs, timings and a results JSON written beside each executed copy");
        command.Arguments.Add(target);
        command.Options.Add(parameters);
        command.Options.Add(output);
        command.Options.Add(outDir);
        command.Options.Add(echo);
        command.Options.Add(timeout);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            var path = r.GetValue(target)!;
            var values = ParseParameters(r.GetValue(parameters) ?? Array.Empty<string>());
            var dir = r.GetValue(outDir)!;
            if (Directory.Exists(path))
            {
                if (r.GetValue(output) is not null) throw new ArgumentException("-o names one executed notebook; with a folder, use --out-dir");
                return RunFolder(path, r.GetValue(parameters) ?? Array.Empty<string>(), dir, r.GetValue(timeout), r.GetValue(echo));
            }
            return RunOne(path, values, r.GetValue(output), dir, r.GetValue(echo));
        }));
        return command;
    }

    static Dictionary<string, string> ParseParameters(string[] items)
    {
        var values = new Dictionary<string, string>();
        foreach (var item in items)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"-p expects name=value, not '{item}'");
            values[item[..eq].Trim()] = item[(eq + 1)..];
        }
        return values;
    }

    static int RunOne(string notebook, Dictionary<string, string> values, string? output, string outDir, bool echo)
    {
        if (!File.Exists(notebook)) throw new FileNotFoundException($"notebook not found: {notebook}");
        output ??= Path.Combine(outDir, Path.GetFileName(notebook));
        var resultsPath = Path.ChangeExtension(output, ".json");
        // Before the notebook runs: a directory here would lose the whole run's output at the end.
        OutputFile.Check(output, "the executed notebook (-o)", notebook);
        OutputFile.Check(resultsPath, "the results JSON", notebook);
        OutputFile.CheckDistinct(output, "the executed notebook (-o)", resultsPath, "the results JSON");
        Console.Error.WriteLine($"running {notebook}");
        var result = NotebookRunner.Run(notebook, new RunOptions
        {
            Parameters = values,
            OutputPath = output,
            ResultsPath = resultsPath,
            Log = Console.Error,
            Echo = echo ? Console.Out : null,
        });
        var seconds = result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        if (result.Failure is { } f)
        {
            Console.Error.WriteLine($"{Path.GetFileName(notebook)} failed in cell {f.CellNumber} (id '{f.CellId}'): {f.ExceptionName}: {f.Message}");
            Console.Error.WriteLine($"executed copy with the error: {output}");
            return 1;
        }
        Console.WriteLine($"{Path.GetFileName(notebook)}: ok in {seconds} s -> {output}, {resultsPath}");
        return 0;
    }

    static int RunFolder(string folder, string[] parameters, string outDir, int timeoutSeconds, bool echo)
    {
        var notebooks = Directory.GetFiles(folder, "*.ipynb").OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal).ToList();
        if (notebooks.Count == 0) throw new FileNotFoundException($"no .ipynb notebooks in {folder}");
        var rows = new List<(string Name, string Status, double Seconds, string Detail)>();
        foreach (var notebook in notebooks)
        {
            var clock = Stopwatch.StartNew();
            var (status, detail) = RunChild(notebook, parameters, outDir, timeoutSeconds, echo);
            rows.Add((Path.GetFileName(notebook), status, clock.Elapsed.TotalSeconds, detail));
        }
        // Plain fixed-width text: it reads the same in a terminal, a CI log and a redirected file.
        var table = new Workbench.Notebooks.Display.Table("notebook", "status", "seconds", "detail") { NumberFormat = "0.0" };
        foreach (var (name, status, seconds, detail) in rows) table.Add(name, status, seconds, detail);
        Console.WriteLine(table);
        int failed = rows.Count(r => r.Status != "ok");
        Console.WriteLine($"{rows.Count - failed} of {rows.Count} notebooks ran; executed copies and results in {outDir}");
        return failed == 0 ? 0 : 1;
    }

    static (string Status, string Detail) RunChild(string notebook, string[] parameters, string outDir, int timeoutSeconds, bool echo)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the workbench executable to run notebooks in");
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
        foreach (var a in new[] { "run", notebook, "--out-dir", outDir }) start.ArgumentList.Add(a);
        foreach (var p in parameters) { start.ArgumentList.Add("-p"); start.ArgumentList.Add(p); }
        if (echo) start.ArgumentList.Add("--echo");
        var resultsPath = Path.Combine(outDir, Path.GetFileNameWithoutExtension(notebook) + ".json");
        if (File.Exists(resultsPath)) File.Delete(resultsPath); // a stale file from an earlier run must not speak for this one
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        if (!child.WaitForExit(timeoutSeconds > 0 ? timeoutSeconds * 1000 : Timeout.Infinite))
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            return ("timeout", $"stopped after {timeoutSeconds} s");
        }
        string detail = "";
        if (File.Exists(resultsPath) && JsonNode.Parse(File.ReadAllText(resultsPath)) is JsonObject results && results["error"] is JsonObject error)
            detail = $"cell {error["cell"]}: {error["ename"]}: {error["evalue"]}";
        if (child.ExitCode == 0) return ("ok", detail);
        return ("failed", detail.Length > 0 ? detail : $"exit code {child.ExitCode}");
    }
}
