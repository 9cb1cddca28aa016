namespace Workbench.Testing;

/// <summary>
/// A fresh folder under the system's temp folder for one test class, removed with everything in it on
/// dispose. Used as a string wherever a path is expected. Compiled into every test project
/// (tests/Directory.Build.props), so the test classes do not each repeat the create-and-delete.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    /// <param name="prefix">names the folder after its test class (wb-cli-…), so a leftover one says whose it is</param>
    /// <param name="create">false: only the name is chosen; the code under test creates the folder</param>
    public ScratchDirectory(string prefix, bool create = true)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        if (create) Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static implicit operator string(ScratchDirectory d) => d.Path;

    public override string ToString() => Path;

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
