namespace Workbench.Fuzz.Tests;

/// <summary>The committed fixtures (tests/fixtures), the seeds the mutations start from.</summary>
internal static class Fixtures
{
    public static readonly string Root = Find();

    static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "fixtures");
            if (Directory.Exists(Path.Combine(candidate, "hostile"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every file under tests/fixtures whose name ends with one of the suffixes (recursively), sorted.</summary>
    public static List<byte[]> Files(params string[] suffixes) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => suffixes.Any(s => f.EndsWith(s, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToList();
}
