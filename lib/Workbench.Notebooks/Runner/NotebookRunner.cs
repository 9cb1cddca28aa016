using Workbench.Engine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

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
/// Executes a notebook's code cells in order on Roslyn scripting, each cell continuing the state of the
/// one before (CSharpScript.RunAsync, then ContinueWithAsync), as a kernel would. The first failing cell
/// gets a Jupyter error output and ends the run.
/// </summary>
public static class NotebookRunner
{
    // Console.Out is one per process: runs take turns.
    static readonly SemaphoreSlim OneRunAtATime = new(1, 1);

    // The .NET Interactive C# kernel's own (CSharpKernel): a notebook that compiles here compiles there.
    static readonly string[] DefaultImports =
    {
        "System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
    };

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
        var outputs = new CellOutputs();
        var globals = new NotebookGlobals(outputs);
        var results = new NotebookResults();
        Notebook.Hosted = Notebook.ForRunner(path, results);
        var (savedOut, savedErr) = (Console.Out, Console.Error);
        var log = options.Log;
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        CellFailure? failure = null;
        var parameterValues = new JsonObject();
        try
        {
            Console.SetOut(new CellStreamWriter(outputs, "stdout", options.Echo));
            Console.SetError(new CellStreamWriter(outputs, "stderr", options.Echo));
            var scriptOptions = Options(path);
            ScriptState<object>? state = null;
            var codeCells = notebook.CellObjects.Where(c => NotebookDocument.CellType(c) == "code").ToList();
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
                outputs.Route(cellOutputs);
                Exception? error = null;
                var cellOptions = scriptOptions.WithFilePath($"{path}#cell{number}");
                try
                {
                    state = state is null
                        ? await CSharpScript.Create(source, cellOptions, typeof(NotebookGlobals)).RunAsync(globals, catchException: _ => true)
                        : await state.ContinueWithAsync(source, cellOptions, catchException: _ => true);
                    error = state.Exception;
                }
                catch (CompilationErrorException e)
                {
                    error = e;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The script compiler itself failed (it has bugs too): still this cell's error, not a crash.
                    error = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e;
                }
                // Text written without a newline is still the cell's; later writes belong to the next cell.
                Console.Out.Flush();
                Console.Error.Flush();

                if (error is null && state!.ReturnValue is { } value and not DisplayHandle)
                {
                    try
                    {
                        outputs.Add(new JsonObject
                        {
                            ["output_type"] = "execute_result",
                            ["execution_count"] = executionCount,
                            ["data"] = CellOutputs.Data(value),
                            ["metadata"] = new JsonObject(),
                        });
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        error = e;
                    }
                }
                outputs.Route(null);
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
                if (error is not null)
                {
                    failure = ErrorOutput(notebook, cell, number, error, cellOutputs);
                    log?.WriteLine($"  cell {number} (id '{NotebookDocument.Id(cell)}') failed after {cellClock.Elapsed.TotalSeconds:F2} s: {failure.ExceptionName}: {failure.Message}");
                    break;
                }
                log?.WriteLine($"  cell {number}/{notebook.Cells.Count} (id '{NotebookDocument.Id(cell)}') {cellClock.Elapsed.TotalSeconds:F2} s");
                if (NotebookDocument.Tags(cell).Any(t => t is ParameterInjection.ParametersTag or ParameterInjection.InjectedTag))
                    foreach (var p in declared)
                        if (state?.GetVariable(p.Name) is { } v) parameterValues[p.Name] = NotebookResults.ToJson(v.Value);
            }
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
            Notebook.Hosted = null;
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

        var recorded = results.ToJsonObject();
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

    static ScriptOptions Options(string notebookPath)
    {
        var directory = Path.GetDirectoryName(notebookPath)!;
        return ScriptOptions.Default
            .WithReferences(NotebookReferenceResolver.WorkbenchAssemblies())
            .AddImports(DefaultImports)
            .WithMetadataResolver(new NotebookReferenceResolver(directory))
            .WithSourceResolver(new SourceFileResolver(System.Collections.Immutable.ImmutableArray<string>.Empty, directory))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true);
    }

    static CellFailure ErrorOutput(NotebookDocument notebook, JsonObject cell, int number, Exception error, JsonArray outputs)
    {
        string where = $"cell {number} (id '{NotebookDocument.Id(cell)}')";
        string ename, evalue;
        var traceback = new List<string>();
        if (error is CompilationErrorException compile)
        {
            ename = "CompilationError";
            var errors = compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            evalue = $"{where} does not compile: {errors.FirstOrDefault()?.GetMessage(CultureInfo.InvariantCulture) ?? compile.Message}";
            traceback.Add($"{where} of {Path.GetFileName(notebook.Path)} does not compile:");
            foreach (var d in errors)
            {
                var line = d.Location.GetLineSpan();
                traceback.Add($"  line {line.StartLinePosition.Line + 1}, column {line.StartLinePosition.Character + 1}: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }
        else
        {
            ename = error.GetType().Name;
            evalue = error.Message;
            traceback.Add($"{where} of {Path.GetFileName(notebook.Path)} threw {error.GetType().FullName}: {error.Message}");
            // The notebook's own frames matter; the script engine's plumbing below them does not.
            traceback.AddRange(error.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) && !l.Contains("--- End of stack trace", StringComparison.Ordinal)));
        }
        outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = ename,
            ["evalue"] = evalue,
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?) JsonValue.Create(t)).ToArray()),
        });
        return new CellFailure(number, NotebookDocument.Id(cell) ?? "", ename, evalue);
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
