using System.Xml.Linq;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// Rows of images under column titles — image, ground truth, the predictions of several models —
/// with an optional legend of class colours (only the classes given, so it stays short).
/// </summary>
public sealed class ImageGrid : Figure
{
    readonly List<(string? Label, RgbImage[] Images)> rows = new();

    public ImageGrid(IEnumerable<string> columnTitles, string? title = null)
    {
        ColumnTitles = columnTitles.ToArray();
        if (ColumnTitles.Count == 0) throw new ArgumentException("an image grid needs at least one column", nameof(columnTitles));
        Title = title;
    }

    public IReadOnlyList<string> ColumnTitles { get; }
    /// <summary>The longer side of each image in the grid, in pixels.</summary>
    public double CellSize { get; set; } = 160;
    public ClassPalette? Legend { get; set; }
    /// <summary>Which classes the legend lists (all of the palette's named ones when null).</summary>
    public IReadOnlyList<int>? LegendClasses { get; set; }

    public ImageGrid AddRow(string? label, params RgbImage[] images)
    {
        if (images.Length != ColumnTitles.Count)
            throw new ArgumentException($"a row of this grid has {ColumnTitles.Count} images ({string.Join(", ", ColumnTitles)}), not {images.Length}", nameof(images));
        rows.Add((label, images));
        return this;
    }

    public override XElement Render()
    {
        const double gap = 8, rowLabelRoom = 0;
        double top = Title is null ? 10 : 36, titleRoom = 18;
        double cw = CellSize, ch = CellSize;
        if (rows.Count > 0)
        {
            // Cells take the aspect ratio of the first image, so typical 500x375 photos are not squeezed.
            var first = rows[0].Images[0];
            if (first.Width >= first.Height) ch = CellSize * first.Height / first.Width;
            else cw = CellSize * first.Width / first.Height;
        }
        var legendEntries = LegendEntries();
        double legendHeight = legendEntries.Count == 0 ? 0 : 12 + 18 * Math.Ceiling(legendEntries.Count / 4.0);
        Width = rowLabelRoom + gap + ColumnTitles.Count * (cw + gap);
        Width = Math.Max(Width, legendEntries.Count == 0 ? 0 : 4 * 140 + 2 * gap);
        Height = top + titleRoom + rows.Sum(r => ch + gap + (r.Label is null ? 0 : 16)) + legendHeight + gap;

        var svg = Svg.Root(Width, Height);
        if (Title is not null) svg.Add(TitleElement());
        for (int c = 0; c < ColumnTitles.Count; c++)
            svg.Add(Svg.Text(gap + c * (cw + gap) + cw / 2, top + 12, ColumnTitles[c], "middle", 12, bold: true));
        double y = top + titleRoom;
        foreach (var (label, images) in rows)
        {
            if (label is not null)
            {
                svg.Add(Svg.Text(gap, y + 12, label, size: 11, fill: "#555"));
                y += 16;
            }
            for (int c = 0; c < images.Length; c++)
            {
                double x = gap + c * (cw + gap);
                svg.Add(Svg.Image(x, y, cw, ch, images[c].ToPng()));
                svg.Add(Svg.Rect(x, y, cw, ch, "none", "#bbb"));
            }
            y += ch + gap;
        }
        for (int i = 0; i < legendEntries.Count; i++)
        {
            double lx = gap + (i % 4) * 140, ly = y + 6 + 18 * (i / 4);
            svg.Add(Svg.Rect(lx, ly, 14, 12, ClassPalette.Hex(legendEntries[i].Color), "#888"));
            svg.Add(Svg.Text(lx + 19, ly + 10, legendEntries[i].Name, size: 11));
        }
        return svg;
    }

    List<(string Name, (byte, byte, byte) Color)> LegendEntries()
    {
        if (Legend is null) return new();
        var classes = LegendClasses ?? Enumerable.Range(0, Legend.Names.Count).ToArray();
        return classes.Select(k => (k >= 0 && k < Legend.Names.Count ? Legend.Names[k] : k.ToString(), Legend[k])).ToList();
    }

    public override string Describe() =>
        $"ImageGrid '{Title}': {rows.Count} rows x {ColumnTitles.Count} columns ({string.Join(", ", ColumnTitles)})";
}
