namespace Workbench.Notebooks.Display;

// How the .NET Interactive kernel shows the workbench's figures, tables and images. Its Formatter
// finds a formatter source through any attribute named TypeFormatterSourceAttribute on the value's
// type (a convention, so the workbench does not depend on the kernel's assemblies), creates the
// source and asks it for formatters: objects with MimeType, Type and Format(object, TextWriter).
// workbench run uses IDisplayable.ToMimeBundle directly.

[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[]? PreferredMimeTypes { get; init; }
}

internal sealed class DisplayableFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        new object[] { new DisplayableFormatter(MimeTypes.Html), new DisplayableFormatter(MimeTypes.Png), new DisplayableFormatter(MimeTypes.Plain) };
}

internal sealed class DisplayableFormatter(string mimeType)
{
    public string MimeType { get; } = mimeType;
    public Type Type => typeof(IDisplayable);

    public bool Format(object value, TextWriter writer)
    {
        if (value is not IDisplayable displayable) return false;
        var bundle = displayable.ToMimeBundle();
        if (MimeType == MimeTypes.Png)
        {
            // The static image, base64 as Jupyter carries it; values without one give none.
            if (!bundle.TryGetValue(MimeTypes.Png, out var png)) return false;
            writer.Write(png);
            return true;
        }
        if (MimeType == MimeTypes.Plain)
        {
            writer.Write(bundle.TryGetValue(MimeTypes.Plain, out var text) ? text : value.ToString());
            return true;
        }
        writer.Write(Html(bundle));
        return true;
    }

    /// <summary>The richest HTML a bundle gives: its own HTML, else its image, else its text.</summary>
    internal static string Html(IReadOnlyDictionary<string, string> bundle)
    {
        if (bundle.TryGetValue(MimeTypes.Html, out var html)) return html;
        if (bundle.TryGetValue(MimeTypes.Png, out var png)) return $"<img src=\"data:image/png;base64,{png}\"/>";
        if (bundle.TryGetValue(MimeTypes.Svg, out var svg))
            return $"<img src=\"data:image/svg+xml;base64,{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg))}\"/>";
        if (bundle.TryGetValue(MimeTypes.Markdown, out var md)) return $"<pre>{System.Net.WebUtility.HtmlEncode(md)}</pre>";
        return $"<pre>{System.Net.WebUtility.HtmlEncode(bundle.TryGetValue(MimeTypes.Plain, out var t) ? t : "")}</pre>";
    }
}
