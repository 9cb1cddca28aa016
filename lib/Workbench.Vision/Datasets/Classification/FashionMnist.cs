using System.Collections.Concurrent;

namespace Workbench.Vision.Datasets.Classification;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test 28×28 grey
/// images of ten kinds of clothing, in MNIST's IDX files. Debian's <c>dataset-fashion-mnist</c>
/// installs them gzip-compressed under <see cref="DefaultRoot"/>; uncompressed copies (the names
/// without <c>.gz</c>) are read as well.
/// </summary>
public static class FashionMnist
{
    public const string DefaultRoot = "/usr/share/datasets/fashion-mnist";

    /// <summary>The label order of the dataset's README.</summary>
    public static readonly IReadOnlyList<string> ClassNames = new[]
    {
        "t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot",
    };

    public static readonly IReadOnlyList<string> Splits = new[] { "train", "test" };

    static readonly ConcurrentDictionary<(string, string), Lazy<ClassificationSet>> Loaded = new();

    /// <summary>
    /// A split read once per process and shared (a set is read-only): pretraining and the scenes of
    /// every notebook cell use the same 47 MB instead of decompressing it again.
    /// </summary>
    public static ClassificationSet Shared(string root = DefaultRoot, string split = "train") =>
        Loaded.GetOrAdd((Path.GetFullPath(root), split), k => new Lazy<ClassificationSet>(() => Load(k.Item1, k.Item2))).Value;

    /// <summary>Whether both files of <paramref name="split"/> are present under <paramref name="root"/>.</summary>
    public static bool IsPresent(string root = DefaultRoot, string split = "train") =>
        Find(root, Stem(split, "images")) is not null && Find(root, Stem(split, "labels")) is not null;

    /// <summary>Reads a split ("train" or "test", the files' t10k) from <paramref name="root"/>.</summary>
    public static ClassificationSet Load(string root = DefaultRoot, string split = "train")
    {
        string imagesStem = Stem(split, "images"), labelsStem = Stem(split, "labels");
        var imagesPath = Find(root, imagesStem) ?? throw Missing(root, imagesStem);
        var labelsPath = Find(root, labelsStem) ?? throw Missing(root, labelsStem);
        var images = IdxFile.Read(imagesPath, rank: 3);
        var labels = IdxFile.Read(labelsPath, rank: 1);
        if (images.Count != labels.Count)
            throw new InvalidDataException($"{imagesPath} holds {images.Count} images but {labelsPath} {labels.Count} labels");
        return new ClassificationSet($"fashion-mnist-{split}", images.Dimensions[1], images.Dimensions[2], images.Data, labels.Data, ClassNames);
    }

    static string Stem(string split, string kind) => split switch
    {
        "train" => $"train-{kind}-idx{(kind == "images" ? 3 : 1)}-ubyte",
        "test" => $"t10k-{kind}-idx{(kind == "images" ? 3 : 1)}-ubyte",
        _ => throw new ArgumentException($"Fashion-MNIST split must be {string.Join(" or ", Splits)}, not '{split}'", nameof(split)),
    };

    static string? Find(string root, string stem) =>
        new[] { stem + ".gz", stem }.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);

    static FileNotFoundException Missing(string root, string stem) =>
        new($"{Path.Combine(root, stem)}.gz (or {stem}) not found; Debian's dataset-fashion-mnist package installs it under {DefaultRoot} (scripts/install-deps.sh)",
            Path.Combine(root, stem + ".gz"));
}
