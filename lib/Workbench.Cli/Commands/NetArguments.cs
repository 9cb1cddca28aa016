using System.CommandLine;
using TorchSharp;
using Workbench.Engine;
using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary>
/// --weights, --model and --width, shared by eval, predict and submit: the net a weights file holds,
/// built as the file records it unless an option says otherwise (<see cref="FcnWeights.Create"/>), on
/// its device and in its arithmetic.
/// </summary>
internal sealed class NetArguments
{
    public readonly Option<string?> Weights;
    public readonly Option<string?> Model;
    public readonly Option<double?> Width = new("--width") { Description = "width multiplier of the model (default: the one --weights records, else 1)" };
    readonly string? untrainedModel;

    /// <param name="weightsRequired">submit: predictions of an untrained net are never worth writing</param>
    /// <param name="untrainedModel">what to build without --weights or --model (predict: fcn8s); null: --model is needed then</param>
    public NetArguments(bool weightsRequired = false, string? untrainedModel = null)
    {
        this.untrainedModel = untrainedModel;
        Weights = new("--weights")
        {
            Description = "weights file (.pth, .caffemodel, .safetensors); train's final.pth and checkpoints record their model, width and classes",
            Required = weightsRequired,
        };
        Model = new("--model")
        {
            Description = $"model name (see `workbench model info`; default: the one --weights records{(untrainedModel is null ? "" : $", else {untrainedModel}")})",
        };
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Weights, Model, Width }) command.Options.Add(o);
    }

    /// <summary>--width in range, before any file is read (<see cref="OptionRanges"/>).</summary>
    public void Check(ParseResult r)
    {
        if (r.GetValue(Width) is { } w) OptionRanges.Width(w);
    }

    public string? WeightsPath(ParseResult r) => r.GetValue(Weights);

    /// <summary>
    /// The net, moved to <paramref name="device"/> and, for bf16, cast for good (nothing runs in float32
    /// after, and the weights take half the memory). <paramref name="classes"/> is what the caller asks
    /// for, named by <paramref name="classesOption"/> in a conflict with the file's record; without
    /// --weights the net is untrained, and says so.
    /// </summary>
    public FcnModel Create(ParseResult r, long? classes, string classesOption, Device device, Precision arithmetic)
    {
        FcnModel net;
        if (WeightsPath(r) is { } path)
            net = FcnWeights.Create(path, r.GetValue(Model), r.GetValue(Width), classes, classesOption: classesOption);
        else
        {
            var name = r.GetValue(Model) ?? untrainedModel ?? throw new ArgumentException("give --weights (and --model for a file not written by `workbench train`)");
            Console.Error.WriteLine("warning: no --weights; the net is untrained and predicts one class everywhere");
            net = ModelZoo.Create(name, classes ?? 21, r.GetValue(Width) ?? 1.0);
        }
        net.to(device);
        if (arithmetic == Precision.Bf16) net.to(ScalarType.BFloat16);
        return net;
    }
}
