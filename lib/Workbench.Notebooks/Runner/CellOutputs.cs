using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// Collects the outputs of the cell that is running (stream text, displays, the result, an error) as
/// nbformat output objects. Writes can come from any thread, so every change takes the lock.
/// </summary>
internal sealed class CellOutputs
{
    internal readonly object Gate = new();
    JsonArray? current;

    /// <summary>Starts routing output to a cell's outputs array (null: nowhere).</summary>
    internal void Route(JsonArray? outputs)
    {
        lock (Gate) current = outputs;
    }

    internal void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (Gate)
        {
            if (current is null) return;
            // Consecutive writes to one stream become one output, as Jupyter shows them.
            if (current.Count > 0 && current[^1] is JsonObject last && (string?) last["output_type"] == "stream" && (string?) last["name"] == name)
            {
                var joined = NotebookDocument.Text(last["text"]) + text;
                last["text"] = NotebookDocument.Lines(joined);
            }
            else
                current.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = NotebookDocument.Lines(text) });
        }
    }

    internal JsonObject? Display(object? value)
    {
        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = Data(value), ["metadata"] = new JsonObject() };
        lock (Gate)
        {
            if (current is null) return null;
            current.Add(output);
        }
        return output;
    }

    internal void Replace(JsonObject output, object? value)
    {
        var data = Data(value);
        lock (Gate) output["data"] = data;
    }

    internal void Add(JsonObject output)
    {
        lock (Gate) current?.Add(output);
    }

    /// <summary>A value's MIME bundle in nbformat's shape: JSON types as JSON, the rest as lists of lines.</summary>
    internal static JsonObject Data(object? value)
    {
        var data = new JsonObject();
        foreach (var (mime, content) in Formatter.ToMimeBundle(value))
        {
            if (MimeTypes.IsJson(mime))
            {
                try
                {
                    data[mime] = JsonNode.Parse(content);
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"{value?.GetType().Name} gave invalid JSON for {mime}: {e.Message}", e);
                }
            }
            else if (mime == MimeTypes.Png)
                data[mime] = content;
            else
                data[mime] = NotebookDocument.Lines(content);
        }
        return data;
    }
}

/// <summary>Console.Out / Console.Error while a notebook runs: text goes to the running cell as a stream output.</summary>
internal sealed class CellStreamWriter(CellOutputs outputs, string name, TextWriter? echo) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        outputs.Stream(name, value);
        echo?.Write(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void WriteLine() => Write("\n");
}
