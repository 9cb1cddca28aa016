using System.Xml.Linq;

namespace Workbench.Notebooks.Figures;

/// <summary>The plot area of a chart: grid, ticks, tick labels and axis titles.</summary>
internal static class Frame
{
    internal const double Left = 70, Right = 20, Top = 40, Bottom = 55;

    internal static IEnumerable<XElement> YAxis(Axis y, double left, double right, string? label)
    {
        foreach (var t in y.Ticks())
        {
            double py = y[t];
            yield return Svg.Line(left, py, right, py, "#e5e5e5");
            yield return Svg.Line(left - 4, py, left, py, "#444");
            yield return Svg.Text(left - 7, py + 4, Ticks.Label(t), "end", 11);
        }
        yield return Svg.Line(left, y.PixelStart, left, y.PixelEnd, "#444");
        if (label is not null)
            yield return Svg.Text(16, (y.PixelStart + y.PixelEnd) / 2, label, "middle", 12, rotate: -90);
    }

    internal static IEnumerable<XElement> XAxis(Axis x, double bottom, double top, string? label, double width)
    {
        foreach (var t in x.Ticks())
        {
            double px = x[t];
            yield return Svg.Line(px, bottom, px, top, "#f0f0f0");
            yield return Svg.Line(px, bottom, px, bottom + 4, "#444");
            yield return Svg.Text(px, bottom + 17, Ticks.Label(t), "middle", 11);
        }
        yield return Svg.Line(x.PixelStart, bottom, x.PixelEnd, bottom, "#444");
        if (label is not null)
            yield return Svg.Text((x.PixelStart + x.PixelEnd) / 2, bottom + 38, label, "middle", 12);
    }

    /// <summary>A legend box in the top-right corner of the plot area.</summary>
    internal static XElement Legend(IReadOnlyList<(string Name, string Color)> entries, double right, double top)
    {
        double width = 30 + 7 * entries.Max(e => e.Name.Length);
        var g = new XElement(Svg.Ns + "g", new XAttribute("class", "legend"));
        g.Add(Svg.Rect(right - width - 8, top + 6, width, 8 + 17 * entries.Count, "white", "#ccc"));
        for (int i = 0; i < entries.Count; i++)
        {
            double y = top + 20 + 17 * i;
            g.Add(Svg.Rect(right - width - 2, y - 9, 14, 10, entries[i].Color));
            g.Add(Svg.Text(right - width + 17, y, entries[i].Name, size: 11));
        }
        return g;
    }
}
