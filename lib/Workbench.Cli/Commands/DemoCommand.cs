using System.CommandLine;

namespace Workbench.Cli.Commands;

internal static class DemoCommand
{
    internal static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "training steps", DefaultValueFactory = _ => 60 };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Train a tiny conv net on random data and show the loss going down")
            .WithExamples("workbench demo --steps 60 --seed 0");
        command.Options.Add(steps);
        command.Options.Add(seed);
        command.SetAction(r => CommandLine.Guard(() => Demo.Run(r.GetValue(steps), r.GetValue(seed))));
        return command;
    }
}
