using System.Text.Json.Nodes;
using Workbench.Notebooks.Runner;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Workbench.Notebooks.Tests;

/// <summary>Writes small notebooks into a temporary folder that disappears with the test.</summary>
internal sealed class TestNotebook : IDisposable
{
    internal TestNotebook()
    {
        Directory = Path.Combine(Path.GetTempPath(), "wb-nb-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    internal string Directory { get; }

    internal string Write(string name, params (string Source, string[] Tags)[] cells)
    {
        var array = new JsonArray();
        array.Add(NotebookDocument.MarkdownCell("title", "# " + name));
        int i = 0;
        foreach (var (source, tags) in cells)
        {
            var cell = NotebookDocument.CodeCell($"c{i++}", source, tags);
            array.Add(cell);
        }
        var root = new JsonObject { ["cells"] = array, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 4 };
        var path = Path.Combine(Directory, name + ".ipynb");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    internal string Write(string name, params string[] sources) => Write(name, sources.Select(s => (s, Array.Empty<string>())).ToArray());

    internal static JsonObject[] CodeCells(NotebookRunResult r) =>
        r.Executed.CellObjects.Where(c => NotebookDocument.CellType(c) == "code").ToArray();

    internal static JsonObject[] Outputs(JsonObject cell) => ((JsonArray) cell["outputs"]!).Cast<JsonObject>().ToArray();

    internal static string Plain(JsonObject output) => NotebookDocument.Text(output["data"]![Display.MimeTypes.Plain]);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
