using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace Workbench.Notebooks.Figures;

/// <summary>The workbench's charts as Plotly.NET charts: traces by Plotly.NET.CSharp, layout by property.</summary>
internal static class PlotlyCharts
{
    internal static GenericChart Line(LineChart c)
    {
        var traces = c.AllSeries.Select(s =>
        {
            // Plotly.NET writes NaN as a bare token, which is not JSON; a missing point leaves a gap anyway.
            var points = s.X.Zip(s.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            return PlotlyChart.Line<double, double, string>(x: points.Select(p => p.First).ToArray(), y: points.Select(p => p.Second).ToArray(),
                Name: s.Name, ShowMarkers: s.Markers);
        }).ToList();
        var chart = traces.Count == 0 ? PlotlyChart.Line<double, double, string>(x: Array.Empty<double>(), y: Array.Empty<double>()) : PlotlyChart.Combine(traces);
        return Layout(chart, c.Title, Axis(c.XLabel, c.LogX), Axis(c.YLabel, c.LogY));
    }

    internal static GenericChart Bar(BarChart c)
    {
        var traces = c.AllSeries.Select(s => PlotlyChart.Column<double, string, string>(
            values: s.Values.Select(v => double.IsFinite(v) ? v : 0).ToArray(), Keys: c.Categories.ToArray(), Name: s.Name)).ToList();
        var chart = PlotlyChart.Combine(traces);
        var layout = Layout(chart, c.Title, Axis(null, false), Axis(c.YLabel, false));
        GenericChart.getLayout(layout).SetProperty("barmode", "group");
        return layout;
    }

    internal static GenericChart Heat(Heatmap h)
    {
        int rows = h.Values.GetLength(0), cols = h.Values.GetLength(1);
        var z = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, cols).Select(k => h.Values[r, k]).ToArray()).ToArray();
        var chart = PlotlyChart.Heatmap<double, string, string, string>(zData: z, X: h.ColumnLabels.ToArray(), Y: h.RowLabels.ToArray());
        var result = Layout(chart, h.Title, Axis(null, false), Axis(null, false));
        ((Dictionary<string, object>) GenericChart.getLayout(result).GetPropertyValue("yaxis"))["autorange"] = "reversed";
        return result;
    }

    internal static GenericChart Sized(GenericChart chart, double width, double height)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("width", (int) Math.Round(width));
        layout.SetProperty("height", (int) Math.Round(height));
        return GenericChart.setLayout(layout, chart);
    }

    static Dictionary<string, object> Axis(string? label, bool log)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = label ?? "" } };
        if (log) axis["type"] = "log";
        return axis;
    }

    static GenericChart Layout(GenericChart chart, string? title, Dictionary<string, object> x, Dictionary<string, object> y)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title ?? "" });
        layout.SetProperty("xaxis", x);
        layout.SetProperty("yaxis", y);
        return GenericChart.setLayout(layout, chart);
    }
}
