using Workbench.Weights;

namespace Workbench.Notebooks.Scales;

/// <summary>
/// The ILSVRC classifier a notebook's FCN trunk starts from (§3.1). The paper fine-tunes every net
/// from one and calls training from random initialisation infeasible, so at <c>paper</c> scale the
/// weights parameter is required: an empty, missing or unreadable file stops the run before any
/// data is read, naming the parameter, the file and the `data-scripts/` command that fetches it.
/// At <c>smoke</c> and <c>small</c> scale an empty parameter means a He-normal trunk (the nets are
/// narrower than any published classifier). The weights themselves load through
/// <c>Surgery.FromClassifier</c>, the one mapping of Caffe and torchvision names the CLI uses too.
/// </summary>
public static class ClassifierWeights
{
    /// <summary>Where each backbone's classifier comes from: the `data fetch` name and the file it writes.</summary>
    public static readonly IReadOnlyDictionary<string, (string Fetch, string File)> Sources = new Dictionary<string, (string, string)>
    {
        ["vgg16"] = ("vgg16", "VGG_ILSVRC_16_layers.caffemodel"),
        ["alexnet"] = ("caffenet", "bvlc_reference_caffenet.caffemodel"),
        ["googlenet"] = ("googlenet", "bvlc_googlenet.caffemodel"),
    };

    /// <summary>
    /// The weights file to start <paramref name="backbone"/>'s trunk from, or null for a He-normal
    /// start (below paper scale, when <paramref name="path"/> is empty). At paper scale an empty
    /// <paramref name="path"/>, a file that does not exist or one that is no weights file is an
    /// error naming <paramref name="parameter"/>.
    /// </summary>
    public static string? Require(Scale scale, string parameter, string path, string backbone)
    {
        if (!Sources.TryGetValue(backbone, out var source))
            throw new ArgumentException($"unknown backbone '{backbone}'; known: {string.Join(", ", Sources.Keys)}", nameof(backbone));
        if (!scale.IsPaper) return string.IsNullOrWhiteSpace(path) ? null : path;
        var fetch = $"get it with `data-scripts/fetch.sh {source.Fetch} ROOT` (or `workbench data fetch --dataset {source.Fetch} --root ROOT`) " +
                    $"and run with -p {parameter}=ROOT/{source.File}; a torchvision .pth with the same layers serves too";
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"-p {parameter} is empty: scale paper fine-tunes from the {backbone} ILSVRC classifier's weights (§3.1; " +
                                        $"the paper calls training from random initialisation infeasible); {fetch}");
        if (!File.Exists(path))
            throw new FileNotFoundException($"-p {parameter}={path}: no such file (scale paper needs the {backbone} ILSVRC classifier's weights); {fetch}", path);
        try
        {
            WeightsFile.Detect(path);
        }
        catch (Exception e) when (e is WeightsFormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"-p {parameter}={path}: cannot be read as weights ({e.Message}); {fetch}", e);
        }
        return path;
    }
}
