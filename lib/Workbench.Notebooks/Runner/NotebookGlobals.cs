using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Runner;

/// <summary>What notebook code sees besides its own variables: display helpers, the results, where it lives.</summary>
public sealed class NotebookGlobals
{
    readonly CellOutputs outputs;

    internal NotebookGlobals(CellOutputs outputs, string notebookPath)
    {
        this.outputs = outputs;
        NotebookPath = notebookPath;
        NotebookDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
    }

    /// <summary>Shows a value now; the handle's Update(x) replaces it in place.</summary>
    public DisplayHandle display(object? value) => new(outputs, outputs.Display(value));

    public HtmlString HTML(string html) => new(html);

    public MarkdownString Markdown(string markdown) => new(markdown);

    /// <summary>This run's numbers, saved as JSON beside the executed notebook.</summary>
    public NotebookResults results { get; } = new();

    public string NotebookPath { get; }
    public string NotebookDirectory { get; }
}
