using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// How every notebook reads (docs/notebooks.md, "Conventions"): it loads the workbench in its first code
/// cell, declares a `scale` parameter, alternates markdown and code, keeps code cells short, and closes
/// with "What this run shows" after a computed verdict.
/// </summary>
public class NotebookShapeTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Repo.Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    static string Text(JsonNode cell) => string.Concat(cell["source"]!.AsArray().Select(s => (string?) s));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Reads_like_the_conventions_say(string notebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "notebooks", notebook)))!["cells"]!.AsArray().Select(c => c!).ToList();
        string Kind(int i) => (string) cells[i]["cell_type"]!;
        Assert.Equal("markdown", Kind(0));
        Assert.StartsWith("#load \"workbench.csx\"", Text(cells[1]));
        var parameters = cells.Single(c => c["metadata"]?["tags"]?.AsArray().Any(t => (string?) t == "parameters") == true);
        Assert.Contains("var scale = \"smoke\"", Text(parameters));
        for (int i = 3; i < cells.Count; i++)
        {
            if (Kind(i) != "code") continue;
            Assert.True(Kind(i - 1) == "markdown", $"{notebook}: code cell {i + 1} follows another code cell without a markdown step");
            int lines = Text(cells[i]).Split('\n').Length;
            Assert.True(lines <= 25, $"{notebook}: code cell {i + 1} has {lines} lines (at most 25)");
        }
        Assert.Equal("markdown", Kind(cells.Count - 1));
        Assert.StartsWith("## What this run shows", Text(cells[^1]));
        Assert.Contains("new Findings(scale)", Text(cells[^2]));
    }
}
