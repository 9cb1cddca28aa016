using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Display;

/// <summary>
/// A line of text shown once and then rewritten in place ("step 120/300: loss 0.41"), in Jupyter,
/// VS Code and <c>workbench run</c> alike. The kernel's own <c>display(x).Update(y)</c> does not do
/// it: in .NET Interactive 1.0.0-beta.26120.1 the handle <c>display</c> returns carries another
/// display id than the output it made, so the update goes nowhere. Outside a kernel the line is
/// printed each time instead.
/// </summary>
public sealed class ProgressLine
{
    readonly string id = Guid.NewGuid().ToString("N");
    readonly KernelInvocationContext? shownIn;

    ProgressLine(KernelInvocationContext? context) => shownIn = context;

    public static ProgressLine Show(string text)
    {
        var line = new ProgressLine(KernelInvocationContext.Current);
        line.Publish(text, first: true);
        return line;
    }

    public void Update(string text) => Publish(text, first: false);

    void Publish(string text, bool first)
    {
        var context = KernelInvocationContext.Current ?? shownIn;
        if (context is null)
        {
            Console.WriteLine(text);
            return;
        }
        var values = new[] { new FormattedValue(MimeTypes.Plain, text) };
        context.Publish(first
            ? new DisplayedValueProduced(text, context.Command, values, id)
            : new DisplayedValueUpdated(text, id, context.Command, values));
    }

    public override string ToString() => "";
}
