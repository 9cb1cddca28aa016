using Workbench.Engine;
using System.Xml.Linq;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// A figure drawn as SVG by our own code: visible in every frontend (GitHub included) without scripts.
/// Charts that have one also give a Plotly description for interactive frontends.
/// </summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Plain })]
public abstract class Figure : IDisplayable
{
    public string? Title { get; set; }
    public double Width { get; set; } = 640;
    public double Height { get; set; } = 400;

    /// <summary>The figure as an SVG element tree.</summary>
    public abstract XElement Render();

    public string ToSvg() => Svg.ToText(Render());

    /// <summary>Plotly JSON (data + layout), or null where the figure has none.</summary>
    public virtual string? ToPlotlyJson() => null;

    /// <summary>What the text/plain fallback says.</summary>
    public abstract string Describe();

    public override string ToString() => Describe();

    public IReadOnlyDictionary<string, string> ToMimeBundle()
    {
        var bundle = new Dictionary<string, string>();
        if (ToPlotlyJson() is { } plotly) bundle[MimeTypes.Plotly] = plotly;
        bundle[MimeTypes.Svg] = ToSvg();
        bundle[MimeTypes.Plain] = Describe();
        return bundle;
    }

    /// <summary>Writes the SVG to a file (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    internal XElement TitleElement() =>
        Svg.Text(Width / 2, 22, Title ?? "", "middle", 15, bold: true);
}
