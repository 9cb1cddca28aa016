using System.Globalization;
using System.Xml.Linq;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// A matrix in colour — a confusion matrix with ground truth as rows and predictions as columns —
/// with row and column labels, a colour scale, and the values written in the cells when they fit.
/// </summary>
public sealed class Heatmap : Figure
{
    public Heatmap(double[,] values, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null, string? title = null)
    {
        Values = values;
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0) throw new ArgumentException("a heatmap needs at least one row and one column", nameof(values));
        RowLabels = rowLabels ?? Enumerable.Range(0, rows).Select(i => i.ToString()).ToArray();
        ColumnLabels = columnLabels ?? Enumerable.Range(0, cols).Select(i => i.ToString()).ToArray();
        if (RowLabels.Count != rows) throw new ArgumentException($"{RowLabels.Count} row labels for {rows} rows", nameof(rowLabels));
        if (ColumnLabels.Count != cols) throw new ArgumentException($"{ColumnLabels.Count} column labels for {cols} columns", nameof(columnLabels));
        Title = title;
        double labelRoom = 12 + 6 * Math.Max(RowLabels.Max(l => l.Length), ColumnLabels.Max(l => l.Length));
        double cell = Math.Clamp(420 / Math.Max(rows, cols), 8, 40);
        Width = labelRoom + cell * cols + 110;
        Height = labelRoom + cell * rows + 60;
    }

    /// <summary>A confusion matrix (rows: ground truth, columns: prediction), each row normalised to sum 1.</summary>
    public static Heatmap Confusion(long[,] counts, IReadOnlyList<string>? classNames = null, string? title = null, bool normalizeRows = true)
    {
        int n = counts.GetLength(0);
        if (counts.GetLength(1) != n) throw new ArgumentException($"a confusion matrix is square, not {n}x{counts.GetLength(1)}", nameof(counts));
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double total = 0;
            for (int j = 0; j < n; j++) total += counts[i, j];
            for (int j = 0; j < n; j++) values[i, j] = normalizeRows ? (total > 0 ? counts[i, j] / total : double.NaN) : counts[i, j];
        }
        return new Heatmap(values, classNames, classNames, title)
        {
            RowAxisLabel = "ground truth",
            ColumnAxisLabel = "prediction",
            Min = 0,
            Max = normalizeRows ? 1 : null,
        };
    }

    public double[,] Values { get; }
    public IReadOnlyList<string> RowLabels { get; }
    public IReadOnlyList<string> ColumnLabels { get; }
    public string? RowAxisLabel { get; set; }
    public string? ColumnAxisLabel { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
    public string ValueFormat { get; set; } = "0.00";

    public override XElement Render()
    {
        int rows = Values.GetLength(0), cols = Values.GetLength(1);
        var finite = Values.Cast<double>().Where(double.IsFinite).ToList();
        double lo = Min ?? (finite.Count > 0 ? finite.Min() : 0), hi = Max ?? (finite.Count > 0 ? finite.Max() : 1);
        if (!(hi > lo)) hi = lo + 1;
        double T(double v) => (v - lo) / (hi - lo);

        double labelRoom = 12 + 6 * Math.Max(RowLabels.Max(l => l.Length), ColumnLabels.Max(l => l.Length));
        double cell = Math.Min((Width - labelRoom - 110) / cols, (Height - labelRoom - 60) / rows);
        double x0 = labelRoom + 20, y0 = labelRoom + 35;
        var svg = Svg.Root(Width, Height);
        if (Title is not null) svg.Add(TitleElement());
        bool writeValues = cell >= 26;
        for (int i = 0; i < rows; i++)
        {
            svg.Add(Svg.Text(x0 - 5, y0 + cell * (i + 0.5) + 4, RowLabels[i], "end", 11));
            for (int j = 0; j < cols; j++)
            {
                double v = Values[i, j];
                var rect = Svg.Rect(x0 + cell * j, y0 + cell * i, cell, cell, Palette.Sequential(T(v)));
                rect.Add(new XElement(Svg.Ns + "title", $"{RowLabels[i]} → {ColumnLabels[j]}: {v.ToString(ValueFormat, CultureInfo.InvariantCulture)}"));
                svg.Add(rect);
                if (writeValues && double.IsFinite(v))
                    svg.Add(Svg.Text(x0 + cell * (j + 0.5), y0 + cell * (i + 0.5) + 4, v.ToString(ValueFormat, CultureInfo.InvariantCulture), "middle", 9, fill: Palette.TextOn(T(v))));
            }
        }
        for (int j = 0; j < cols; j++)
            svg.Add(Svg.Text(x0 + cell * (j + 0.5) + 4, y0 - 5, ColumnLabels[j], "start", 11, rotate: -60));
        if (RowAxisLabel is not null) svg.Add(Svg.Text(14, y0 + cell * rows / 2, RowAxisLabel, "middle", 12, rotate: -90));
        if (ColumnAxisLabel is not null) svg.Add(Svg.Text(x0 + cell * cols / 2, Height - 12, ColumnAxisLabel, "middle", 12));

        // The colour scale: a column of thin bands from hi (top) to lo (bottom).
        double sx = x0 + cell * cols + 25, sh = cell * rows, bands = 50;
        for (int k = 0; k < bands; k++)
            svg.Add(Svg.Rect(sx, y0 + sh * k / bands, 16, sh / bands + 0.5, Palette.Sequential(1 - (k + 0.5) / bands)));
        svg.Add(Svg.Rect(sx, y0, 16, sh, "none", "#444"));
        foreach (var t in Ticks.Linear(lo, hi, 5))
            svg.Add(Svg.Text(sx + 21, y0 + sh * (1 - T(t)) + 4, Ticks.Label(t), size: 10));
        return svg;
    }

    protected override System.Text.Json.Nodes.JsonObject PlotlyFigure() => PlotlyCharts.Heat(this);

    public override string Describe() => $"Heatmap '{Title}': {Values.GetLength(0)}x{Values.GetLength(1)}";
}
