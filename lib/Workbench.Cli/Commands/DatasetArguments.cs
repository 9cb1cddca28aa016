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
    public readonly Option<string?> Split = new("--split") { Description = "split (default: the dataset's own)" };
    public readonly Option<int> Count = new("--count") { Description = "synthetic: number of images", DefaultValueFactory = _ => 100 };
    public readonly Option<int> Size = new("--size") { Description = "synthetic: image size in pixels", DefaultValueFactory = _ => 128 };
    public readonly Option<long> DataSeed = new("--data-seed") { Description = "synthetic: dataset seed", DefaultValueFactory = _ => 0 };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Dataset, Root, Split, Count, Size, DataSeed }) c.Options.Add(o);
    }

    /// <summary>The numeric options in range, before any dataset is opened (<see cref="OptionRanges"/>).</summary>
    public void Check(ParseResult r) => OptionRanges.Synthetic(r.GetValue(Size), r.GetValue(Count));

    public ISegmentationDataset Open(ParseResult r, bool validation = false)
    {
        string name = r.GetValue(Dataset)!;
        string? root = r.GetValue(Root), split = r.GetValue(Split);
        string Need() => root ?? throw new ArgumentException($"--root is needed for the {name} dataset");
        return name switch
        {
            "synthetic-voc" => new SyntheticVoc(r.GetValue(Count), r.GetValue(Size), r.GetValue(Size),
                r.GetValue(DataSeed) + (validation ? 1_000_003 : 0)),
            // Training scenes from Fashion-MNIST's training items, validation scenes from its test items.
            "fashion-scenes" => validation
                ? FashionScenes.Test(r.GetValue(Count), r.GetValue(Size), r.GetValue(Size), r.GetValue(DataSeed) + 1_000_003, root ?? Vision.Datasets.Classification.FashionMnist.DefaultRoot)
                : FashionScenes.Train(r.GetValue(Count), r.GetValue(Size), r.GetValue(Size), r.GetValue(DataSeed), root ?? Vision.Datasets.Classification.FashionMnist.DefaultRoot),
            "voc" => new PascalVoc(Need(), split ?? "seg11valid"),
            "sbd" => new Sbd(Need(), split ?? (validation ? "val" : "train")),
            "siftflow" => new SiftFlow(Need(), split ?? (validation ? "test" : "trainval")),
            "nyud" => new Nyud(Need(), split ?? (validation ? "test" : "train")),
            _ => throw new ArgumentException($"unknown dataset '{name}'; known: voc, sbd, siftflow, nyud, synthetic-voc, fashion-scenes"),
        };
    }
}
