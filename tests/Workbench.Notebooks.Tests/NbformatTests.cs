using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks.Tests;

/// <summary>
/// The executed notebook against nbformat 4.5's schema (nbformat.v4.5.schema.json): required keys, their
/// types, and no keys the schema forbids in outputs.
/// </summary>
public class NbformatTests
{
    static readonly Dictionary<string, string[]> OutputKeys = new()
    {
        ["stream"] = new[] { "output_type", "name", "text" },
        ["display_data"] = new[] { "output_type", "data", "metadata" },
        ["execute_result"] = new[] { "output_type", "execution_count", "data", "metadata" },
        ["error"] = new[] { "output_type", "ename", "evalue", "traceback" },
    };

    [Fact]
    public void An_executed_notebook_is_valid_nbformat_4_5_with_the_dotnet_metadata()
    {
        using var nb = new TestNotebook();
        var source = nb.Write("valid", ("int seed = 1;", new[] { "parameters" }),
            (TestNotebook.Workbench + "Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\");\ndisplay(new Workbench.Notebooks.Figures.LineChart(\"t\").Add(\"a\", new[] { 1.0, 2.0 }));", Array.Empty<string>()),
            ("new Workbench.Notebooks.Display.RgbImage(1, 1, new byte[] { 1, 2, 3 })", Array.Empty<string>()),
            ("throw new Exception(\"stop\");", Array.Empty<string>()),
            ("1", Array.Empty<string>()));
        // Cells without ids and with a duplicate id, as older notebooks have them.
        var text = File.ReadAllText(source).Replace("\"id\":\"c0\",", "").Replace("\"id\":\"c2\"", "\"id\":\"c1\"");
        File.WriteAllText(source, text);
        var outputPath = Path.Combine(nb.Directory, "out.ipynb");
        NotebookRunner.Run(source, new RunOptions { OutputPath = outputPath, Parameters = new Dictionary<string, string> { ["seed"] = "2" } });

        using var doc = JsonDocument.Parse(File.ReadAllText(outputPath));
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal(5, root.GetProperty("nbformat_minor").GetInt32());
        var metadata = root.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("kernelspec").GetProperty("display_name").ValueKind);
        Assert.Equal("C#", metadata.GetProperty("language_info").GetProperty("name").GetString());

        var ids = new HashSet<string>();
        var idPattern = new Regex("^[a-zA-Z0-9-_]{1,64}$");
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(7, cells.Count);
        foreach (var cell in cells)
        {
            var id = cell.GetProperty("id").GetString()!;
            Assert.Matches(idPattern, id);
            Assert.True(ids.Add(id), $"duplicate cell id {id}");
            Assert.Equal(JsonValueKind.Object, cell.GetProperty("metadata").ValueKind);
            AssertMultiline(cell.GetProperty("source"));
            var type = cell.GetProperty("cell_type").GetString();
            Assert.Contains(type, new[] { "code", "markdown", "raw" });
            if (type != "code")
            {
                Assert.False(cell.TryGetProperty("outputs", out _));
                continue;
            }
            Assert.Equal("csharp", cell.GetProperty("metadata").GetProperty("dotnet_interactive").GetProperty("language").GetString());
            Assert.Equal("csharp", cell.GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
            Assert.True(cell.GetProperty("execution_count").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
            foreach (var output in cell.GetProperty("outputs").EnumerateArray())
            {
                var kind = output.GetProperty("output_type").GetString()!;
                Assert.True(OutputKeys.ContainsKey(kind), kind);
                Assert.Equal(OutputKeys[kind].Order(), output.EnumerateObject().Select(p => p.Name).Order());
                if (kind == "stream")
                {
                    Assert.Contains(output.GetProperty("name").GetString(), new[] { "stdout", "stderr" });
                    AssertMultiline(output.GetProperty("text"));
                }
                if (kind is "display_data" or "execute_result")
                {
                    Assert.Equal(JsonValueKind.Object, output.GetProperty("metadata").ValueKind);
                    foreach (var data in output.GetProperty("data").EnumerateObject())
                    {
                        Assert.Matches("^[a-zA-Z0-9]+/[a-zA-Z0-9\\-\\+\\.]+$", data.Name);
                        if (data.Name.EndsWith("json")) Assert.Equal(JsonValueKind.Object, data.Value.ValueKind);
                        else AssertMultiline(data.Value);
                    }
                }
                if (kind == "execute_result") Assert.Equal(JsonValueKind.Number, output.GetProperty("execution_count").ValueKind);
                if (kind == "error")
                {
                    Assert.Equal(JsonValueKind.String, output.GetProperty("ename").ValueKind);
                    Assert.Equal(JsonValueKind.String, output.GetProperty("evalue").ValueKind);
                    Assert.All(output.GetProperty("traceback").EnumerateArray(), t => Assert.Equal(JsonValueKind.String, t.ValueKind));
                }
            }
        }
        var kinds = cells.Where(c => c.TryGetProperty("outputs", out _)).SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .Select(o => o.GetProperty("output_type").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "stream", "display_data", "execute_result", "error" }, kinds);
    }

    static void AssertMultiline(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String) return;
        Assert.Equal(JsonValueKind.Array, e.ValueKind);
        Assert.All(e.EnumerateArray(), line => Assert.Equal(JsonValueKind.String, line.ValueKind));
    }

    [Fact]
    public void A_file_that_is_not_a_notebook_is_an_error_naming_it()
    {
        using var nb = new TestNotebook();
        var path = Path.Combine(nb.Directory, "broken.ipynb");
        File.WriteAllText(path, "{\"cells\": [");
        Assert.Contains("broken.ipynb", Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(path)).Message);
        File.WriteAllText(path, "{\"nbformat\": 3, \"cells\": []}");
        Assert.Contains("nbformat", Assert.Throws<InvalidDataException>(() => NotebookDocument.Load(path)).Message);
        Assert.Throws<FileNotFoundException>(() => NotebookDocument.Load(Path.Combine(nb.Directory, "absent.ipynb")));
    }

    [Fact]
    public void Source_lines_keep_their_newlines_and_join_back()
    {
        foreach (var text in new[] { "", "a", "a\n", "a\nb", "a\n\nb\n" })
            Assert.Equal(text, NotebookDocument.Text(NotebookDocument.Lines(text)));
    }
}
