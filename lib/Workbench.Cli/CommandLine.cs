namespace Workbench.Cli;

internal static class CommandLine
{
    internal static Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "demo") return Task.FromResult(Demo.Run(steps: 60, seed: 0));
        Console.Error.WriteLine("usage: workbench demo");
        return Task.FromResult(2);
    }
}
