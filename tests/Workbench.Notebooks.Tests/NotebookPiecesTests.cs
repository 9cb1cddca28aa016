using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Analysis;
using Workbench.Notebooks.Display;
using Workbench.Notebooks.Paper;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Scales;

namespace Workbench.Notebooks.Tests;

/// <summary>The pieces the notebooks share: scales, loss smoothing, timing, the verdict, the paper's rows beside ours.</summary>
public class NotebookPiecesTests
{
    [Fact]
    public void Smoothing_is_the_trailing_mean_of_its_window()
    {
        Prop.ForAll(Gen.Choose(-1000, 1000).Select(v => v / 10.0).ArrayOf().ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (values, windows) =>
        {
            var smoothed = LossSmoothing.Trailing(values, windows);
            int w = Math.Max(1, values.Length / windows);
            return smoothed.Length == values.Length && smoothed.Select((s, i) =>
                Math.Abs(s - values.Skip(Math.Max(0, i - w + 1)).Take(Math.Min(w, i + 1)).Average()) < 1e-9).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_divergence_stays_visible_for_one_window_and_then_the_curve_recovers()
    {
        var v = Enumerable.Repeat(1.0, 40).ToArray();
        v[10] = double.NaN;
        var s = LossSmoothing.Trailing(v, windows: 10);   // window 4
        Assert.Equal(1.0, s[9]);
        Assert.All(s[10..14], x => Assert.True(double.IsNaN(x)));
        Assert.Equal(1.0, s[14]);
    }

    [Fact]
    public void Timing_warms_up_once_and_reports_the_median()
    {
        int calls = 0;
        var ms = Timing.MedianMs(() => { calls++; Thread.Sleep(calls == 1 ? 200 : calls == 2 ? 1 : 20); }, repeats: 3);
        Assert.Equal(4, calls);
        Assert.InRange(ms, 19, 199);   // the median of 1, 20, 20 ms is a 20 ms run; the 200 ms warm-up is not counted
        calls = 0;
        Timing.MedianMs(() => calls++, repeats: 2, warmUp: false);
        Assert.Equal(2, calls);
        Assert.Throws<ArgumentOutOfRangeException>(() => Timing.MedianMs(() => { }, repeats: 0));
    }

    [Fact]
    public void A_scale_is_one_of_three_and_picks_its_value()
    {
        Assert.Equal(2, Scale.Parse("small").Pick(1, 2, 3));
        Assert.True(Scale.Parse("paper").IsPaper);
        var e = Assert.Throws<ArgumentException>(() => Scale.Parse("huge"));
        Assert.Contains("smoke, small, paper", e.Message);
        Assert.Contains("'huge'", e.Message);
        foreach (var name in Scale.Names)
        {
            var s = Scale.Parse(name);
            foreach (var preset in new[] { Presets.Backbones(s), Presets.Skips(s), Presets.LossSampling(s), Presets.Nyud(s), Presets.SiftFlow(s) })
            {
                Assert.InRange(preset.NetWidth, 1.0 / 32, 1.0);
                Assert.True(preset.Updates > 0 && preset.LearningRate > 0 && preset.Height >= 60);
                Assert.Equal(s.IsPaper, preset.TrainImages == 0);
            }
        }
    }

    [Fact]
    public void Findings_say_shown_not_shown_or_undecided_and_go_into_the_results()
    {
        var shows = new Findings("small").Add("a < b", true, "1 < 2").Add("c", false, "no").Add("d <script>", null, "smoke");
        var results = new NotebookResults();
        shows.RecordTo(results);
        var json = results.ToJsonObject();
        Assert.Equal("shown", (string?) json["finding_1.verdict"]);
        Assert.Equal("not shown", (string?) json["finding_2.verdict"]);
        Assert.Equal("undecided", (string?) json["finding_3.verdict"]);
        Assert.Equal("1 < 2", (string?) json["finding_1.evidence"]);
        var html = shows.ToMimeBundle()[MimeTypes.Html];
        Assert.Contains("d &lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("- not shown: c: no", shows.ToString());
    }

    [Fact]
    public void The_papers_rows_come_first_then_this_runs_with_empty_cells_as_dashes()
    {
        var tables = PaperTables.Load(Path.Combine(Repo.Root, "notebooks", "paper", "tables.json"));
        var columns = new[] { ("mean_acc", "mean acc."), ("mean_iu", "mean IU") };
        var table = tables["table4_nyudv2"].WithRuns("model", columns, new[] { ("RGB", new[] { 12.5, 6.25 }) }, "smoke");
        Assert.Equal(new[] { "", "mean acc.", "mean IU" }, table.Header);
        Assert.Equal("paper: Gupta et al.", table.Rows[0][0]);
        Assert.Equal("—", table.Format(table.Rows[0][1]));   // the paper gives no mean accuracy for Gupta et al.
        Assert.Equal(28.6, (double) table.Rows[0][2]!);
        Assert.Equal("this run: RGB", table.Rows[^1][0]);
        Assert.Equal(6.25, (double) table.Rows[^1][2]!);
        Assert.EndsWith("this run: smoke", table.Caption);
        Assert.Throws<ArgumentException>(() => tables["table4_nyudv2"].WithRuns("model", columns, new[] { ("x", new[] { 1.0 }) }, "smoke"));
    }
}
