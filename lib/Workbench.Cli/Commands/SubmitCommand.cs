using TorchSharp;
using System.CommandLine;
using Workbench.Engine;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Fcn.Weights;
using Workbench.Vision.Datasets.Real;
using static TorchSharp.torch;

namespace Workbench.Cli.Commands;

/// <summary>
/// <c>workbench submit</c>: Table 3's run — a trained net's predictions on VOC 2011 or 2012 test, in
/// the evaluation server's layout and archive, with the inference time per image.
/// </summary>
internal static class SubmitCommand
{
    internal static Command Create()
    {
        var net = new NetArguments(weightsRequired: true);
        var root = new Option<string>("--root") { Description = "the VOC test tree (VOCdevkit/VOC2012: JPEGImages, ImageSets/Segmentation/test.txt)", Required = true };
        var split = new Option<string>("--split") { Description = "split file name under ImageSets/Segmentation, or a path to an id list", DefaultValueFactory = _ => "test" };
        var year = new Option<int?>("--year") { Description = "2011 or 2012 (default: from the root's name, VOC2011 or VOC2012)" };
        var competition = new Option<string>("--competition") { Description = "comp6 (trained on any data, as the paper with SBD) or comp5 (VOC data only)", DefaultValueFactory = _ => "comp6" };
        var output = new Option<string>("--out") { Description = "directory for results/… and the archive", DefaultValueFactory = _ => "runs/submission" };
        var device = new DeviceOption();
        var precision = new PrecisionOption("the net's arithmetic");
        var command = new Command("submit", "Table 3: predict VOC test and write the evaluation server's results tree and archive, timing each forward pass")
            .WithExamples(
                "workbench submit --weights runs/fcn8s/final.pth --root data/pascal/VOC2012",
                "workbench submit --model fcn8s --weights fcn8s-heavy-pascal.caffemodel --root data/pascal/VOC2011 --out runs/voc2011-test --device cuda");
        net.AddTo(command);
        foreach (var o in new Option[] { root, split, year, competition, output }) command.Options.Add(o);
        device.AddTo(command);
        precision.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            net.Check(r);
            var rootPath = r.GetValue(root)!;
            int y = r.GetValue(year) ?? PascalSubmission.YearOf(rootPath)
                ?? throw new ArgumentException($"--root {rootPath} is not named VOC2011 or VOC2012: give --year");
            var comp = r.GetValue(competition)!;
            var outDir = r.GetValue(output)!;
            var folder = PascalSubmission.Folder(outDir, y, comp);   // checks the year and competition
            var weightsPath = net.WeightsPath(r)!;
            InputFile.Check(weightsPath);
            var test = new PascalVoc(rootPath, r.GetValue(split)!);
            var target = device.Resolve(r);
            var arithmetic = precision.Resolve(r, target);
            using var fcn = net.Create(r, 21, "VOC test (21 classes)", target, arithmetic);
            Console.WriteLine($"{test.Count} images of {rootPath} ({test.Split}), VOC{y} {comp}, on {target}{(arithmetic == Precision.Bf16 ? " in bf16" : "")}");
            bool quiet = !Terminal.Interactive;
            // A resumed run must be the same net in the same arithmetic: the record says which wrote the tree.
            string hash;
            using (var stream = File.OpenRead(weightsPath)) hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            var source = $"{Path.GetFileName(weightsPath)} (sha256 {hash}), {arithmetic.ToString().ToLowerInvariant()}";
            var summary = PascalSubmission.Write(fcn, test.Ids, i => test.LoadUnlabelled(test.Ids[i]).ImageTensor().to(target), outDir, y, source, comp,
                progress: (i, n) => { if (!quiet) Console.Error.Write($"\r{i}/{n}"); });
            if (!quiet) Console.Error.WriteLine();
            Console.WriteLine($"{summary.Predicted} predictions written, {summary.Resumed} kept from an earlier run, in {folder}");
            if (summary.ForwardMs.Count > 0)
                Console.WriteLine($"inference: {summary.MeanForwardMs:0} ms per image on average, median {summary.MedianForwardMs:0} ms, over {summary.ForwardMs.Count} images (Table 3: ~175 ms for FCN-8s on a 2015 GPU)");
            Console.WriteLine($"upload {summary.Archive} to the PASCAL VOC evaluation server (host.robots.ox.ac.uk), which scores the test labels");
            return 0;
        }));
        return command;
    }
}
