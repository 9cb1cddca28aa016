using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// What notebook code sees besides its own variables: the display helpers the .NET Interactive
/// kernel also gives (display, HTML). Everything else a notebook needs comes from the library
/// (<see cref="Notebook.Start"/>), so it runs the same in both hosts.
/// </summary>
public sealed class NotebookGlobals
{
    readonly CellOutputs outputs;

    internal NotebookGlobals(CellOutputs outputs) => this.outputs = outputs;

    /// <summary>Shows a value now; the handle's Update(x) replaces it in place.</summary>
    public DisplayHandle display(object? value) => new(outputs, outputs.Display(value));

    public HtmlString HTML(string html) => new(html);

    public MarkdownString Markdown(string markdown) => new(markdown);
}
