using System.CommandLine;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary>
/// <c>--precision fp32|bf16|auto</c>, shared by train, eval and predict. The default is fp32: a
/// result then reproduces on every machine bit for bit; bf16 is asked for (docs/precision.md).
/// </summary>
internal sealed class PrecisionOption(string what)
{
    readonly Option<string> option = new("--precision")
    {
        Description = $"{what}: {Precisions.Choices} (auto: bf16 where the device computes it natively — a GPU, a CPU with AVX-512 BF16 or AMX — else fp32)",
        DefaultValueFactory = _ => "fp32",
    };

    public void AddTo(Command command) => command.Options.Add(option);

    /// <summary>The precision asked for on <paramref name="device"/>, printed; an unknown one is an error before any work starts.</summary>
    public Precision Resolve(ParseResult r, Device device)
    {
        var asked = r.GetValue(option);
        var p = Precisions.Resolve(asked, device);
        var why = asked?.Trim().ToLowerInvariant() == "auto" ? $" (auto: {(Precisions.HasNativeBf16(device) ? "native bfloat16 here" : "no native bfloat16 here")})" : "";
        Console.Error.WriteLine($"precision: {p.Name()}{why}");
        if (p == Precision.Bf16 && !Precisions.HasNativeBf16(device))
            Console.Error.WriteLine("warning: this CPU has neither AVX-512 BF16 nor AMX; libtorch emulates bfloat16, slower than fp32");
        return p;
    }
}
