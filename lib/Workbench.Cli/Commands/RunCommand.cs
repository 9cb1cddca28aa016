using System.CommandLine;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Notebooks.Runner;

namespace Workbench.Cli.Commands;

// `workbench run NOTEBOOK.ipynb | DIR`: executes notebooks (docs/notebooks.md), each in a worker process
// that hosts the .NET Interactive kernel, supervised (SupervisedRun): limits per notebook and per cell,
// SIGTERM and Ctrl-C, and a worker that dies all end with what ran saved.
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
        var timeout = new Option<double>("--timeout") { Description = "seconds a notebook may run (0: no limit)", DefaultValueFactory = _ => 0 };
        var cellTimeout = new Option<double>("--cell-timeout") { Description = "seconds one cell may run (0: no limit)", DefaultValueFactory = _ => 0 };
        var worker = new Option<string?>(SupervisedRun.WorkerFlag) { Hidden = true };
        var parent = new Option<int>(SupervisedRun.ParentFlag) { Hidden = true };
        var command = new Command("run", "Execute notebooks in the .NET Interactive kernel: outputs, timings and a results JSON written beside each executed copy")
            .WithExamples("workbench run notebooks/03-skip-architectures.ipynb -p scale=small --cell-timeout 1800",
                "workbench run notebooks --out-dir artifacts/results");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { parameters, output, outDir, echo, timeout, cellTimeout, worker, parent }) command.Options.Add(o);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            var path = r.GetValue(target)!;
            var values = ParseParameters(r.GetValue(parameters) ?? Array.Empty<string>());
            if (r.GetValue(worker) is { } state)
                return SupervisedRun.Worker.Run(path, values, state, r.GetValue(parent), r.GetValue(echo));
            var limits = (Limit(r.GetValue(timeout), "--timeout"), Limit(r.GetValue(cellTimeout), "--cell-timeout"));
            var dir = r.GetValue(outDir)!;
            using var stop = new Interruption();
            if (Directory.Exists(path))
            {
                if (r.GetValue(output) is not null) throw new ArgumentException("-o names one executed notebook; with a folder, use --out-dir");
                return RunFolder(path, values, dir, limits, r.GetValue(echo), stop);
            }
            var one = RunOne(path, values, r.GetValue(output) ?? Path.Combine(dir, Path.GetFileName(path)), limits, r.GetValue(echo), stop);
            return stop.ExitCode ?? (one.Ok ? 0 : 1);
        }));
        return command;
    }

    static TimeSpan? Limit(double seconds, string option) =>
        double.IsNaN(seconds) || seconds < 0 || double.IsInfinity(seconds)
            ? throw new ArgumentException($"{option} {seconds}: expected a number of seconds ≥ 0 (0: no limit)")
            : seconds == 0 ? null : TimeSpan.FromSeconds(seconds);

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

    static SupervisedResult RunOne(string notebook, Dictionary<string, string> values, string output,
        (TimeSpan? Notebook, TimeSpan? Cell) limits, bool echo, Interruption stop)
    {
        var resultsPath = Path.ChangeExtension(output, ".json");
        // Before the notebook runs: a directory here would lose the whole run's output at the end.
        OutputFile.Check(output, "the executed notebook (-o)", notebook);
        OutputFile.Check(resultsPath, "the results JSON", notebook);
        OutputFile.CheckDistinct(output, "the executed notebook (-o)", resultsPath, "the results JSON");
        Console.Error.WriteLine($"running {notebook}");
        var result = SupervisedRun.Run(new SupervisedOptions
        {
            Notebook = notebook, Parameters = values, OutputPath = output, ResultsPath = resultsPath,
            NotebookTimeout = limits.Notebook, CellTimeout = limits.Cell, WorkerCommand = WorkerCommand(), Echo = echo, Cancel = stop.Token,
        });
        var seconds = result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        if (result.Ok)
            Console.WriteLine($"{Path.GetFileName(notebook)}: ok in {seconds} s -> {output}, {resultsPath}");
        else
        {
            Console.Error.WriteLine($"{Path.GetFileName(notebook)}: {result.Status} after {seconds} s: {result.Detail}");
            Console.Error.WriteLine($"executed copy (up to there): {output}");
        }
        return result;
    }

    static int RunFolder(string folder, Dictionary<string, string> values, string outDir, (TimeSpan? Notebook, TimeSpan? Cell) limits, bool echo, Interruption stop)
    {
        var notebooks = Directory.GetFiles(folder, "*.ipynb").OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal).ToList();
        if (notebooks.Count == 0) throw new FileNotFoundException($"no .ipynb notebooks in {folder}");
        var rows = new List<(string Name, string Status, double Seconds, string Detail)>();
        foreach (var notebook in notebooks)
        {
            if (stop.Token.IsCancellationRequested) break;
            var r = RunOne(notebook, values, Path.Combine(outDir, Path.GetFileName(notebook)), limits, echo, stop);
            rows.Add((Path.GetFileName(notebook), r.Status, r.Duration.TotalSeconds, r.Detail));
        }
        // Plain fixed-width text: it reads the same in a terminal, a CI log and a redirected file.
        var table = new Workbench.Notebooks.Display.Table("notebook", "status", "seconds", "detail") { NumberFormat = "0.0" };
        foreach (var (name, status, seconds, detail) in rows) table.Add(name, status, seconds, detail);
        Console.WriteLine(table);
        int failed = rows.Count(r => r.Status != "ok");
        Console.WriteLine($"{rows.Count - failed} of {notebooks.Count} notebooks ran; executed copies and results in {outDir}");
        return stop.ExitCode ?? (failed == 0 && rows.Count == notebooks.Count ? 0 : 1);
    }

    /// <summary>How to start this executable again as a worker (the apphost, or dotnet and the assembly).</summary>
    static IReadOnlyList<string> WorkerCommand()
    {
        var assembly = typeof(RunCommand).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly));
        if (File.Exists(apphost)) return new[] { apphost };
        return new[] { Environment.ProcessPath ?? "dotnet", assembly };
    }

    /// <summary>SIGTERM and Ctrl-C stop the running notebook (which is then saved) instead of the process.</summary>
    sealed class Interruption : IDisposable
    {
        readonly CancellationTokenSource source = new();
        readonly List<PosixSignalRegistration> registrations = new();

        public Interruption()
        {
            foreach (var (signal, code) in new[] { (PosixSignal.SIGTERM, 143), (PosixSignal.SIGINT, 130) })
                registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
                {
                    ctx.Cancel = true;
                    ExitCode ??= code;
                    source.Cancel();
                }));
        }

        public CancellationToken Token => source.Token;
        public int? ExitCode { get; private set; }

        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
            source.Dispose();
        }
    }
}
