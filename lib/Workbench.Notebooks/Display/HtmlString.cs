namespace Workbench.Notebooks.Display;

/// <summary>HTML a notebook wants shown as such (what <c>HTML("…")</c> returns).</summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Plain })]
public sealed record HtmlString(string Html) : IDisplayable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() =>
        new Dictionary<string, string> { [MimeTypes.Html] = Html, [MimeTypes.Plain] = Html };

    public override string ToString() => Html;
}

/// <summary>Markdown a notebook wants rendered.</summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Plain })]
public sealed record MarkdownString(string Markdown) : IDisplayable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() =>
        new Dictionary<string, string> { [MimeTypes.Markdown] = Markdown, [MimeTypes.Plain] = Markdown };

    public override string ToString() => Markdown;
}
