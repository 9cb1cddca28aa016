using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Fcn.Classifiers;
using Workbench.Vision.Datasets.Classification;

namespace Workbench.Cli.Commands;

/// <summary>
/// <c>workbench pretrain</c>: trains a backbone as a Fashion-MNIST classifier (§3.1's first step),
/// or finds it in the cache under artifacts/pretrained/, and prints the weights file, the training
/// time and the held-out accuracy. <c>workbench train --init FILE</c> and the notebooks take the file.
/// </summary>
internal static class PretrainCommand
{
    internal static Command Create()
    {
        var backbone = new Option<string>("--backbone") { Description = $"trunk: {string.Join(" | ", Classifier.Backbones)}", DefaultValueFactory = _ => "vgg16" };
        var width = new Option<double>("--width") { Description = "width multiplier, 1/64 to 1 (1.0 = the paper's net)", DefaultValueFactory = _ => 0.125 };
        var images = new Option<int>("--images") { Description = $"training images, the first N of Fashion-MNIST's train split (1 to {PretrainingSettings.MaxImages})", DefaultValueFactory = _ => 4000 };
        var epochs = new Option<int>("--epochs") { Description = $"passes over those images (1 to {PretrainingSettings.MaxEpochs})", DefaultValueFactory = _ => 2 };
        var inContext = new Option<int>("--in-context") { Description = "0: items fill the frame; a scene side (e.g. 160): each item in context, at the size items have in Fashion scenes of that side", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "seed of initialization, dropout and image order", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "also copy the weights to this path" };
        var cache = new Option<string?>("--cache") { Description = "cache directory (default: artifacts/pretrained of this repository)" };
        var root = new Option<string>("--root") { Description = "Fashion-MNIST's IDX files", DefaultValueFactory = _ => FashionMnist.DefaultRoot };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var device = new DeviceOption();
        var command = new Command("pretrain", "Train a backbone as a Fashion-MNIST classifier (cached under artifacts/pretrained); weights for --init and the notebooks")
            .WithExamples("workbench pretrain --backbone vgg16 --width 0.125 --images 3000 --epochs 1 --seed 0");
        foreach (var o in new Option[] { backbone, width, images, epochs, inContext, seed, output, cache, root, json })
            command.Options.Add(o);
        device.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            // Every option is checked before any data is read or a net is built.
            var settings = new PretrainingSettings(r.GetValue(backbone)!.Trim().ToLowerInvariant(), r.GetValue(width), r.GetValue(images),
                r.GetValue(epochs), r.GetValue(seed), r.GetValue(inContext)).Validate();
            var outPath = r.GetValue(output);
            if (outPath is not null && Directory.Exists(outPath)) throw new IOException($"--out {outPath} is a directory; give a file path");
            var target = device.Resolve(r);
            var c = CultureInfo.InvariantCulture;
            PretrainingResult result = null!;
            if (Console.IsErrorRedirected)
                result = Pretraining.Cached(settings, target, p =>
                {
                    if (p.Step == p.Steps || p.Step % 20 == 0)
                        Console.Error.WriteLine($"epoch {p.Epoch}/{p.Epochs} update {p.Step}/{p.Steps} loss {p.Loss.ToString("F3", c)} {p.Elapsed.TotalSeconds.ToString("F0", c)} s");
                }, r.GetValue(cache), r.GetValue(root)!);
            else
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"pretraining {settings.Backbone}", maxValue: 1);
                        result = Pretraining.Cached(settings, target, p =>
                        {
                            task.MaxValue = p.Steps;
                            task.Value = p.Step;
                            task.Description = $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss.ToString("F3", c)}";
                        }, r.GetValue(cache), r.GetValue(root)!);
                        task.Value = task.MaxValue;
                    });
            if (outPath is not null) Workbench.Engine.AtomicFile.WriteAllBytes(outPath, File.ReadAllBytes(result.WeightsPath));
            if (r.GetValue(json))
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            else
            {
                Console.WriteLine(result.Cached
                    ? $"cached: {result.WeightsPath} (trained earlier in {result.TrainSeconds.ToString("F1", c)} s; reused, no training now)"
                    : $"trained: {result.WeightsPath} in {result.TrainSeconds.ToString("F1", c)} s");
                Console.WriteLine($"test accuracy {(100 * result.TestAccuracy).ToString("F1", c)}% on {result.TestImages} Fashion-MNIST test images " +
                                  $"(chance 10%); input {result.InputSize}x{result.InputSize}; final loss {result.FinalLoss.ToString("F3", c)}");
                if (outPath is not null) Console.WriteLine($"copied to {outPath}");
            }
            return 0;
        }));
        return command;
    }
}
