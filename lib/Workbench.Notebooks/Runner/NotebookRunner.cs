using Workbench.Engine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Runner;

public sealed class RunOptions
{
    /// <summary>Values for the parameters cell (name → text, parsed as the variable's type).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    /// <summary>Where the executed notebook goes (null: not written).</summary>
    public string? OutputPath { get; init; }
    /// <summary>Where the results JSON goes (null: not written).</summary>
    public string? ResultsPath { get; init; }
    /// <summary>Progress lines ("cell 3/12 …") go here; null for none.</summary>
    public TextWriter? Log { get; init; }
    /// <summary>Also copy the notebook's stdout/stderr here as it runs.</summary>
    public TextWriter? Echo { get; init; }
    /// <summary>
    /// Where the notebook as executed so far is kept while it runs — rewritten when a cell starts, when it
    /// ends and every few seconds in between — and the file naming the running cell ("N START"), so a
    /// supervisor can save what ran if the run is stopped or dies (null: neither).
    /// </summary>
    public string? PartialPath { get; init; }
    /// <summary>Where the notebook's <c>results.Record</c> calls go as they happen (null: a temporary file).</summary>
    public string? RecordedPath { get; init; }
}

public sealed record CellFailure(int CellNumber, string CellId, string ExceptionName, string Message);

public sealed record NotebookRunResult(
    string NotebookPath,
    NotebookDocument Executed,
    bool Succeeded,
    TimeSpan Duration,
    CellFailure? Failure,
    JsonObject Results,
    JsonObject Parameters);

/// <summary>
/// Executes a notebook's code cells in order in the .NET Interactive C# kernel, hosted in this
/// process (<see cref="KernelCells"/>): the kernel Jupyter and VS Code run, so a notebook behaves
/// here as it does there. The kernel runs in the notebook's folder, as Jupyter's does. The first
/// failing cell gets a Jupyter error output and ends the run.
/// </summary>
public static class NotebookRunner
{
    // The working directory, Console and the results variable are one per process: runs take turns.
    static readonly SemaphoreSlim OneRunAtATime = new(1, 1);

    // On the thread pool: no caller's synchronization context is captured by the notebook's awaits.
    public static NotebookRunResult Run(string notebookPath, RunOptions? options = null) =>
        Task.Run(() => RunAsync(notebookPath, options)).GetAwaiter().GetResult();

    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var path = Path.GetFullPath(notebookPath);
        var notebook = NotebookDocument.Load(path);
        var declared = ParameterInjection.Apply(notebook, options.Parameters);
        notebook.Normalize();
        foreach (var cell in notebook.CellObjects.Where(c => NotebookDocument.CellType(c) == "code"))
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
            var metadata = (JsonObject) cell["metadata"]!;
            metadata.Remove("execution");
            metadata.Remove("workbench");
        }

        await OneRunAtATime.WaitAsync();
        var log = options.Log;
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        CellFailure? failure = null;
        var parameterValues = new JsonObject();
        var resultsFile = options.RecordedPath ?? Path.Combine(Path.GetTempPath(), $"wb-results-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var savedDirectory = Environment.CurrentDirectory;
        try
        {
            // What Notebook.Start reads: the notebook's folder and where its results go.
            Environment.SetEnvironmentVariable(Notebook.DirectoryVariable, Path.GetDirectoryName(path));
            Environment.SetEnvironmentVariable(Notebook.ResultsVariable, resultsFile);
            Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
            using var kernel = new KernelCells(options.Echo);
            using var partial = options.PartialPath is null ? null : new PartialNotebook(options.PartialPath, notebook, kernel);
            var codeCells = notebook.CellObjects.Where(c => NotebookDocument.CellType(c) == "code").ToList();
            // Roslyn's first compilation takes seconds (tens on a busy machine): it is paid here, before the first
            // cell's clock starts, so a cell's time and --cell-timeout measure the cell, not the kernel's start.
            await kernel.RunAsync("System.GC.KeepAlive(null);", new JsonArray(), 0, CancellationToken.None);
            int executionCount = 0;
            foreach (var cell in codeCells)
            {
                int number = notebook.Cells.IndexOf(cell) + 1;
                var source = NotebookDocument.Source(cell);
                var cellOutputs = (JsonArray) cell["outputs"]!;
                var metadata = (JsonObject) cell["metadata"]!;
                if (string.IsNullOrWhiteSpace(source)) continue;
                cell["execution_count"] = ++executionCount;
                var begin = DateTimeOffset.UtcNow;
                var cellClock = Stopwatch.StartNew();
                partial?.CellStarted(number, begin);
                CellError? error;
                try
                {
                    error = await kernel.RunAsync(source, cellOutputs, executionCount, CancellationToken.None);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The kernel itself failed (it has bugs too): still this cell's error, not a crash.
                    error = new CellError(e.GetType().Name, e.Message, e.ToString().Split('\n'));
                    cellOutputs.Add(error.ToOutput());
                }
                cellClock.Stop();
                var end = DateTimeOffset.UtcNow;
                metadata["execution"] = new JsonObject
                {
                    ["iopub.execute_input"] = Iso(begin),
                    ["iopub.status.busy"] = Iso(begin),
                    ["iopub.status.idle"] = Iso(end),
                    ["shell.execute_reply"] = Iso(end),
                };
                metadata["workbench"] = new JsonObject
                {
                    ["duration_s"] = Math.Round(cellClock.Elapsed.TotalSeconds, 4),
                    ["status"] = error is null ? "ok" : "failed",
                };
                partial?.Save();
                if (error is not null)
                {
                    failure = Failure(notebook, cell, number, error, cellOutputs);
                    log?.WriteLine($"  cell {number} (id '{NotebookDocument.Id(cell)}') failed after {cellClock.Elapsed.TotalSeconds:F2} s: {failure.ExceptionName}: {failure.Message}");
                    break;
                }
                log?.WriteLine($"  cell {number}/{notebook.Cells.Count} (id '{NotebookDocument.Id(cell)}') {cellClock.Elapsed.TotalSeconds:F2} s");
                if (NotebookDocument.Tags(cell).Any(t => t is ParameterInjection.ParametersTag or ParameterInjection.InjectedTag))
                    foreach (var p in declared)
                        if (kernel.TryGetVariable(p.Name, out var v)) parameterValues[p.Name] = NotebookResults.ToJson(v);
            }
        }
        finally
        {
            Environment.CurrentDirectory = savedDirectory;
            Environment.SetEnvironmentVariable(Notebook.DirectoryVariable, null);
            Environment.SetEnvironmentVariable(Notebook.ResultsVariable, null);
            OneRunAtATime.Release();
        }
        clock.Stop();

        var run = new JsonObject
        {
            ["status"] = failure is null ? "ok" : "failed",
            ["started"] = Iso(started),
            ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["parameters"] = parameterValues.DeepClone(),
        };
        if (failure is not null) run["failed_cell"] = failure.CellNumber;
        run["machine"] = Machine(loadBefore);
        ((JsonObject) notebook.Root["metadata"]!)["workbench"] = run;

        var recorded = NotebookResults.ReadSaved(resultsFile);
        if (options.RecordedPath is null && File.Exists(resultsFile)) File.Delete(resultsFile);
        if (options.OutputPath is not null) notebook.Save(options.OutputPath);
        if (options.ResultsPath is not null)
        {
            var json = new JsonObject
            {
                ["notebook"] = Path.GetFileNameWithoutExtension(path),
                ["status"] = failure is null ? "ok" : "failed",
                ["started"] = Iso(started),
                ["duration_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["parameters"] = parameterValues.DeepClone(),
                ["units"] = NotebookResults.Units,
                ["results"] = recorded.DeepClone(),
                ["machine"] = Machine(loadBefore),
            };
            if (failure is not null)
                json["error"] = new JsonObject
                {
                    ["cell"] = failure.CellNumber, ["cell_id"] = failure.CellId, ["ename"] = failure.ExceptionName, ["evalue"] = failure.Message,
                };
            AtomicFile.WriteAllText(options.ResultsPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        return new NotebookRunResult(path, notebook, failure is null, clock.Elapsed, failure, recorded, parameterValues);
    }

    static CellFailure Failure(NotebookDocument notebook, JsonObject cell, int number, CellError error, JsonArray outputs)
    {
        string where = $"cell {number} (id '{NotebookDocument.Id(cell)}')";
        var message = error.Name == "CompilationError" ? $"{where} does not compile: {error.Value}" : error.Value;
        // The error output's traceback starts by naming the cell, as a reader of the executed copy needs.
        var last = (JsonObject) outputs[^1]!;
        var traceback = (JsonArray) last["traceback"]!;
        traceback.Insert(0, error.Name == "CompilationError"
            ? $"{where} of {Path.GetFileName(notebook.Path)} does not compile:"
            : $"{where} of {Path.GetFileName(notebook.Path)} threw {error.Name}: {error.Value}");
        last["evalue"] = message;
        return new CellFailure(number, NotebookDocument.Id(cell) ?? "", error.Name, message);
    }

    // Timings mean little without the machine and how busy it was: both go into the metadata and the JSON.
    static JsonObject Machine(string? loadBefore) => new()
    {
        ["cpus"] = Environment.ProcessorCount,
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["load_average_start"] = loadBefore,
        ["load_average_end"] = LoadAverage(),
    };

    static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
