using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Engine;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Fcn.Weights;

namespace Workbench.Cli.Commands;

/// <summary>
/// <c>workbench train</c>: whole-image SGD training of a named FCN on a dataset, with
/// checkpoints, a metrics log and resumption (--resume) in the output directory, which holds one
/// run: reusing it takes --resume or --overwrite (docs/hostile-inputs.md).
/// </summary>
internal static class TrainCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model name", DefaultValueFactory = _ => "fcn8s" };
        var width = new Option<double>("--width") { Description = "width multiplier (1.0 = the paper's net)", DefaultValueFactory = _ => 1.0 };
        var init = new Option<string?>("--init") { Description = "start from: a classifier (.pth/.caffemodel) or a coarser FCN's weights" };
        var output = new Option<string>("--out") { Description = "run directory (checkpoints, metrics.csv, metrics.jsonl, final.pth)", DefaultValueFactory = _ => "runs/train" };
        var iterations = new Option<long>("--iterations") { Description = "iterations", DefaultValueFactory = _ => 1000 };
        var lr = new Option<double>("--lr") { Description = "base learning rate", DefaultValueFactory = _ => 1e-4 };
        var poly = new Option<bool>("--poly") { Description = "poly learning rate (power 0.9) instead of fixed" };
        var momentum = new Option<double>("--momentum") { Description = "momentum", DefaultValueFactory = _ => 0.9 };
        var decay = new Option<double>("--weight-decay") { Description = "weight decay", DefaultValueFactory = _ => 5e-4 };
        var iterSize = new Option<int>("--iter-size") { Description = "images per update (gradient accumulation)", DefaultValueFactory = _ => 1 };
        var sum = new Option<bool>("--sum-loss") { Description = "summed (unnormalized) loss, as the reference; default: mean" };
        var keep = new Option<double>("--keep") { Description = "loss sampling keep probability p (§3.4)", DefaultValueFactory = _ => 1.0 };
        var learnUp = new Option<bool>("--learn-upsampling") { Description = "learn the inner deconvolutions (the paper); default fixed (the reference)" };
        var valEvery = new Option<long>("--val-every") { Description = "validate every N iterations (0: never); each pass is printed and logged", DefaultValueFactory = _ => 0 };
        var valSplit = new Option<string?>("--val-split") { Description = "split validated on (default: the dataset's validation split, as eval's)" };
        var ckptEvery = new Option<long>("--checkpoint-every") { Description = "checkpoint every N iterations", DefaultValueFactory = _ => 100 };
        var resume = new Option<bool>("--resume") { Description = "continue from the newest checkpoint in --out" };
        var overwrite = new Option<bool>("--overwrite") { Description = "start over in an --out that holds a run (its checkpoints, metrics and final.pth are removed)" };
        var keepCheckpoints = new Option<int>("--keep-checkpoints") { Description = "checkpoints kept in --out, the newest (0: all)", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "seed", DefaultValueFactory = _ => 0 };
        var heInit = new Option<bool>("--he-init") { Description = "He-normal trunk initialization (training from scratch)" };
        var data = new DatasetArguments();
        var device = new DeviceOption();
        var precision = new PrecisionOption("training arithmetic; bf16 is mixed precision, on float32 master weights");
        var command = new Command("train", "Train an FCN by whole-image SGD; progress bar, checkpoints, metrics log, resume")
            .WithExamples(
                "workbench train --model fcn32s --width 0.125 --size 128 --iterations 200 --val-every 50 --out runs/small   # synthetic data, minutes on a CPU",
                "workbench train --model fcn32s --dataset sbd --root data/sbd/dataset --init VGG_ILSVRC_16_layers.caffemodel --lr 1e-10 --momentum 0.99 --sum-loss --iterations 100000 --val-every 4000 --out runs/fcn32s --device cuda",
                "workbench train --out runs/fcn32s --resume   # continue where the run stopped");
        foreach (var o in new Option[] { model, width, init, output, iterations, lr, poly, momentum, decay, iterSize, sum, keep, learnUp, valEvery, valSplit, ckptEvery, resume, overwrite, keepCheckpoints, seed, heInit })
            command.Options.Add(o);
        data.AddTo(command);
        device.AddTo(command);
        precision.AddTo(command);
        command.SetAction(r => CommandLine.Guard(() =>
        {
            // Every option in range and the run directory usable before the device, the data or the
            // net is touched: a mistake costs nothing, and a run in --out is never mixed into or lost.
            var dir = r.GetValue(output)!;
            bool resuming = r.GetValue(resume), overwriting = r.GetValue(overwrite);
            if (resuming && overwriting)
                throw new ArgumentException("--resume continues the run in --out and --overwrite removes it; give one of them");
            data.Check(r);
            OptionRanges.Width(r.GetValue(width));
            OptionRanges.Require(r.GetValue(ckptEvery) >= 0, "--checkpoint-every", r.GetValue(ckptEvery), "0 (never) or more iterations");
            var options = new TrainerOptions
            {
                LearningRate = r.GetValue(poly) ? new LearningRate.Poly(r.GetValue(lr)) : new LearningRate.Fixed(r.GetValue(lr)),
                Momentum = r.GetValue(momentum), WeightDecay = r.GetValue(decay), MaxIterations = r.GetValue(iterations),
                IterSize = r.GetValue(iterSize), Normalization = r.GetValue(sum) ? LossNormalization.Sum : LossNormalization.Mean,
                LossKeepProbability = r.GetValue(keep), ValidateEvery = r.GetValue(valEvery), CheckpointEvery = r.GetValue(ckptEvery),
                Directory = dir, Seed = r.GetValue(seed), KeepCheckpoints = r.GetValue(keepCheckpoints), Overwrite = overwriting,
            };
            options.Validate();
            RunDirectory.CheckReusable(dir, resume: resuming, overwrite: overwriting);
            var final = Path.Combine(dir, RunDirectory.FinalWeights);
            OutputFile.Check(final, "the final weights", r.GetValue(init));

            var target = device.Resolve(r);
            var arithmetic = precision.Resolve(r, target);
            // On the CPU a step past the machine's memory is a kernel OOM kill, not an error: refused here.
            if (r.GetValue(data.Dataset) == "synthetic-voc" && target.type == TorchSharp.DeviceType.CPU)
                TrainingMemory.Check(r.GetValue(data.Size), r.GetValue(width));
            var trainSet = data.Open(r).Set;
            var valSet = r.GetValue(valEvery) > 0 ? data.Open(r, validation: true, split: r.GetValue(valSplit)) : null;
            TorchSharp.torch.manual_seed(r.GetValue(seed));
            using var net = ModelZoo.Create(r.GetValue(model)!, trainSet.ClassNames.Count, r.GetValue(width),
                r.GetValue(learnUp) ? Upsampling.LearnInner : Upsampling.Fixed);
            if (r.GetValue(heInit)) Initialization.HeNormalTrunk(net);
            if (r.GetValue(init) is { } initPath)
            {
                try
                {
                    FcnWeights.Load(net, initPath);
                }
                catch (InvalidDataException)
                {
                    Surgery.FromClassifier(net, initPath);
                }
            }
            var trainer = new Trainer(net, SampleSources.From(trainSet), options with { Device = target, Precision = arithmetic },
                valSet is null ? null : SampleSources.From(valSet.Set));
            if (resuming)
            {
                long at = trainer.ResumeFromLatest(warning => Console.Error.WriteLine($"warning: {warning}"));
                Console.Error.WriteLine(at > 0 ? $"resumed at iteration {at}" : "no checkpoint to resume from; starting fresh");
            }
            if (valSet is not null) Console.Error.WriteLine($"validating on {valSet.Describe()} every {r.GetValue(valEvery)} iterations");
            if (TrainingReport.SlowWarning(r.GetValue(model)!, r.GetValue(width), target) is { } slow) Console.Error.WriteLine(slow);
            new TrainingReport(trainer, options.MaxIterations).Run(target.ToString());
            if (trainer.Stopped is { } stop)
            {
                // Diverged weights are no result: no final.pth, a nonzero exit, and where to go on from.
                Console.Error.WriteLine($"error: {stop.Message}");
                return 1;
            }
            FcnWeights.Save(net, final);
            Console.WriteLine($"{final} (iteration {trainer.Iteration}); log in {Path.Combine(dir, "metrics.csv")}");
            if (trainer.LastValidation is { } last) MetricsPrinter.Print(last, trainSet.ClassNames, false, valSet);
            return 0;
        }));
        return command;
    }
}
