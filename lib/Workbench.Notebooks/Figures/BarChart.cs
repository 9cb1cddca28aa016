using System.Xml.Linq;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// Bars per category — per-class IU, with one bar per series (model) in each group.
/// NaN values (a class absent from both ground truth and prediction) leave a gap.
/// </summary>
public sealed class BarChart : Figure
{
    readonly List<(string Name, double[] Values)> series = new();

    public BarChart(IEnumerable<string> categories, string? title = null, string? yLabel = null)
    {
        Categories = categories.ToArray();
        if (Categories.Count == 0) throw new ArgumentException("a bar chart needs at least one category", nameof(categories));
        Title = title;
        YLabel = yLabel;
        Width = Math.Max(480, 110 + 30 * Categories.Count);
    }

    public IReadOnlyList<string> Categories { get; }
    public string? YLabel { get; set; }
    public double? YMax { get; set; }

    public BarChart Add(string name, IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length != Categories.Count) throw new ArgumentException($"series '{name}' has {v.Length} values for {Categories.Count} categories");
        series.Add((name, v));
        return this;
    }

    public override XElement Render()
    {
        var svg = Svg.Root(Width, Height);
        if (Title is not null) svg.Add(TitleElement());
        // Long class names are written at 45°, so leave room below.
        double labelRoom = Math.Min(110, 12 + 5.5 * Categories.Max(c => c.Length));
        double left = Frame.Left, right = Width - Frame.Right, top = Frame.Top, bottom = Height - labelRoom - 10;
        var values = series.SelectMany(s => s.Values).Append(0);
        var y = Axis.For(values, bottom, top, log: false, min: Math.Min(0, values.Where(double.IsFinite).Min()), max: YMax);
        svg.Add(Frame.YAxis(y, left, right, YLabel));
        svg.Add(Svg.Line(left, y[0], right, y[0], "#444"));

        double group = (right - left) / Categories.Count;
        double bar = group * 0.8 / Math.Max(1, series.Count);
        for (int c = 0; c < Categories.Count; c++)
        {
            double gx = left + group * c + group * 0.1;
            for (int s = 0; s < series.Count; s++)
            {
                double v = series[s].Values[c];
                if (!double.IsFinite(v)) continue;
                double y0 = y[0], y1 = y[v];
                var rect = Svg.Rect(gx + bar * s, Math.Min(y0, y1), bar * 0.95, Math.Abs(y1 - y0), Palette.Series(s));
                rect.Add(new XElement(Svg.Ns + "title", $"{series[s].Name} · {Categories[c]}: {Ticks.Label(v)}"));
                svg.Add(rect);
            }
            double cx = left + group * (c + 0.5);
            svg.Add(Svg.Text(cx, bottom + 14, Categories[c], "end", 11, rotate: -45));
        }
        if (series.Count > 1 || (series.Count == 1 && series[0].Name.Length > 0))
            svg.Add(Frame.Legend(series.Select((s, i) => (s.Name, Palette.Series(i))).ToList(), right, top));
        return svg;
    }

    public IReadOnlyList<(string Name, double[] Values)> AllSeries => series;

    protected override System.Text.Json.Nodes.JsonObject PlotlyFigure() => PlotlyCharts.Bar(this);

    public override string Describe() =>
        $"BarChart '{Title}': {Categories.Count} categories, series " + string.Join(", ", series.Select(s => s.Name));
}
