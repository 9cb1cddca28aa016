using System.Globalization;
using System.Text;

namespace Workbench.Engine;

/// <summary>
/// Text that came from a file (a tensor's name, a variable's name, a key) made safe to print: control
/// characters and the Unicode controls that reorder or hide text are written as \xNN or \u{NNNN},
/// so a crafted name cannot move the cursor, recolour or retitle a terminal, or hide what follows.
/// </summary>
public static class Printable
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        int i = 0;
        while (i < text.Length && !NeedsEscape(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(c)) sb.Append(c);
            else if (c < 0x100) sb.Append(CultureInfo.InvariantCulture, $"\\x{(int) c:x2}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int) c:x4}}}");
        }
        return sb.ToString();
    }

    static bool NeedsEscape(char c) =>
        c < 0x20 || c is >= '\x7f' and <= '\x9f'
        || c is >= '\u200b' and <= '\u200f'      // zero-width and directional marks
        || c is >= '\u202a' and <= '\u202e'      // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069'      // bidirectional isolates
        || c is '\ufeff';
}
