namespace Workbench.Fcn.Tests;

/// <summary>A test class whose tests write runs (checkpoints, logs) into a fresh folder of their own, removed after.</summary>
public abstract class RunFolderTest : IDisposable
{
    protected readonly string dir = Path.Combine(Path.GetTempPath(), "fcn-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
