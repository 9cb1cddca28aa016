using System.Reactive.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// The .NET Interactive C# kernel, hosted in this process — the kernel Jupyter and VS Code run, with
/// its default imports and helpers (display, HTML) — executing cells one after the other and turning
/// its events into nbformat outputs as they arrive: stream text, displays (updated in place),
/// results, errors. Output from other threads while a cell runs is that cell's.
/// </summary>
internal sealed class KernelCells : IDisposable
{
    readonly CSharpKernel kernel = new CSharpKernel().UseKernelHelpers();
    readonly IDisposable subscription;
    readonly object gate = new();
    readonly Dictionary<string, JsonObject> displays = new();
    readonly TextWriter? echo;
    JsonArray? current;
    int executionCount;

    internal KernelCells(TextWriter? echo)
    {
        this.echo = echo;
        subscription = kernel.KernelEvents.Subscribe(OnEvent);
    }

    /// <summary>What a cell did: null when it succeeded, else the error (also added as an output).</summary>
    internal async Task<CellError?> RunAsync(string source, JsonArray outputs, int executionCount, CancellationToken cancel)
    {
        lock (gate)
        {
            current = outputs;
            this.executionCount = executionCount;
        }
        try
        {
            var result = await kernel.SendAsync(new SubmitCode(source), cancel);
            var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
            if (failed is null) return null;
            var error = CellError.From(failed);
            lock (gate) outputs.Add(error.ToOutput());
            return error;
        }
        finally
        {
            lock (gate) current = null;
        }
    }

    /// <summary>Runs <paramref name="read"/> while no output is being added (a snapshot of the notebook).</summary>
    internal T Locked<T>(Func<T> read)
    {
        lock (gate) return read();
    }

    internal bool TryGetVariable(string name, out object? value)
    {
        if (kernel.TryGetValue<object>(name, out var v))
        {
            value = v;
            return true;
        }
        value = null;
        return false;
    }

    void OnEvent(KernelEvent e)
    {
        lock (gate)
        {
            if (current is null) return;
            switch (e)
            {
                case StandardOutputValueProduced o: Stream("stdout", Text(o.FormattedValues)); break;
                case StandardErrorValueProduced o: Stream("stderr", Text(o.FormattedValues)); break;
                case DisplayedValueUpdated u when u.ValueId is not null && displays.TryGetValue(u.ValueId, out var shown):
                    shown["data"] = Data(u.FormattedValues);
                    break;
                case DisplayedValueProduced d:
                    var output = new JsonObject { ["output_type"] = "display_data", ["data"] = Data(d.FormattedValues), ["metadata"] = new JsonObject() };
                    if (d.ValueId is not null) displays[d.ValueId] = output;
                    current.Add(output);
                    break;
                case ReturnValueProduced r:
                    current.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result", ["execution_count"] = executionCount,
                        ["data"] = Data(r.FormattedValues), ["metadata"] = new JsonObject(),
                    });
                    break;
            }
        }
    }

    void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        echo?.Write(text);
        // Consecutive writes to one stream become one output, as Jupyter shows them; appending to a
        // list of lines keeps a long run of prints linear.
        if (current!.Count > 0 && current[^1] is JsonObject last && (string?) last["output_type"] == "stream" && (string?) last["name"] == name
            && last["text"] is JsonArray lines)
            NotebookDocument.AppendLines(lines, text);
        else
            current.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = NotebookDocument.Lines(text) });
    }

    static string Text(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == MimeTypes.Plain)?.Value ?? values.FirstOrDefault()?.Value ?? "";

    /// <summary>A display's MIME bundle in nbformat's shape: JSON types as JSON, images as one string, text as lines.</summary>
    static JsonObject Data(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var v in values)
        {
            if (MimeTypes.IsJson(v.MimeType))
            {
                try
                {
                    data[v.MimeType] = JsonNode.Parse(v.Value);
                }
                catch (JsonException)
                {
                    data[v.MimeType] = v.Value;
                }
            }
            else if (v.MimeType == MimeTypes.Png) data[v.MimeType] = v.Value;
            else data[v.MimeType] = NotebookDocument.Lines(v.Value);
        }
        return data;
    }

    public void Dispose()
    {
        subscription.Dispose();
        kernel.Dispose();
    }
}

/// <summary>A cell's failure as Jupyter shows it: ename, evalue and a traceback.</summary>
internal sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback)
{
    internal static CellError From(CommandFailed failed)
    {
        var e = failed.Exception;
        if (e is not null && e.GetType().Name.Contains("CompilationError", StringComparison.Ordinal) || e is null && failed.Message.Contains(": error CS", StringComparison.Ordinal))
        {
            var lines = failed.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new CellError("CompilationError", lines.FirstOrDefault() ?? failed.Message, lines);
        }
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e;
        var traceback = (inner?.ToString() ?? failed.Message).Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) && !l.Contains("Microsoft.DotNet.Interactive", StringComparison.Ordinal)
                        && !l.Contains("--- End of stack trace", StringComparison.Ordinal)).ToList();
        return new CellError(inner?.GetType().Name ?? "Error", inner?.Message ?? failed.Message, traceback);
    }

    internal JsonObject ToOutput() => new()
    {
        ["output_type"] = "error",
        ["ename"] = Name,
        ["evalue"] = Value,
        ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?) JsonValue.Create(t)).ToArray()),
    };
}
