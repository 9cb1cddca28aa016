using System.CommandLine;
using Workbench.Vision.Datasets;
using Workbench.Vision.Datasets.Real;
using Workbench.Vision.Datasets.Synthetic;

namespace Workbench.Cli.Commands;

/// <summary>The --dataset/--root/--split options shared by train and eval.</summary>
internal sealed class DatasetArguments
{
    public readonly Option<string> Dataset = new("--dataset")
    {
        Description = "voc, sbd, siftflow, nyud, synthetic-voc (no files needed), or fashion-scenes (Fashion-MNIST items; --root: its IDX files)", DefaultValueFactory = _ => "synthetic-voc",
    };
    public readonly Option<string?> Root = new("--root") { Description = "dataset root directory (real datasets)" };
    public readonly Option<string?> Split = new("--split")
    {
        Description = "split (default: train the dataset's training split, eval its validation split: voc seg11valid, sbd val, siftflow test, nyud test, synthetic val, fashion-scenes test)",
    };
    public readonly Option<int> Count = new("--count") { Description = "synthetic: number of images", DefaultValueFactory = _ => 100 };
    public readonly Option<int> Size = new("--size") { Description = "synthetic: image size in pixels", DefaultValueFactory = _ => 128 };
    public readonly Option<long> DataSeed = new("--data-seed") { Description = "synthetic: dataset seed", DefaultValueFactory = _ => 0 };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Dataset, Root, Split, Count, Size, DataSeed }) c.Options.Add(o);
    }

    /// <summary>The numeric options in range, before any dataset is opened (<see cref="OptionRanges"/>).</summary>
    public void Check(ParseResult r) => OptionRanges.Synthetic(r.GetValue(Size), r.GetValue(Count));

    /// <summary>
    /// The split <see cref="Split"/> names, or the dataset's training split (<paramref name="validation"/>:
    /// its validation split, the one §5 scores: VOC seg11valid, SBD val, SIFT Flow and NYUDv2 test; the
    /// synthetic sets' held-out images). <paramref name="split"/> overrides the option (train's --val-split).
    /// </summary>
    public Opened Open(ParseResult r, bool validation = false, string? split = null)
    {
        string name = r.GetValue(Dataset)!;
        string? root = r.GetValue(Root);
        split ??= r.GetValue(Split);
        string Need() => root ?? throw new ArgumentException($"--root is needed for the {name} dataset");
        string Pick(string train, string val, params string[] others)
        {
            var chosen = split ?? (validation ? val : train);
            var known = new[] { train, val }.Concat(others).Distinct().ToArray();
            // The real datasets list their split files themselves; the synthetic ones have only these.
            if (name is "synthetic-voc" or "fashion-scenes" && !known.Contains(chosen))
                throw new ArgumentException($"--split {Workbench.Engine.Printable.Escape(chosen)}: the {name} dataset has splits {string.Join(", ", known)}");
            return chosen;
        }
        int count = r.GetValue(Count), size = r.GetValue(Size);
        long seed = r.GetValue(DataSeed);
        string fashionRoot = root ?? Vision.Datasets.Classification.FashionMnist.DefaultRoot;
        switch (name)
        {
            case "synthetic-voc":
            {
                var s = Pick("train", "val");
                return new(new SyntheticVoc(count, size, size, seed + (s == "val" ? 1_000_003 : 0)), s);
            }
            case "fashion-scenes":
            {
                // Training scenes from Fashion-MNIST's training items, validation scenes from its test items.
                var s = Pick("train", "test");
                return new(s == "test" ? FashionScenes.Test(count, size, size, seed + 1_000_003, fashionRoot) : FashionScenes.Train(count, size, size, seed, fashionRoot), s);
            }
            case "voc": { var s = Pick("seg11valid", "seg11valid"); return new(new PascalVoc(Need(), s), s); }
            case "sbd": { var s = Pick("train", "val"); return new(new Sbd(Need(), s), s); }
            case "siftflow": { var s = Pick("trainval", "test"); return new(new SiftFlow(Need(), s), s); }
            case "nyud": { var s = Pick("train", "test"); return new(new Nyud(Need(), s), s); }
            default: throw new ArgumentException($"unknown dataset '{name}'; known: voc, sbd, siftflow, nyud, synthetic-voc, fashion-scenes");
        }
    }

    /// <summary>A dataset as opened, with the split it was opened on (for the report of what was scored).</summary>
    public sealed record Opened(ISegmentationDataset Set, string Split)
    {
        public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Set.Name} {Split}, {Set.Count:N0} images");
    }
}
