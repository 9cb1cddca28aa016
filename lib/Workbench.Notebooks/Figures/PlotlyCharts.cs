using System.Text.Json.Nodes;
using Plotly.NET;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// The workbench's charts as Plotly figures. Each chart describes itself once, as Plotly's figure JSON
/// (data + layout), which its HTML output hands to plotly.js; <see cref="ToGenericChart"/> turns the same
/// description into a Plotly.NET chart for users who restyle it with Plotly.NET's API. Display does not
/// go through Plotly.NET: Plotly.NET 6.0 needs FSharp.Core 10.1, and the .NET Interactive kernel
/// 1.0.712001 runs its own FSharp.Core 10.0, under which Plotly.NET's start-up fails.
/// </summary>
internal static class PlotlyCharts
{
    internal static JsonObject Line(LineChart c)
    {
        var data = new JsonArray();
        foreach (var s in c.AllSeries)
            data.Add(new JsonObject
            {
                ["type"] = "scatter", ["mode"] = s.Markers ? "lines+markers" : "lines", ["name"] = s.Name,
                ["x"] = Numbers(s.X), ["y"] = Numbers(s.Y),
            });
        var layout = Layout(c.Title, c.XLabel, c.YLabel);
        if (c.LogX) layout["xaxis"]!["type"] = "log";
        if (c.LogY) layout["yaxis"]!["type"] = "log";
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    internal static JsonObject Bar(BarChart c)
    {
        var data = new JsonArray();
        foreach (var (name, values) in c.AllSeries)
            data.Add(new JsonObject
            {
                ["type"] = "bar", ["name"] = name,
                ["x"] = new JsonArray(c.Categories.Select(k => (JsonNode?) JsonValue.Create(k)).ToArray()), ["y"] = Numbers(values),
            });
        var layout = Layout(c.Title, null, c.YLabel);
        layout["barmode"] = "group";
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    internal static JsonObject Heat(Heatmap h)
    {
        int rows = h.Values.GetLength(0), cols = h.Values.GetLength(1);
        var z = new JsonArray(Enumerable.Range(0, rows).Select(r => (JsonNode?) Numbers(Enumerable.Range(0, cols).Select(k => h.Values[r, k]))).ToArray());
        var layout = Layout(h.Title, null, null);
        layout["yaxis"]!["autorange"] = "reversed";   // row 0 (the first class) on top, as the SVG draws it
        return new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["type"] = "heatmap", ["z"] = z,
                ["x"] = new JsonArray(h.ColumnLabels.Select(l => (JsonNode?) JsonValue.Create(l)).ToArray()),
                ["y"] = new JsonArray(h.RowLabels.Select(l => (JsonNode?) JsonValue.Create(l)).ToArray()),
            }),
            ["layout"] = layout,
        };
    }

    /// <summary>A Plotly figure JSON as a Plotly.NET chart: each trace and the layout, property for property.</summary>
    internal static GenericChart ToGenericChart(JsonObject figure)
    {
        try
        {
            var traces = figure["data"]!.AsArray().Select(t =>
            {
                var trace = new Trace((string?) t!["type"] ?? "scatter");
                foreach (var (k, v) in t.AsObject()) if (k != "type") trace.SetProperty(k, Clr(v)!);
                return trace;
            });
            var chart = GenericChart.ofTraceObjects(true, Microsoft.FSharp.Collections.ListModule.OfSeq(traces));
            var layout = new Layout();
            foreach (var (k, v) in figure["layout"]!.AsObject()) layout.SetProperty(k, Clr(v)!);
            return GenericChart.setLayout(layout, chart);
        }
        catch (TypeInitializationException e)
        {
            throw new InvalidOperationException(
                "Plotly.NET could not start in this process: Plotly.NET 6.0 needs FSharp.Core 10.1, and a host that loaded an older " +
                "FSharp.Core first (the .NET Interactive kernel 1.0.712001 runs 10.0) breaks it. The chart still shows; " +
                "use ToPlotlyJson() for its Plotly description, or ToPlotly() under `workbench run`.", e);
        }
    }

    static object? Clr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => Clr(kv.Value)),
        JsonArray a => a.Select(Clr).ToArray(),
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => node.ToString(),
    };

    internal static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());

    static JsonObject Layout(string? title, string? xLabel, string? yLabel) => new()
    {
        ["title"] = new JsonObject { ["text"] = title ?? "" },
        ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xLabel ?? "" } },
        ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yLabel ?? "" } },
    };
}
