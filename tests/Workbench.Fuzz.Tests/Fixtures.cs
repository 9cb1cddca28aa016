namespace Workbench.Fuzz.Tests;

/// <summary>The committed fixtures (tests/fixtures), the seeds the mutations start from.</summary>
internal static class Fixtures
{
    public static readonly string Root = TestRepo.Fixtures();

    /// <summary>Every file under tests/fixtures whose name ends with one of the suffixes (recursively), sorted.</summary>
    public static List<byte[]> Files(params string[] suffixes) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => suffixes.Any(s => f.EndsWith(s, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToList();
}
