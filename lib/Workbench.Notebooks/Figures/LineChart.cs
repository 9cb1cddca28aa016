using System.Xml.Linq;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// Lines over a shared x axis — loss against iterations or wall time, IU against a factor.
/// Non-finite points break a line rather than end it; <see cref="LogY"/> (and <see cref="LogX"/>) for losses and factors.
/// </summary>
public sealed class LineChart : Figure
{
    public sealed record Series(string Name, double[] X, double[] Y, bool Markers);

    readonly List<Series> series = new();

    public LineChart(string? title = null, string? xLabel = null, string? yLabel = null)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    public string? XLabel { get; set; }
    public string? YLabel { get; set; }
    public bool LogX { get; set; }
    public bool LogY { get; set; }
    public double? YMin { get; set; }
    public double? YMax { get; set; }
    /// <summary>Where the x axis puts its ticks (the data's own values, say), instead of automatic ones.</summary>
    public double[]? XTicks { get; set; }
    public IReadOnlyList<Series> AllSeries => series;

    public LineChart Add(string name, IEnumerable<double> x, IEnumerable<double> y, bool markers = false)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        if (xs.Length != ys.Length) throw new ArgumentException($"series '{name}' has {xs.Length} x values but {ys.Length} y values");
        series.Add(new Series(name, xs, ys, markers));
        return this;
    }

    /// <summary>A series against its index 1, 2, 3, … (iterations).</summary>
    public LineChart Add(string name, IEnumerable<double> y, bool markers = false)
    {
        var ys = y.ToArray();
        return Add(name, Enumerable.Range(1, ys.Length).Select(i => (double) i), ys, markers);
    }

    public override XElement Render()
    {
        var svg = Svg.Root(Width, Height);
        if (Title is not null) svg.Add(TitleElement());
        double left = Frame.Left, right = Width - Frame.Right, top = Frame.Top, bottom = Height - Frame.Bottom;
        var autoX = Axis.For(series.SelectMany(s => s.X), left, right, LogX);
        var x = new Axis(autoX.Min, autoX.Max, left, right, LogX) { Explicit = XTicks };
        var y = Axis.For(series.SelectMany(s => s.Y), bottom, top, LogY, YMin, YMax);
        svg.Add(Frame.YAxis(y, left, right, YLabel));
        svg.Add(Frame.XAxis(x, bottom, top, XLabel, Width));

        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            string color = Palette.Series(i);
            var g = new XElement(Svg.Ns + "g", new XAttribute("class", "series"), new XAttribute("data-name", s.Name));
            var run = new List<(double, double)>();
            void Flush()
            {
                if (run.Count > 1) g.Add(Svg.Polyline(run, color));
                else if (run.Count == 1 && !s.Markers) g.Add(Svg.Circle(run[0].Item1, run[0].Item2, 2.5, color)); // a lone point stays visible
                run.Clear();
            }
            for (int k = 0; k < s.X.Length; k++)
            {
                bool ok = double.IsFinite(s.X[k]) && double.IsFinite(s.Y[k]) && (!LogX || s.X[k] > 0) && (!LogY || s.Y[k] > 0);
                if (!ok) { Flush(); continue; }
                double px = x[s.X[k]], py = Math.Clamp(y[s.Y[k]], top - 5, bottom + 5);
                run.Add((px, py));
                if (s.Markers) g.Add(Svg.Circle(px, py, 3, color));
            }
            Flush();
            svg.Add(g);
        }
        if (series.Count > 0) svg.Add(Frame.Legend(series.Select((s, i) => (s.Name, Palette.Series(i))).ToList(), right, top));
        return svg;
    }

    protected override System.Text.Json.Nodes.JsonObject PlotlyFigure() => PlotlyCharts.Line(this);

    public override string Describe() =>
        $"LineChart '{Title}': " + string.Join(", ", series.Select(s => $"{s.Name} ({s.X.Length} points)"));
}
