using Workbench.Notebooks.Paper;

namespace Workbench.Notebooks.Tests;

public class PaperTablesTests
{
    static string TablesJson => Path.Combine(Repo.Root, "notebooks", "paper", "tables.json");


    [Fact]
    public void The_shipped_tables_read_with_their_rows_and_columns()
    {
        var tables = PaperTables.Load(TablesJson);
        Assert.Contains("appendix_a_upper_bounds", tables.Names);
        var bounds = tables["appendix_a_upper_bounds"];
        Assert.Equal(6, bounds.Rows.Count);
        // Appendix A of the paper: factor 32 keeps 86.1 mean IU.
        Assert.Equal(86.1, bounds.Value("factor", 32, "mean_iu"));
        var side = bounds.Beside("factor", new object[] { 128, 32 }, new[] { "mean_iu" }, (_, _) => 1.5, "smoke");
        Assert.Equal(new[] { "factor", "mean_iu (paper)", "mean_iu (this run, smoke)" }, side.Header);
        Assert.Equal(50.9, (double) side.Rows[0][1]!);
        Assert.Equal(1.5, (double) side.Rows[1][2]!);
    }

    [Fact]
    public void Unknown_tables_rows_and_columns_are_errors_naming_them()
    {
        var tables = PaperTables.Load(TablesJson);
        Assert.Contains("table9", Assert.Throws<KeyNotFoundException>(() => tables["table9"]).Message);
        var bounds = tables["appendix_a_upper_bounds"];
        Assert.Contains("factor = 3", Assert.Throws<KeyNotFoundException>(() => bounds.Value("factor", 3, "mean_iu")).Message);
        Assert.Contains("'pixel_acc'", Assert.Throws<KeyNotFoundException>(() => bounds.Value("factor", 32, "pixel_acc")).Message);
        Assert.Throws<FileNotFoundException>(() => PaperTables.Load("/nonexistent/tables.json"));
    }
}
