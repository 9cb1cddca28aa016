using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;

namespace Workbench.Notebooks.Runner;

/// <summary>What to run under supervision, and the limits.</summary>
public sealed record SupervisedOptions
{
    public required string Notebook { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public required string OutputPath { get; init; }
    public required string ResultsPath { get; init; }
    /// <summary>The whole notebook's limit (null: none).</summary>
    public TimeSpan? NotebookTimeout { get; init; }
    /// <summary>One cell's limit (null: none).</summary>
    public TimeSpan? CellTimeout { get; init; }
    /// <summary>The command that starts a worker: the workbench executable (and its assembly, under dotnet).</summary>
    public required IReadOnlyList<string> WorkerCommand { get; init; }
    public bool Echo { get; init; }
    /// <summary>Cancelled on SIGTERM or Ctrl-C: the run is stopped and what ran is saved.</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>How a supervised run ended: ok, failed (a cell's error), timeout, interrupted or died.</summary>
public sealed record SupervisedResult(string Status, int? Cell, string Detail, TimeSpan Duration)
{
    public bool Ok => Status == "ok";
}

/// <summary>
/// Runs one notebook in a worker process (<c>workbench run --worker</c>) and watches it: a notebook or a
/// cell that runs past its limit, a SIGTERM or Ctrl-C, or a worker that dies (a crash, or a notebook that
/// calls <c>Environment.Exit</c>) all end in the same way — the notebook as executed so far and its
/// results written, the cell that was running marked with an error saying what stopped it. Parameters
/// and output paths are checked before the worker starts; a worker whose supervisor is gone stops itself.
/// </summary>
public static class SupervisedRun
{
    public const string WorkerFlag = "--worker";
    public const string ParentFlag = "--parent";

    public static SupervisedResult Run(SupervisedOptions o)
    {
        var notebookPath = Path.GetFullPath(o.Notebook);
        CheckBeforeRunning(notebookPath, o);
        var state = Directory.CreateTempSubdirectory("wb-run-").FullName;
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        try
        {
            var w = Worker.Paths(state);
            var start = new ProcessStartInfo(o.WorkerCommand[0]) { UseShellExecute = false };
            foreach (var a in o.WorkerCommand.Skip(1)) start.ArgumentList.Add(a);
            foreach (var a in new[] { "run", notebookPath, WorkerFlag, state, ParentFlag, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            foreach (var (k, v) in o.Parameters) { start.ArgumentList.Add("-p"); start.ArgumentList.Add($"{k}={v}"); }
            if (o.Echo) start.ArgumentList.Add("--echo");
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {o.WorkerCommand[0]}");

            string? stopped = null, why = null;
            while (!child.WaitForExit(200))
            {
                var (cell, cellStart) = RunningCell(w.Cell);
                if (o.Cancel.IsCancellationRequested) (stopped, why) = ("interrupted", "the run was interrupted (SIGTERM or Ctrl-C)");
                else if (o.NotebookTimeout is { } nt && clock.Elapsed > nt)
                    (stopped, why) = ("timeout", $"the notebook was stopped after {nt.TotalSeconds:0.#} s (--timeout)");
                else if (o.CellTimeout is { } ct && cell is not null && DateTimeOffset.UtcNow - cellStart > ct)
                    (stopped, why) = ("timeout", $"the cell was stopped after {ct.TotalSeconds:0.#} s (--cell-timeout)");
                if (stopped is null) continue;
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                break;
            }
            if (stopped is null && File.Exists(w.Results) && File.Exists(w.Executed))
            {
                Move(w.Executed, o.OutputPath);
                Move(w.Results, o.ResultsPath);
                var json = JsonNode.Parse(File.ReadAllText(o.ResultsPath))!;
                var status = (string?) json["status"] ?? "failed";
                var error = json["error"];
                return new SupervisedResult(status, (int?) error?["cell"], error is null ? "" : $"cell {error["cell"]}: {error["ename"]}: {error["evalue"]}", clock.Elapsed);
            }
            if (stopped is null)
                (stopped, why) = ("died", $"the notebook's process ended (exit code {child.ExitCode}) before the notebook finished — a crash, or a call to Environment.Exit");
            return Salvage(notebookPath, o, w, stopped, why!, started, clock.Elapsed);
        }
        finally
        {
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        }
    }

    static void CheckBeforeRunning(string notebookPath, SupervisedOptions o)
    {
        if (!File.Exists(notebookPath)) throw new FileNotFoundException($"notebook not found: {o.Notebook}", o.Notebook);
        foreach (var (what, p) in new[] { ("the executed notebook", o.OutputPath), ("the results", o.ResultsPath) })
        {
            var full = Path.GetFullPath(p);
            if (Directory.Exists(full)) throw new ArgumentException($"{p} is a directory; {what} is written to a file (give a file name)");
            if (full == notebookPath) throw new ArgumentException($"{p} is the notebook itself; {what} must go elsewhere, so the source is never overwritten");
        }
        // Every parameter is checked here, before a worker starts: an unknown name, a value that is not of
        // the variable's type or does not fit it, a constant.
        ParameterInjection.Apply(NotebookDocument.Load(notebookPath), o.Parameters);
    }

    static (int? Cell, DateTimeOffset Started) RunningCell(string cellFile)
    {
        try
        {
            var parts = File.ReadAllText(cellFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                return (n, t);
        }
        catch (IOException) { }
        return (null, default);
    }

    static SupervisedResult Salvage(string notebookPath, SupervisedOptions o, Worker.Files w, string status, string why, DateTimeOffset started, TimeSpan elapsed)
    {
        NotebookDocument doc;
        try
        {
            doc = NotebookDocument.Load(File.Exists(w.Partial) ? w.Partial : notebookPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException)
        {
            doc = NotebookDocument.Load(notebookPath);
        }
        var (cellNumber, _) = RunningCell(w.Cell);
        string ename = status switch { "timeout" => "Timeout", "interrupted" => "Interrupted", _ => "Died" };
        JsonObject? cell = cellNumber is { } n && n >= 1 && n <= doc.Cells.Count ? doc.Cells[n - 1] as JsonObject : null;
        var message = cell is null ? why : $"cell {cellNumber} (id '{NotebookDocument.Id(cell)}'): {why}";
        if (cell is not null)
        {
            if (cell["outputs"] is not JsonArray outputs) cell["outputs"] = outputs = new JsonArray();
            outputs.Add(new CellError(ename, message, new[] { message }).ToOutput());
            if (cell["metadata"] is JsonObject meta) meta["workbench"] = new JsonObject { ["status"] = status };
        }
        var recorded = NotebookResults.ReadSaved(w.Recorded);
        var error = new JsonObject { ["cell"] = cellNumber, ["cell_id"] = cell is null ? null : NotebookDocument.Id(cell), ["ename"] = ename, ["evalue"] = message };
        ((JsonObject) doc.Root["metadata"]!)["workbench"] = new JsonObject
        {
            ["status"] = status, ["started"] = started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["duration_s"] = Math.Round(elapsed.TotalSeconds, 3), ["failed_cell"] = cellNumber,
        };
        doc.Save(o.OutputPath);
        var json = new JsonObject
        {
            ["notebook"] = Path.GetFileNameWithoutExtension(notebookPath), ["status"] = status,
            ["started"] = started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["duration_s"] = Math.Round(elapsed.TotalSeconds, 3),
            ["parameters"] = new JsonObject(o.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?) kv.Value))),
            ["units"] = NotebookResults.Units, ["results"] = recorded, ["error"] = error,
        };
        AtomicFile.WriteAllText(o.ResultsPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return new SupervisedResult(status, cellNumber, message, elapsed);
    }

    static void Move(string from, string to)
    {
        var full = Path.GetFullPath(to);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Move(from, full, overwrite: true);
    }

    /// <summary>The worker's side: where it leaves its files, and the watch on its supervisor.</summary>
    public static class Worker
    {
        public sealed record Files(string Executed, string Results, string Partial, string Cell, string Recorded);

        public static Files Paths(string state)
        {
            var partial = Path.Combine(state, "partial.ipynb");
            return new Files(Path.Combine(state, "executed.ipynb"), Path.Combine(state, "results.json"), partial,
                PartialNotebook.CellFile(partial), Path.Combine(state, "recorded.json"));
        }

        /// <summary>Runs the notebook as the worker of <paramref name="parent"/>; the files go into <paramref name="state"/>.</summary>
        public static int Run(string notebook, IReadOnlyDictionary<string, string> parameters, string state, int parent, bool echo)
        {
            var watch = new Thread(() =>
            {
                // A supervisor killed with SIGKILL cannot stop its worker: the worker notices and stops itself.
                while (true)
                {
                    Thread.Sleep(1000);
                    if (!Directory.Exists($"/proc/{parent}")) Environment.Exit(3);
                }
            }) { IsBackground = true, Name = "supervisor watch" };
            watch.Start();
            var w = Paths(state);
            var result = NotebookRunner.Run(notebook, new RunOptions
            {
                Parameters = parameters, OutputPath = w.Executed, ResultsPath = w.Results, PartialPath = w.Partial,
                RecordedPath = w.Recorded, Log = Console.Error, Echo = echo ? Console.Out : null,
            });
            return result.Succeeded ? 0 : 1;
        }
    }
}
