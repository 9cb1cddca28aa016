using System.CommandLine;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary><c>--device auto|cpu|cuda|cuda:N</c>, shared by train, eval and predict.</summary>
internal sealed class DeviceOption
{
    readonly Option<string> option = new("--device")
    {
        Description = $"where the net runs: {Devices.Choices} (auto: CUDA when available, else the CPU)",
        DefaultValueFactory = _ => "auto",
    };

    public void AddTo(Command command) => command.Options.Add(option);

    /// <summary>The device asked for; an unavailable or unknown one is an error before any work starts.</summary>
    public Device Resolve(ParseResult r)
    {
        var device = Devices.Resolve(r.GetValue(option));
        Console.Error.WriteLine($"device: {device}");
        return device;
    }
}
