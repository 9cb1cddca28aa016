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
        var net = new NetArguments(untrainedModel: "fcn8s");
        var classes = new Option<long?>("--classes") { Description = "number of classes (default: the --weights' record, else 21)" };
        var output = new Option<string?>("--out") { Description = "label PNG to write (default: IMAGE.labels.png)" };
        var overlay = new Option<string?>("--overlay") { Description = "overlay PNG to write (default: IMAGE.overlay.png)" };
        var device = new DeviceOption();
        var precision = new PrecisionOption("the net's arithmetic");
        var command = new Command("predict", "Segment one image: a label PNG and a colour overlay")
            .WithExamples(
                "workbench predict photo.jpg --weights runs/fcn8s/final.pth",
                "workbench predict photo.jpg --model fcn8s --weights fcn8s-heavy-pascal.caffemodel --out photo.labels.png --overlay photo.overlay.png");
        command.Arguments.Add(image);
        net.AddTo(command);
        foreach (var o in new Option[] { classes, output, overlay }) command.Options.Add(o);
        device.AddTo(command);
        precision.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            // Options and outputs checked before the image is read or the net built: an output that is
            // a directory, the input itself or the other output is refused, never found at the end.
            if (r.GetValue(classes) is { } c0) OptionRanges.Classes(c0);
            net.Check(r);
            var path = r.GetValue(image)!;
            InputFile.Check(path);
            var labelPath = r.GetValue(output) ?? Path.ChangeExtension(path, ".labels.png");
            var overlayPath = r.GetValue(overlay) ?? Path.ChangeExtension(path, ".overlay.png");
            OutputFile.Check(labelPath, "the label PNG (--out)", path, net.WeightsPath(r));
            OutputFile.Check(overlayPath, "the overlay PNG (--overlay)", path, net.WeightsPath(r));
            OutputFile.CheckDistinct(labelPath, "the label PNG (--out)", overlayPath, "the overlay PNG (--overlay)");
            var target = device.Resolve(r);
            var arithmetic = precision.Resolve(r, target);
            var picture = ImageFile.Read(path);
            using var fcn = net.Create(r, r.GetValue(classes), "--classes", target, arithmetic);
            using var scope = NewDisposeScope();
            var input = Preprocess.ToTensor(picture, Preprocess.VocMean);
            var (labels, _) = Inference.Predict(fcn, input);
            var map = new LabelMap(picture.Width, picture.Height, labels.to(uint8).cpu().ToArray<byte>());
            Png.Write(labelPath, map);
            Png.Write(overlayPath, Overlay.Blend(picture, map));
            Console.WriteLine($"{labelPath}\n{overlayPath}");
            return 0;
        }));
        return command;
    }
}
