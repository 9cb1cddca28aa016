namespace Workbench.Notebooks.Tests;

/// <summary>The repository the tests run from (the folder holding Workbench.sln).</summary>
static class Repo
{
    public static readonly string Root = TestRepo.Root;
}
