using System.Globalization;
using Spectre.Console;
using Workbench.Fcn.Training;

namespace Workbench.Cli.Commands;

/// <summary>
/// What `workbench train` says while it runs: on a terminal a progress bar, elsewhere (a log file,
/// a pipe) a plain line every tenth of the run; in both, the first iteration's time with an
/// estimate of the whole run — a full-width net on a CPU takes seconds an iteration, hours a run,
/// and should say so before the user has waited — and every validation pass in one line.
/// </summary>
internal sealed class TrainingReport
{
    readonly Trainer trainer;
    readonly long maxIterations;
    readonly bool interactive = Terminal.Interactive;
    long firstOfThisRun = -1;

    public TrainingReport(Trainer trainer, long maxIterations)
    {
        this.trainer = trainer;
        this.maxIterations = maxIterations;
    }

    /// <summary>The line printed after the first iteration of a run (or of a resumed one).</summary>
    internal static string Estimate(double firstSeconds, long remaining, string device) =>
        string.Create(CultureInfo.InvariantCulture,
            $"first iteration: {Durations.Format(TimeSpan.FromSeconds(firstSeconds))} on {device}; {remaining:N0} more at that pace: about {Durations.Format(TimeSpan.FromSeconds(firstSeconds * remaining))}");

    public void Run(string device)
    {
        var c = CultureInfo.InvariantCulture;
        // Results (validation) to stdout, progress to stderr; on a terminal both above the live bar, which Spectre redraws.
        void Say(string line, bool result = false)
        {
            if (interactive) AnsiConsole.MarkupLine(Markup.Escape(line));
            else (result ? Console.Out : Console.Error).WriteLine(line);
        }
        void Common(TrainingProgress p)
        {
            if (firstOfThisRun < 0)
            {
                firstOfThisRun = p.Iteration;
                // The update alone (validation and checkpoints are not every iteration's cost).
                Say(Estimate(trainer.Seconds[^1], maxIterations - p.Iteration, device));
            }
            if (p.Validation is { } v) Say($"it {p.Iteration.ToString(c)} validation: {MetricsPrinter.OneLine(v)}", result: true);
        }
        if (!interactive)
        {
            long every = Math.Max(1, maxIterations / 10);
            trainer.Progress += p =>
            {
                Common(p);
                if (p.Iteration % every == 0 || p.Iteration == maxIterations)
                    Console.Error.WriteLine($"it {p.Iteration.ToString(c)}/{maxIterations.ToString(c)} loss {p.Loss.ToString("G4", c)} " +
                                            $"({Durations.Format(p.Elapsed)} so far)");
            };
            trainer.Run();
            return;
        }
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: maxIterations);
                task.Value = trainer.Iteration;
                trainer.Progress += p =>
                {
                    Common(p);
                    task.Value = p.Iteration;
                    var val = p.Validation is { } m ? $" val mIU {(100 * m.MeanIU).ToString("F1", c)}" : "";
                    task.Description = Markup.Escape($"it {p.Iteration} loss {p.Loss.ToString("G4", c)}{val}");
                };
                trainer.Run();
            });
    }

    /// <summary>Said before the first iteration when it will be slow: a net of the paper's width on the CPU.</summary>
    internal static string? SlowWarning(string model, double width, TorchSharp.torch.Device device) =>
        device.type == TorchSharp.DeviceType.CPU && width >= 0.5
            ? string.Create(CultureInfo.InvariantCulture, $"note: a {model} of width {width:0.###} on the CPU takes seconds per iteration (about 10 s for a 500x500 image on 2 cores, `make bench`); ") +
              "the first iteration is timed and the whole run estimated; --width 0.125 or --device cuda is faster"
            : null;
}
