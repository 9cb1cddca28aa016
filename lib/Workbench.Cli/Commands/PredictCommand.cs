using TorchSharp;
using System.CommandLine;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Fcn.Weights;
using Workbench.Vision.Imaging;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary><c>workbench predict</c>: an image in, a label PNG (VOC palette) and a colour overlay out.</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var image = new Argument<string>("image") { Description = "a JPEG or PNG image" };
        var model = new Option<string?>("--model") { Description = "model name (default: the one --weights records, else fcn8s)" };
        var weights = new Option<string?>("--weights") { Description = "weights file (.pth, .caffemodel, .safetensors); train's final.pth and checkpoints record their model, width and classes" };
        var classes = new Option<long?>("--classes") { Description = "number of classes (default: the --weights' record, else 21)" };
        var width = new Option<double?>("--width") { Description = "width multiplier of the model (default: the --weights' record, else 1)" };
        var output = new Option<string?>("--out") { Description = "label PNG to write (default: IMAGE.labels.png)" };
        var overlay = new Option<string?>("--overlay") { Description = "overlay PNG to write (default: IMAGE.overlay.png)" };
        var device = new DeviceOption();
        var precision = new PrecisionOption("the net's arithmetic");
        var command = new Command("predict", "Segment one image: a label PNG and a colour overlay")
            .WithExamples(
                "workbench predict photo.jpg --weights runs/fcn8s/final.pth",
                "workbench predict photo.jpg --model fcn8s --weights fcn8s-heavy-pascal.caffemodel --out photo.labels.png --overlay photo.overlay.png");
        command.Arguments.Add(image);
        foreach (var o in new Option[] { model, weights, classes, width, output, overlay }) command.Options.Add(o);
        device.AddTo(command);
        precision.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            // Options and outputs checked before the image is read or the net built: an output that is
            // a directory, the input itself or the other output is refused, never found at the end.
            if (r.GetValue(classes) is { } c0) OptionRanges.Classes(c0);
            if (r.GetValue(width) is { } w0) OptionRanges.Width(w0);
            var path = r.GetValue(image)!;
            InputFile.Check(path);
            var labelPath = r.GetValue(output) ?? Path.ChangeExtension(path, ".labels.png");
            var overlayPath = r.GetValue(overlay) ?? Path.ChangeExtension(path, ".overlay.png");
            OutputFile.Check(labelPath, "the label PNG (--out)", path, r.GetValue(weights));
            OutputFile.Check(overlayPath, "the overlay PNG (--overlay)", path, r.GetValue(weights));
            OutputFile.CheckDistinct(labelPath, "the label PNG (--out)", overlayPath, "the overlay PNG (--overlay)");
            var target = device.Resolve(r);
            var arithmetic = precision.Resolve(r, target);
            var picture = ImageFile.Read(path);
            FcnModel net;
            if (r.GetValue(weights) is { } w) net = FcnWeights.Create(w, r.GetValue(model), r.GetValue(width), r.GetValue(classes));
            else
            {
                Console.Error.WriteLine("warning: no --weights; an untrained net predicts one class everywhere");
                net = ModelZoo.Create(r.GetValue(model) ?? "fcn8s", r.GetValue(classes) ?? 21, r.GetValue(width) ?? 1.0);
            }
            using var _ = net;
            net.to(target);
            if (arithmetic == Precision.Bf16) net.to(ScalarType.BFloat16);   // for good: nothing runs in float32 after
            using var scope = NewDisposeScope();
            var input = Preprocess.ToTensor(picture, Preprocess.VocMean);
            var (labels, _) = Inference.Predict(net, input);
            var map = new LabelMap(picture.Width, picture.Height, labels.to(uint8).cpu().ToArray<byte>());
            Png.Write(labelPath, map);
            Png.Write(overlayPath, Overlay.Blend(picture, map));
            Console.WriteLine($"{labelPath}\n{overlayPath}");
            return 0;
        }));
        return command;
    }
}
