using Workbench.Engine;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks;

/// <summary>
/// What a notebook's first cell starts, the same in every host — Jupyter or VS Code with the .NET
/// Interactive kernel, and <c>workbench run</c>: the engine (TorchSharp's natives, the thread
/// rule), the notebook's folder, and the results it records.
/// <code>
/// var notebook = Notebook.Start("07-convolutionalization");
/// var results = notebook.Results;      // results.Record("mean_iu", 0.61)
/// </code>
/// Under <c>workbench run</c> the results go into the JSON written beside the executed notebook;
/// in a kernel each <c>Record</c> rewrites <c>artifacts/results/interactive/NAME.json</c> of the
/// repository the notebook lives in (or <c>NAME.results.json</c> beside a notebook outside one).
/// </summary>
public sealed class Notebook
{
    Notebook(string name, string directory, NotebookResults results)
    {
        Name = name;
        Directory = directory;
        Results = results;
    }

    /// <summary>The notebook's name, e.g. "07-convolutionalization".</summary>
    public string Name { get; }

    /// <summary>The folder the notebook lives in (a kernel runs in it; the runner says so).</summary>
    public string Directory { get; }

    /// <summary>This run's numbers.</summary>
    public NotebookResults Results { get; }

    /// <summary>Set by <c>workbench run</c> for the notebook it executes: its folder.</summary>
    public const string DirectoryVariable = "WORKBENCH_NOTEBOOK_DIR";

    /// <summary>Set by <c>workbench run</c>: the file every Record rewrites, which the runner reads back.</summary>
    public const string ResultsVariable = "WORKBENCH_NOTEBOOK_RESULTS";

    public static Notebook Start(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{name}' is not a notebook name (the file name without .ipynb)", nameof(name));
        TorchEngine.Start();
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d ? d : Environment.CurrentDirectory;
        var saveTo = Environment.GetEnvironmentVariable(ResultsVariable) is { Length: > 0 } r ? r : ResultsPath(directory, name);
        return new Notebook(name, directory, new NotebookResults { SavePath = saveTo });
    }

    static string ResultsPath(string directory, string name)
    {
        for (var d = new DirectoryInfo(directory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln")))
                return Path.Combine(d.FullName, "artifacts", "results", "interactive", name + ".json");
        return Path.Combine(directory, name + ".results.json");
    }
}
