using Workbench.Engine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// A Jupyter notebook (nbformat 4) as JSON, keeping every field it does not know. <see cref="Normalize"/>
/// brings it to nbformat 4.5 with the .NET metadata (docs/notebooks.md) so C# notebook frontends open it.
/// </summary>
public sealed partial class NotebookDocument
{
    public NotebookDocument(JsonObject root, string? path = null)
    {
        Root = root;
        Path = path;
        string where = path ?? "notebook";
        if (root["nbformat"] is not JsonValue v || !v.TryGetValue(out int major) || major != 4)
            throw new InvalidDataException($"{where}: expected \"nbformat\": 4 (Jupyter notebook format 4), found {root["nbformat"]?.ToJsonString() ?? "none"}");
        if (root["cells"] is not JsonArray cells)
            throw new InvalidDataException($"{where}: expected a \"cells\" array");
        int number = 0;
        foreach (var cell in cells)
        {
            number++;
            if (cell is not JsonObject c || c["cell_type"]?.GetValueKind() != JsonValueKind.String)
                throw new InvalidDataException($"{where}: every cell must be an object with a \"cell_type\", found {Shorten(cell?.ToJsonString() ?? "null")}");
            // Checked here, so a bad cell is named with its file and key, not met later as a bare cast error.
            if (!IsMultilineString(c["source"]))
                throw new InvalidDataException($"{where}: cell {number} \"source\" is {Shorten(c["source"]?.ToJsonString() ?? "null")}, expected a string or a list of strings");
        }
    }

    public JsonObject Root { get; }
    public string? Path { get; }
    public JsonArray Cells => (JsonArray) Root["cells"]!;
    public IEnumerable<JsonObject> CellObjects => Cells.Cast<JsonObject>();

    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"notebook not found: {path}", path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject root) throw new InvalidDataException($"{path}: a notebook is a JSON object");
        return new NotebookDocument(root, path);
    }

    public static NotebookDocument Parse(string json, string? path = null) =>
        new((JsonNode.Parse(json) as JsonObject) ?? throw new InvalidDataException($"{path ?? "notebook"}: a notebook is a JSON object"), path);

    // ---- cells ------------------------------------------------------------------------------

    public static string CellType(JsonObject cell) => (string) cell["cell_type"]!;

    /// <summary>nbformat's "multiline string": one string or a list of lines.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };

    public static string Source(JsonObject cell) => Text(cell["source"]);

    // nbformat's "multiline string"; a missing source reads as empty.
    static bool IsMultilineString(JsonNode? node) => node switch
    {
        null => true,
        JsonArray lines => lines.All(l => l?.GetValueKind() == JsonValueKind.String),
        _ => node.GetValueKind() == JsonValueKind.String,
    };

    static string Shorten(string json) => Printable.Escape(json.Length <= 60 ? json : json[..57] + "...");

    public static void SetSource(JsonObject cell, string source) => cell["source"] = Lines(source);

    /// <summary>Text as Jupyter writes it: lines that keep their "\n".</summary>
    public static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>Appends text to lines made by <see cref="Lines"/>: a line left open is continued, never re-split.</summary>
    public static void AppendLines(JsonArray lines, string text)
    {
        if (text.Length == 0) return;
        if (lines.Count > 0 && lines[^1]?.GetValue<string>() is { } open && !open.EndsWith('\n'))
        {
            int nl = text.IndexOf('\n');
            var head = nl < 0 ? text : text[..(nl + 1)];
            lines[^1] = open + head;
            text = text[head.Length..];
        }
        foreach (var line in Lines(text)) lines.Add(line?.GetValue<string>());
    }

    public static IReadOnlyList<string> Tags(JsonObject cell) =>
        cell["metadata"]?["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToArray() : Array.Empty<string>();

    public static string? Id(JsonObject cell) => cell["id"]?.GetValue<string>();

    public static JsonObject CodeCell(string id, string source, params string[] tags) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = id,
        ["metadata"] = new JsonObject { ["tags"] = new JsonArray(tags.Select(t => (JsonNode?) JsonValue.Create(t)).ToArray()) },
        ["outputs"] = new JsonArray(),
        ["source"] = Lines(source),
    };

    public static JsonObject MarkdownCell(string id, string source) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
    };

    /// <summary>A short description of a cell for messages: "cell 4 (id 'train')".</summary>
    public string Describe(JsonObject cell) => $"cell {Cells.IndexOf(cell) + 1} (id '{Id(cell)}')";

    // ---- nbformat 4.5 -----------------------------------------------------------------------

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>
    /// nbformat 4.5: every cell has a unique id; code cells have outputs and an execution count; the
    /// notebook and its code cells carry the .NET kernel metadata.
    /// </summary>
    public void Normalize()
    {
        Root["nbformat"] = 4;
        Root["nbformat_minor"] = 5;
        var metadata = Root["metadata"] as JsonObject ?? new JsonObject();
        Root["metadata"] = metadata;
        metadata["kernelspec"] ??= new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] ??= new JsonObject
        {
            ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
        };
        metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        };

        var seen = new HashSet<string>();
        int index = 0;
        foreach (var cell in CellObjects)
        {
            index++;
            var id = cell["id"] is JsonValue idValue && idValue.TryGetValue(out string? s) ? s : null;
            if (!IsValidId(id) || !seen.Add(id!))
            {
                // Stable across runs, so executing a notebook does not churn its ids.
                int n = index;
                do id = $"cell-{n++}"; while (!seen.Add(id));
                cell["id"] = id;
            }
            if (cell["metadata"] is not JsonObject) cell["metadata"] = new JsonObject();
            cell["source"] = Lines(Source(cell));
            if (CellType(cell) == "code")
            {
                if (!cell.ContainsKey("execution_count")) cell["execution_count"] = null;
                if (cell["outputs"] is not JsonArray) cell["outputs"] = new JsonArray();
                var cm = (JsonObject) cell["metadata"]!;
                cm["dotnet_interactive"] ??= new JsonObject { ["language"] = "csharp" };
                cm["polyglot_notebook"] ??= new JsonObject { ["kernelName"] = "csharp" };
            }
            else
            {
                cell.Remove("outputs");
                cell.Remove("execution_count");
            }
        }
    }

    static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The notebook as Jupyter writes it: keys sorted, one-space indent, a final newline.</summary>
    public string ToJson() => Sorted(Root)!.ToJsonString(WriteOptions) + "\n";

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>Writes the notebook to a temporary file and renames it, so a crash never leaves half a notebook.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
