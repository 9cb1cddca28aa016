using Spectre.Console;

namespace Workbench.Cli;

/// <summary>
/// Whether a person is watching. Spectre.Console decides colour and cursor movement from TERM, so
/// `workbench train > log` under an xterm wrote escape codes into the log; a redirected stream is a
/// file or a pipe, and gets plain lines.
/// </summary>
internal static class Terminal
{
    public static bool Interactive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Once, before any command writes: without a terminal, Spectre's console writes no escape codes and draws no live display.</summary>
    public static void Configure()
    {
        if (Interactive) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = 120;   // tables wrap at a log's width, not at a guessed terminal's
    }
}
