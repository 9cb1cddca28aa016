namespace Workbench.Notebooks.Tests;

/// <summary>The repository the tests run from (the folder holding Workbench.sln).</summary>
static class Repo
{
    public static readonly string Root = Find();

    static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Workbench.sln not found above " + AppContext.BaseDirectory);
    }
}
