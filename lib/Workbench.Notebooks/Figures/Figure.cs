using Workbench.Engine;
using System.Xml.Linq;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// A figure of a notebook. Charts are Plotly charts — plotly.js draws them in a live notebook, and
/// <see cref="ToPlotly"/> gives the Plotly.NET chart to restyle with its API. Every figure is also drawn as SVG by
/// the workbench itself and rasterized to PNG (<see cref="SvgRaster"/>): the static image that shows
/// where no script runs. Plotly.NET's own static export needs a browser engine (Kaleido, Puppeteer),
/// which these machines cannot download, hence this renderer (README, "Figures").
/// </summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Png, MimeTypes.Plain })]
public abstract class Figure : IDisplayable
{
    public string? Title { get; set; }
    public double Width { get; set; } = 640;
    public double Height { get; set; } = 400;

    /// <summary>The figure as an SVG element tree.</summary>
    public abstract XElement Render();

    public string ToSvg() => Svg.ToText(Render());

    /// <summary>The figure as Plotly's figure JSON (data + layout), or null where it has none (an image grid).</summary>
    protected virtual System.Text.Json.Nodes.JsonObject? PlotlyFigure() => null;

    /// <summary>Plotly's figure JSON of this figure, at its size.</summary>
    public string? ToPlotlyJson()
    {
        if (PlotlyFigure() is not { } figure) return null;
        figure["layout"]!["width"] = (int) Math.Round(Width);
        figure["layout"]!["height"] = (int) Math.Round(Height);
        return figure.ToJsonString();
    }

    /// <summary>
    /// The figure as a Plotly.NET chart (restyle it with Plotly.NET's API), or null where it has none.
    /// Needs a host whose FSharp.Core is Plotly.NET's (see <see cref="PlotlyCharts"/>).
    /// </summary>
    public Plotly.NET.GenericChart? ToPlotly() =>
        ToPlotlyJson() is { } json ? PlotlyCharts.ToGenericChart(System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject()) : null;

    /// <summary>The static image: the SVG rasterized, or null (with why) where librsvg is missing.</summary>
    public byte[]? ToPng(out string? problem) => SvgRaster.ToPng(ToSvg(), out problem);

    /// <summary>What the text/plain fallback says.</summary>
    public abstract string Describe();

    public override string ToString() => Describe();

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var bundle = new Dictionary<string, string>();
        var svg = ToSvg();
        var png = SvgRaster.ToPng(svg, out _);
        var plotly = ToPlotlyJson();
        bundle[MimeTypes.Html] = FigureHtml.Compose(png, svg, plotly, Width, Height, Title);
        if (png is not null) bundle[MimeTypes.Png] = Convert.ToBase64String(png);
        else bundle[MimeTypes.Svg] = svg;
        if (plotly is not null) bundle[MimeTypes.Plotly] = plotly;
        bundle[MimeTypes.Plain] = Describe();
        return bundle;
    }

    /// <summary>Writes the SVG to a file (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    internal XElement TitleElement() =>
        Svg.Text(Width / 2, 22, Title ?? "", "middle", 15, bold: true);
}
