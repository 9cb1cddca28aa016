using System.CommandLine;
using Workbench.Cli.Commands;

namespace Workbench.Cli;

// The `workbench` command: one subcommand per file under Commands/.
internal static class CommandLine
{
    internal static async Task<int> RunAsync(string[] args)
    {
        Terminal.Configure();
        var root = new RootCommand("FCN Workbench: reproduce Fully Convolutional Networks for Semantic Segmentation (Long et al., CVPR 2015)");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ModelInfoCommand.Create());
        root.Subcommands.Add(PretrainCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());

        var inspect = new Command("inspect", "Look inside a file: weights, images, MATLAB .mat files");
        inspect.Subcommands.Add(InspectWeightsCommand.Create());
        inspect.Subcommands.Add(InspectImageCommand.Create());
        inspect.Subcommands.Add(InspectMatCommand.Create());
        root.Subcommands.Add(inspect);

        arguments = args;
        return await root.Parse(args).InvokeAsync();
    }

    static string[] arguments = [];

    /// <summary>
    /// Runs a command body; an error a user can cause (a missing file, a corrupt image, …) prints
    /// one clear line and exit code 1 instead of a stack trace.
    /// </summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or KeyNotFoundException
                                      or NotSupportedException or InvalidOperationException or System.Runtime.InteropServices.ExternalException
                                      or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OutOfMemoryException e)
        {
            // The readers bound what a file may ask for, so this is an honest input too big for this
            // machine (or for WORKBENCH_READ_LIMIT's default): say which files were being worked on.
            var files = arguments.Where(a => !a.StartsWith('-') && (File.Exists(a) || Directory.Exists(a))).Select(Workbench.Engine.Printable.Escape).ToList();
            var on = files.Count > 0 ? $" working on {string.Join(", ", files)}" : "";
            Console.Error.WriteLine($"error: out of memory{on} ({e.Message}); a smaller input, --size or --width, or more memory is needed");
            return 1;
        }
    }
}
