using System.Reflection;

namespace Workbench.Vision.Datasets;

/// <summary>
/// The class and split lists of the FCN reference (fcn.berkeleyvision.org data/), shipped inside
/// this assembly as embedded resources (Data/…).
/// </summary>
public static class ClassLists
{
    public static IReadOnlyList<string> Voc => voc.Value;
    public static IReadOnlyList<string> Nyud => nyud.Value;
    public static IReadOnlyList<string> SiftFlowSemantic => siftSemantic.Value;
    public static IReadOnlyList<string> SiftFlowGeometric => siftGeometric.Value;

    /// <summary>PASCAL-Context's full label list (labels.txt, 459 names); element k is label k+1 of the LabelMap files.</summary>
    public static IReadOnlyList<string> Context400 => context400.Value;

    /// <summary>Background (0) and the 59 classes of the PASCAL-Context task: 60 entries.</summary>
    public static IReadOnlyList<string> Context59 => context59.Value;

    /// <summary>VOC2011 val minus SBD train: the 736 images of the paper's validation set.</summary>
    public static IReadOnlyList<string> Seg11Valid => seg11valid.Value;

    public static IReadOnlyList<string> NyudSplit(string split) => split switch
    {
        "train" => Lines("nyud/train.txt"),
        "val" => Lines("nyud/val.txt"),
        "test" => Lines("nyud/test.txt"),
        "trainval" => Lines("nyud/train.txt").Concat(Lines("nyud/val.txt")).ToArray(),
        _ => throw new ArgumentException($"unknown NYUDv2 split '{split}' (expected train, val, trainval or test)"),
    };

    public static IReadOnlyList<string> SiftFlowSplit(string split) => split switch
    {
        "trainval" => Lines("sift-flow/trainval.txt"),
        "test" => Lines("sift-flow/test.txt"),
        _ => throw new ArgumentException($"unknown SIFT Flow split '{split}' (expected trainval or test)"),
    };

    static readonly Lazy<string[]> voc = new(() => Lines("pascal/classes.txt"));
    static readonly Lazy<string[]> nyud = new(() => Lines("nyud/classes.txt"));
    static readonly Lazy<string[]> siftSemantic = new(() => Lines("sift-flow/semantic.txt"));
    static readonly Lazy<string[]> siftGeometric = new(() => Lines("sift-flow/geometric.txt"));
    static readonly Lazy<string[]> context400 = new(() => Numbered("pascal-context/classes-400.txt", 1));
    static readonly Lazy<string[]> context59 = new(() => Numbered("pascal-context/classes-59.txt", 0));
    static readonly Lazy<string[]> seg11valid = new(() => Lines("pascal/seg11valid.txt"));

    /// <summary>The non-empty lines of an embedded list, trimmed.</summary>
    public static string[] Lines(string resource)
    {
        var name = "Workbench.Vision.Data." + resource.Replace('/', '.');
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"embedded list '{resource}' is missing from Workbench.Vision");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    // "k: name" lines, checked to be numbered consecutively from `first`.
    static string[] Numbered(string resource, int first)
    {
        var lines = Lines(resource);
        var names = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            if (colon < 0 || !int.TryParse(lines[i][..colon], out var k) || k != first + i)
                throw new InvalidDataException($"embedded list '{resource}' line {i + 1}: expected '{first + i}: name', got '{lines[i]}'");
            names[i] = lines[i][(colon + 1)..].Trim();
        }
        return names;
    }
}
