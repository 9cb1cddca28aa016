using System.CommandLine;

namespace Workbench.Cli.Commands;

/// <summary>
/// Example usage lines under a command's description in its --help: a researcher's first
/// question about a command is what a real invocation looks like.
/// </summary>
internal static class Examples
{
    public const string Heading = "Examples:";

    public static Command WithExamples(this Command command, params string[] lines)
    {
        command.Description += $"\n\n{Heading}\n" + string.Join("\n", lines.Select(l => "  " + l));
        return command;
    }
}
