using System.Globalization;
using System.Net;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// A figure's HTML output: its static image, which shows wherever no script runs (`jupyter nbconvert
/// --to html`, GitHub, a PDF), and — where a script may run and plotly.js can be loaded (require.js in
/// Jupyter, else a script tag) — the interactive Plotly chart drawn over it, the image then hidden.
/// </summary>
internal static class FigureHtml
{
    const string PlotlyCdn = "https://cdn.plot.ly/plotly-2.28.0.min";   // the version Plotly.NET 6.0 embeds

    internal static string Compose(byte[]? png, string svg, string? plotlyFigureJson, double width, double height, string? title)
    {
        var id = "wb-figure-" + Guid.NewGuid().ToString("N")[..12];
        var alt = WebUtility.HtmlEncode(title ?? "figure");
        var src = png is not null
            ? "data:image/png;base64," + Convert.ToBase64String(png)
            : "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
        var w = ((int) Math.Round(width)).ToString(CultureInfo.InvariantCulture);
        var h = ((int) Math.Round(height)).ToString(CultureInfo.InvariantCulture);
        var html = $"<div class=\"workbench-figure\" id=\"{id}\"><img src=\"{src}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\"/></div>";
        if (plotlyFigureJson is null) return html;
        return html + $$"""
            <script type="text/javascript">
            (function () {
              var box = document.getElementById("{{id}}"), figure = {{plotlyFigureJson}};
              function draw(Plotly) {
                var div = document.createElement("div");
                box.appendChild(div);
                Plotly.newPlot(div, figure.data, figure.layout).then(function () { box.querySelector("img").style.display = "none"; });
              }
              if (window.Plotly) draw(window.Plotly);
              else if (typeof require === "function" && require.config) {
                require.config({ paths: { plotly: "{{PlotlyCdn}}" } });
                require(["plotly"], draw, function () {});
              } else {
                var s = document.createElement("script");
                s.src = "{{PlotlyCdn}}.js";
                s.onload = function () { draw(window.Plotly); };
                document.head.appendChild(s);
              }
            })();
            </script>
            """;
    }
}
