using System.Net;
using System.Text;
using Workbench.Notebooks.Runner;

namespace Workbench.Notebooks.Display;

/// <summary>
/// The paper's claims as this run judged them, each with the computed evidence: the closing
/// verdict of a notebook. A claim is <c>shown</c>, <c>not shown</c>, or <c>undecided</c> (null) where this
/// run cannot judge it (a smoke run's handful of updates). <see cref="RecordTo"/> puts the verdicts in
/// the results JSON, so scripts comparing runs see them too.
/// </summary>
[TypeFormatterSource(typeof(DisplayableFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html, MimeTypes.Plain })]
public sealed class Findings(string scale) : IDisplayable
{
    readonly List<(string Claim, bool? Shown, string Evidence)> items = new();

    public string Scale { get; } = scale;
    public IReadOnlyList<(string Claim, bool? Shown, string Evidence)> Items => items;

    public Findings Add(string claim, bool? shown, string evidence)
    {
        items.Add((claim, shown, evidence));
        return this;
    }

    static string Mark(bool? shown) => shown switch { true => "shown", false => "not shown", null => "undecided" };

    public void RecordTo(NotebookResults results)
    {
        for (int i = 0; i < items.Count; i++)
        {
            results.Record($"finding_{i + 1}.claim", items[i].Claim);
            results.Record($"finding_{i + 1}.verdict", Mark(items[i].Shown));
            results.Record($"finding_{i + 1}.evidence", items[i].Evidence);
        }
    }

    public string ToHtml()
    {
        var html = new StringBuilder($"<div><strong>This run ({WebUtility.HtmlEncode(Scale)}), judged from its numbers</strong><ul>");
        foreach (var (claim, shown, evidence) in items)
            html.Append("<li><strong>").Append(Mark(shown)).Append("</strong> — ").Append(WebUtility.HtmlEncode(claim))
                .Append(": ").Append(WebUtility.HtmlEncode(evidence)).Append("</li>");
        return html.Append("</ul></div>").ToString();
    }

    public override string ToString() =>
        $"This run ({Scale}), judged from its numbers:\n" + string.Join("\n", items.Select(i => $"- {Mark(i.Shown)}: {i.Claim}: {i.Evidence}"));

    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
    {
        [MimeTypes.Html] = ToHtml(),
        [MimeTypes.Plain] = ToString(),
    };
}
