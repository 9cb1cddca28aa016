namespace Workbench.Testing;

/// <summary>
/// The repository the tests run from — the folder holding Workbench.sln, found once above the test
/// assembly — and its committed fixtures. Compiled into every test project (tests/Directory.Build.props),
/// so there is one walk up the folders, not one per project.
/// </summary>
internal static class TestRepo
{
    public static readonly string Root = Find();

    static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Workbench.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>tests/fixtures, or a folder in it; it must exist (the fixtures are committed).</summary>
    public static string Fixtures(params string[] parts)
    {
        var path = Path.Combine([Root, "tests", "fixtures", .. parts]);
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path} not found: the committed fixtures are missing from this checkout");
        return path;
    }

    /// <summary>The built `workbench` executable of the configuration these tests were built in.</summary>
    public static string Cli
    {
        get
        {
            var config = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var exe = Path.Combine(Root, "artifacts", "bin", "Workbench.Cli", config, "workbench");
            if (!File.Exists(exe)) throw new FileNotFoundException($"the built CLI is not at {exe}: build the solution first (make build)", exe);
            return exe;
        }
    }
}
