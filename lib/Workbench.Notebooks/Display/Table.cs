using System.Globalization;
using System.Net;
using System.Text;

namespace Workbench.Notebooks.Display;

/// <summary>
/// A table (a header and rows) shown as HTML and Markdown — e.g. the paper's numbers beside this run's.
/// Numbers are written with <see cref="NumberFormat"/>; NaN shows as "—" (a class that never occurred).
/// </summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Plain })]
public sealed class Table : IDisplayable
{
    readonly List<object?[]> rows = new();

    public Table(params string[] header)
    {
        if (header.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(header));
        Header = header;
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<IReadOnlyList<object?>> Rows => rows;
    public string? Caption { get; set; }
    public string NumberFormat { get; set; } = "0.0##";

    public Table Add(params object?[] row)
    {
        if (row.Length != Header.Count)
            throw new ArgumentException($"a row of this table has {Header.Count} cells ({string.Join(", ", Header)}), not {row.Length}", nameof(row));
        rows.Add(row);
        return this;
    }

    public string Format(object? cell) => cell switch
    {
        null => "",
        double d when double.IsNaN(d) => "—",
        float f when float.IsNaN(f) => "—",
        // Tiny differences (1e-7) would print as "0" in a fixed format: they get an exponent instead.
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.##E+0", CultureInfo.InvariantCulture),
        float f when f != 0 && Math.Abs(f) < 1e-3 => f.ToString("0.##E+0", CultureInfo.InvariantCulture),
        double d => d.ToString(NumberFormat, CultureInfo.InvariantCulture),
        float f => f.ToString(NumberFormat, CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    static bool IsNumber(object? cell) => cell is double or float or int or long or decimal or short or byte;

    public string ToHtml()
    {
        var html = new StringBuilder("<table>");
        if (Caption is not null) html.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var h in Header) html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append(IsNumber(cell) ? "<td style=\"text-align:right\">" : "<td>")
                    .Append(WebUtility.HtmlEncode(Format(cell))).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        if (Caption is not null) md.Append(EscapeMarkdown(Caption)).Append("\n\n");
        md.Append("| ").Append(string.Join(" | ", Header.Select(EscapeMarkdown))).Append(" |\n");
        md.Append('|').Append(string.Join("|", Header.Select((_, i) => rows.Count > 0 && IsNumber(rows[0][i]) ? "---:" : "---"))).Append("|\n");
        foreach (var row in rows)
            md.Append("| ").Append(string.Join(" | ", row.Select(c => EscapeMarkdown(Format(c))))).Append(" |\n");
        return md.ToString();
    }

    /// <summary>Fixed-width text, for terminals and the <c>text/plain</c> fallback.</summary>
    public override string ToString()
    {
        var cells = rows.Select(r => r.Select(Format).ToArray()).ToList();
        var widths = Header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        if (Caption is not null) text.Append(Caption).Append('\n');
        text.Append(string.Join("  ", Header.Select((h, i) => h.PadRight(widths[i])))).Append('\n');
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var (row, raw) in cells.Zip(rows))
            text.Append(string.Join("  ", row.Select((c, i) => IsNumber(raw[i]) ? c.PadLeft(widths[i]) : c.PadRight(widths[i])))).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    static string EscapeMarkdown(string s) => s.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\n", " ");

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Html] = ToHtml(),
        [MimeTypes.Markdown] = ToMarkdown(),
        [MimeTypes.Plain] = ToString(),
    };
}
