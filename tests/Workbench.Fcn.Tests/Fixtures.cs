namespace Workbench.Fcn.Tests;

/// <summary>The repository's committed fixtures (tests/fixtures).</summary>
internal static class Fixtures
{
    public static readonly string Root = Find();

    static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "fixtures");
            if (Directory.Exists(Path.Combine(candidate, "reference"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
    }
}
