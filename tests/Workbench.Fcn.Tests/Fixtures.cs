namespace Workbench.Fcn.Tests;

/// <summary>The repository's committed fixtures (tests/fixtures).</summary>
internal static class Fixtures
{
    public static readonly string Root = TestRepo.Fixtures();
}
