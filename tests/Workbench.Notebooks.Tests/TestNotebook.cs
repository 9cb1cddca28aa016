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

    /// <summary>What an output shows as text: its text/plain, else its text/html without the tags (the kernel gives
    /// only HTML for most values, as it does in Jupyter).</summary>
    internal static string Plain(JsonObject output)
    {
        var data = output["data"]!;
        if (data[Display.MimeTypes.Plain] is { } plain) return NotebookDocument.Text(plain);
        var html = NotebookDocument.Text(data[Display.MimeTypes.Html]);
        html = System.Text.RegularExpressions.Regex.Replace(html, "<style>.*?</style>", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "")).Trim();
    }

    /// <summary>The line a test notebook starts with to use the workbench: the assemblies this test host loaded.</summary>
    internal static readonly string Workbench = string.Concat(
        new[] { "TorchSharp", "Workbench.Engine", "Workbench.Weights", "Workbench.Vision", "Workbench.Fcn", "Workbench.Notebooks" }
            .Select(a => $"#r \"{Path.Combine(AppContext.BaseDirectory, a + ".dll")}\"\n"));

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
