using System.CommandLine;
using Spectre.Console;
using Workbench.Vision.Datasets.Real;
using Workbench.Vision.Downloads;

namespace Workbench.Cli.Commands;

/// <summary>`workbench data fetch|verify|list`: get the paper's datasets and weights, and check a layout.</summary>
internal static class DataCommand
{
    internal static Command Create()
    {
        var data = new Command("data", "Fetch, verify and unpack the paper's datasets and weights");
        data.Subcommands.Add(Fetch());
        data.Subcommands.Add(Verify());
        data.Subcommands.Add(List());
        return data;
    }

    static Command List()
    {
        var command = new Command("list", "The datasets `fetch` knows, with their URLs and digests")
            .WithExamples("workbench data list");
        command.SetAction(_ => CommandLine.Guard(() =>
        {
            var table = new Table().AddColumns("dataset", "file", "digest", "note");
            foreach (var s in DatasetSources.All)
                foreach (var f in s.Files)
                    table.AddRow(s.Name, Markup.Escape(f.Url), f.Checksum?.ToString() ?? "[yellow]none known[/]", Markup.Escape(f.Note));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    static Command Fetch()
    {
        var dataset = new Option<string>("--dataset") { Description = $"one of {string.Join(", ", DatasetSources.All.Select(s => s.Name))}", Required = true };
        var root = new Option<string>("--root") { Description = "directory to download and unpack into", Required = true };
        var url = new Option<string?>("--url") { Description = "fetch from this URL instead (a mirror); for datasets of one file" };
        var sha256 = new Option<string?>("--sha256") { Description = "pin the file's SHA-256 (overrides the manifest's digest)" };
        var noUnpack = new Option<bool>("--no-unpack") { Description = "download and verify only" };
        var command = new Command("fetch", "Download (resumable, verified) and unpack a dataset or a classifier's weights (vgg16, caffenet, googlenet)")
            .WithExamples("workbench data fetch --dataset sbd --root data   # then: -p sbdRoot=data/sbd/dataset, train --dataset sbd --root data/sbd/dataset",
                "workbench data fetch --dataset vgg16 --root data/weights   # VGG_ILSVRC_16_layers.caffemodel, for -p vggWeights=… and train --init");
        foreach (var o in new Option[] { dataset, root, url, sha256, noUnpack }) command.Options.Add(o);
        command.SetAction((r, ct) => Task.FromResult(CommandLine.Guard(() =>
        {
            var source = DatasetSources.Find(r.GetValue(dataset)!);
            var dir = r.GetValue(root)!;
            var files = source.Files.ToList();
            var mirror = r.GetValue(url);
            var pin = r.GetValue(sha256);
            if ((mirror is not null || pin is not null) && files.Count != 1)
                throw new ArgumentException($"{source.Name} has {files.Count} files; --url and --sha256 apply to datasets of one file");
            if (mirror is not null)
            {
                // A mirror may pack differently (.tar.gz for .zip): its own file name decides how to unpack.
                var name = Path.GetFileName(new Uri(mirror).LocalPath);
                files[0] = files[0] with { Url = mirror, FileName = string.IsNullOrEmpty(name) ? files[0].FileName : name };
            }
            if (pin is not null) files[0] = files[0] with { Checksum = Checksum.Sha256(pin) };

            var downloads = Path.Combine(dir, "downloads");
            var downloader = new Downloader();
            foreach (var file in files)
            {
                if (file.Checksum is null)
                    AnsiConsole.MarkupLine($"[yellow]note:[/] no digest is known for {Markup.Escape(file.FileName)}; it is fetched unverified ({Markup.Escape(file.Note)})");
                var target = Path.Combine(downloads, file.FileName);
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(file.FileName), maxValue: 1);
                        var progress = new Progress<DownloadProgress>(p =>
                        {
                            if (p.Total is { } t) task.MaxValue = t;
                            task.Value = p.Bytes;
                        });
                        downloader.FetchAsync(new Uri(file.Url), target, file.Checksum, progress, ct).GetAwaiter().GetResult();
                        task.Value = task.MaxValue;
                    });
                AnsiConsole.MarkupLine($"[green]ok[/] {Markup.Escape(target)}{(file.Checksum is null ? "" : $" ({file.Checksum.Algorithm} verified)")}");
                if (!r.GetValue(noUnpack) && Archives.IsArchive(file.FileName))
                {
                    AnsiConsole.MarkupLine($"unpacking {Markup.Escape(file.FileName)} into {Markup.Escape(dir)} …");
                    Archives.Unpack(target, dir);
                }
            }
            AnsiConsole.MarkupLine($"{source.Name}: the loader's root is {Markup.Escape(Path.Combine(dir, source.LayoutRoot))}");
            return 0;
        })));
        return command;
    }

    static Command Verify()
    {
        var dataset = new Option<string>("--dataset") { Description = $"one of {string.Join(", ", DatasetLayouts.Names)}", Required = true };
        var root = new Option<string>("--root") { Description = "the fetch directory or the dataset's own root", Required = true };
        var split = new Option<string?>("--split") { Description = "split to check (default: the paper's evaluation split)" };
        var limit = new Option<int?>("--limit") { Description = "load at most this many items for the histogram (all by default)" };
        var command = new Command("verify", "Check a dataset layout: every file present and readable, counts and a class histogram")
            .WithExamples("workbench data verify --dataset voc --root data/pascal/VOC2011 --split seg11valid");
        foreach (var o in new Option[] { dataset, root, split, limit }) command.Options.Add(o);
        command.SetAction((r, ct) => Task.FromResult(CommandLine.Guard(() =>
        {
            var set = DatasetLayouts.Open(r.GetValue(dataset)!, r.GetValue(root)!, r.GetValue(split));
            LayoutReport report = null!;
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"checking {set.Name}", maxValue: Math.Max(1, Math.Min(set.Count, r.GetValue(limit) ?? int.MaxValue)));
                report = LayoutReport.Check(set, r.GetValue(limit), new Progress<int>(n => task.Value = n), ct);
                task.Value = task.MaxValue;
            });
            AnsiConsole.MarkupLine($"{set.Name} ({Markup.Escape(set.Root)}): {report.Items} items listed, {report.Checked} loaded, " +
                                   $"{report.MissingFiles.Count} files missing, {report.Errors.Count} unreadable");
            foreach (var m in report.MissingFiles.Take(5)) AnsiConsole.MarkupLine($"  [red]missing[/] {Markup.Escape(m)}");
            foreach (var e in report.Errors.Take(5)) AnsiConsole.MarkupLine($"  [red]error[/] {Markup.Escape(e)}");
            foreach (var task in set.Tasks)
            {
                var h = report.Histograms[task.Name];
                long total = h.Sum();
                var table = new Table().Title($"{task.Name} labels").AddColumns("class", "pixels", "share");
                for (int c = 0; c <= task.ClassCount; c++)
                {
                    var label = c < task.ClassCount ? $"{c} {task.ClassNames[c]}" : "255 void";
                    table.AddRow(Markup.Escape(label), h[c].ToString("N0"), total == 0 ? "-" : $"{100.0 * h[c] / total:F2}%");
                }
                AnsiConsole.Write(table);
            }
            return report.Ok ? 0 : 1;
        })));
        return command;
    }
}
