using System.Globalization;

namespace Workbench.Notebooks.Runner;

/// <summary>
/// The notebook as executed so far, on disk while it runs: rewritten (atomically) when a cell starts,
/// when it ends and every two seconds in between, beside a file naming the running cell and when it
/// started. What a supervisor reads to save a run that was stopped or died (<see cref="SupervisedRun"/>).
/// </summary>
internal sealed class PartialNotebook : IDisposable
{
    readonly string path;
    readonly NotebookDocument notebook;
    readonly KernelCells kernel;
    readonly Timer timer;
    readonly object saving = new();

    internal PartialNotebook(string path, NotebookDocument notebook, KernelCells kernel)
    {
        this.path = path;
        this.notebook = notebook;
        this.kernel = kernel;
        Save();
        timer = new Timer(_ => Save(), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    /// <summary>The file that names the running cell: "NUMBER START" (cell number counts every cell, from 1).</summary>
    internal static string CellFile(string partialPath) => partialPath + ".cell";

    internal void CellStarted(int number, DateTimeOffset started)
    {
        Workbench.Engine.AtomicFile.WriteAllText(CellFile(path),
            $"{number.ToString(CultureInfo.InvariantCulture)} {started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\n");
        Save();
    }

    internal void Save()
    {
        lock (saving)
        {
            try
            {
                var text = kernel.Locked(notebook.ToJson);
                Workbench.Engine.AtomicFile.WriteAllText(path, text);
            }
            catch (IOException)
            {
                // A snapshot that cannot be written now is written at the next one.
            }
        }
    }

    public void Dispose() => timer.Dispose();
}
