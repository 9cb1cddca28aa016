using TorchSharp;
using System.CommandLine;
using Workbench.Engine;
using Workbench.Fcn.Metrics;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Fcn.Weights;
using Workbench.Vision.Imaging;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary>
/// <c>workbench eval</c>: the four metrics of §5 and per-class IU, either for a model on a dataset
/// split, or for a directory of predicted label PNGs against a directory of ground-truth PNGs
/// (matched by file name).
/// </summary>
internal static class EvalCommand
{
    internal static Command Create()
    {
        var net = new NetArguments();
        var pred = new Option<string?>("--pred") { Description = "directory of predicted label PNGs" };
        var gt = new Option<string?>("--gt") { Description = "directory of ground-truth label PNGs" };
        var classes = new Option<int>("--classes") { Description = "number of classes", DefaultValueFactory = _ => 21 };
        var leaveOut = new Option<string?>("--leave-out") { Description = "comma-separated classes left out of the means (SIFT Flow)" };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var data = new DatasetArguments();
        var device = new DeviceOption();
        var precision = new PrecisionOption("the net's arithmetic");
        var command = new Command("eval", "Pixel accuracy, mean accuracy, mean IU, f.w. IU and per-class IU of a model on a split (default: the validation split), or of label PNGs against ground truth")
            .WithExamples(
                "workbench eval --weights runs/fcn8s/final.pth --dataset voc --root data/pascal/VOC2011",
                "workbench eval --model fcn8s --weights fcn8s-heavy-pascal.caffemodel --dataset voc --root data/pascal/VOC2011 --split seg11valid --json",
                "workbench eval --pred predictions/ --gt data/pascal/VOC2011/SegmentationClass --classes 21");
        net.AddTo(command);
        foreach (var o in new Option[] { pred, gt, classes, leaveOut, json }) command.Options.Add(o);
        data.AddTo(command);
        device.AddTo(command);
        precision.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            // Options in range before any file is read or matrix allocated.
            OptionRanges.Classes(r.GetValue(classes));
            net.Check(r);
            data.Check(r);
            if (r.GetValue(pred) is { } predDir)
            {
                var gtDir = r.GetValue(gt) ?? throw new ArgumentException("--pred needs --gt");
                var left = OptionRanges.ClassList(r.GetValue(leaveOut), r.GetValue(classes));
                var m = CompareDirectories(predDir, gtDir, r.GetValue(classes));
                if (m.OutOfRangeWarning(gtDir) is { } stray) Console.Error.WriteLine($"warning: {stray}");
                MetricsPrinter.Print(m.Metrics(left), null, r.GetValue(json));
                return 0;
            }
            if (net.WeightsPath(r) is null && r.GetValue(net.Model) is null) throw new ArgumentException("give --weights (and --model for a file not written by `workbench train`), or --pred and --gt");
            var target = device.Resolve(r);
            var arithmetic = precision.Resolve(r, target);
            // §5 scores held-out images: the validation split unless --split says otherwise.
            var scored = data.Open(r, validation: true);
            var dataset = scored.Set;
            var leftOut = OptionRanges.ClassList(r.GetValue(leaveOut), dataset.ClassNames.Count);
            using var fcn = net.Create(r, dataset.ClassNames.Count, $"the dataset {dataset.Name}", target, arithmetic);
            bool quiet = r.GetValue(json) || !Terminal.Interactive;   // a count rewritten with \r is for a terminal, not a log
            var matrix = Inference.Evaluate(fcn, SampleSources.From(dataset),
                (i, n) => { if (!quiet) Console.Error.Write($"\r{i}/{n}"); }, arithmetic);
            if (!quiet) Console.Error.WriteLine();
            if (matrix.OutOfRangeWarning() is { } warning) Console.Error.WriteLine($"warning: {warning}");
            MetricsPrinter.Print(matrix.Metrics(leftOut), dataset.ClassNames, r.GetValue(json), scored);
            return 0;
        }));
        return command;
    }

    internal static ConfusionMatrix CompareDirectories(string predDir, string gtDir, int classes)
    {
        if (!Directory.Exists(predDir)) throw new DirectoryNotFoundException($"prediction directory {predDir} does not exist");
        if (!Directory.Exists(gtDir)) throw new DirectoryNotFoundException($"ground-truth directory {gtDir} does not exist");
        var matrix = new ConfusionMatrix(classes);
        var files = Directory.GetFiles(gtDir, "*.png").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no .png files in {gtDir}");
        foreach (var g in files)
        {
            var p = Path.Combine(predDir, Path.GetFileName(g));
            if (!File.Exists(p)) throw new FileNotFoundException($"no prediction {p} for ground truth {g}", p);
            var truth = Png.ReadLabels(g);
            var predicted = Png.ReadLabels(p);
            if (truth.Width != predicted.Width || truth.Height != predicted.Height)
                throw new InvalidDataException($"{p} is {predicted.Width}×{predicted.Height}, its ground truth {truth.Width}×{truth.Height}");
            using var scope = NewDisposeScope();
            var shape = new long[] { truth.Height, truth.Width };
            try
            {
                matrix.Add(tensor(truth.Indices, shape), tensor(predicted.Indices, shape));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{p}: {e.Message}", e);
            }
        }
        return matrix;
    }
}
