namespace Workbench.Notebooks.Display;

/// <summary>
/// Something that shows itself in a notebook: a MIME bundle, mime type → content, richest first.
/// Frontends pick the richest type they render; <c>text/plain</c> should always be there as the fallback.
/// JSON mime types (<c>application/…json</c>) carry their JSON text; the runner embeds them as JSON objects.
/// </summary>
public interface IDisplayable
{
    IReadOnlyDictionary<string, string> ToMimeBundle();
}

public static class MimeTypes
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string Svg = "image/svg+xml";
    public const string Png = "image/png";
    public const string Plotly = "application/vnd.plotly.v1+json";

    /// <summary>nbformat stores JSON mime types as JSON values, every other as (multi-line) text.</summary>
    public static bool IsJson(string mimeType) =>
        mimeType == "application/json" || (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));
}
