using System.Globalization;
using System.Xml.Linq;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// Builds SVG through System.Xml.Linq, so every figure is well-formed XML with its text escaped.
/// </summary>
internal static class Svg
{
    internal static readonly XNamespace Ns = "http://www.w3.org/2000/svg";
    internal static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    internal static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    internal static XElement Root(double width, double height) =>
        new(Ns + "svg",
            new XAttribute(XNamespace.Xmlns + "xlink", XLink.NamespaceName),
            new XAttribute("width", N(width)), new XAttribute("height", N(height)),
            new XAttribute("viewBox", $"0 0 {N(width)} {N(height)}"),
            new XAttribute("font-family", "Helvetica, Arial, sans-serif"), new XAttribute("font-size", "12"),
            Rect(0, 0, width, height, "white"));

    internal static XElement Rect(double x, double y, double w, double h, string fill, string? stroke = null)
    {
        var e = new XElement(Ns + "rect", new XAttribute("x", N(x)), new XAttribute("y", N(y)),
            new XAttribute("width", N(Math.Max(0, w))), new XAttribute("height", N(Math.Max(0, h))), new XAttribute("fill", fill));
        if (stroke is not null) e.Add(new XAttribute("stroke", stroke));
        return e;
    }

    internal static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        var e = new XElement(Ns + "line", new XAttribute("x1", N(x1)), new XAttribute("y1", N(y1)),
            new XAttribute("x2", N(x2)), new XAttribute("y2", N(y2)), new XAttribute("stroke", stroke),
            new XAttribute("stroke-width", N(width)));
        if (dash is not null) e.Add(new XAttribute("stroke-dasharray", dash));
        return e;
    }

    internal static XElement Text(double x, double y, string text, string anchor = "start", double size = 12,
                                  double rotate = 0, string fill = "#222", string baseline = "auto", bool bold = false)
    {
        var e = new XElement(Ns + "text", new XAttribute("x", N(x)), new XAttribute("y", N(y)),
            new XAttribute("text-anchor", anchor), new XAttribute("font-size", N(size)), new XAttribute("fill", fill), text);
        if (baseline != "auto") e.Add(new XAttribute("dominant-baseline", baseline));
        if (rotate != 0) e.Add(new XAttribute("transform", $"rotate({N(rotate)} {N(x)} {N(y)})"));
        if (bold) e.Add(new XAttribute("font-weight", "bold"));
        return e;
    }

    internal static XElement Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5) =>
        new(Ns + "polyline", new XAttribute("fill", "none"), new XAttribute("stroke", stroke),
            new XAttribute("stroke-width", N(width)), new XAttribute("stroke-linejoin", "round"),
            new XAttribute("points", string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"))));

    internal static XElement Circle(double x, double y, double r, string fill) =>
        new(Ns + "circle", new XAttribute("cx", N(x)), new XAttribute("cy", N(y)), new XAttribute("r", N(r)), new XAttribute("fill", fill));

    internal static XElement Image(double x, double y, double w, double h, byte[] png)
    {
        var uri = "data:image/png;base64," + Convert.ToBase64String(png);
        // Both spellings: SVG 2 reads href, older renderers read xlink:href.
        return new XElement(Ns + "image", new XAttribute("x", N(x)), new XAttribute("y", N(y)),
            new XAttribute("width", N(w)), new XAttribute("height", N(h)),
            new XAttribute("preserveAspectRatio", "none"), new XAttribute("image-rendering", "pixelated"),
            new XAttribute("href", uri), new XAttribute(XLink + "href", uri));
    }

    internal static string ToText(XElement root) => root.ToString(SaveOptions.DisableFormatting);
}
