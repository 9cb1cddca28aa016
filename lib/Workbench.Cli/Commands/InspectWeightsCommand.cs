using System.CommandLine;
using Workbench.Weights;

namespace Workbench.Cli.Commands;

internal static class InspectWeightsCommand
{
    internal static Command Create()
    {
        var file = new Argument<string>("file") { Description = "a .pth (zip or legacy), .safetensors or .caffemodel file" };
        var json = new Option<bool>("--json") { Description = "print JSON (format, nested_key, entries with name, shape, dtype, numel, sum, mean; skipped)" };
        var key = new Option<string?>("--key") { Description = "checkpoint key holding the state dict (nested keys joined by '/'); found automatically when left out" };
        var command = new Command("weights", "Name the format of a weights file and list every tensor with its shape, dtype, sum and mean")
            .WithExamples("workbench inspect weights VGG_ILSVRC_16_layers.caffemodel", "workbench inspect weights runs/train/checkpoint-00000100.pth --json");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(key);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            using var weights = WeightsFile.Read(r.GetValue(file)!, r.GetValue(key));
            Console.Write(r.GetValue(json) ? WeightsSummary.Json(weights) + Environment.NewLine : WeightsSummary.Text(weights));
            return 0;
        }));
        return command;
    }
}
