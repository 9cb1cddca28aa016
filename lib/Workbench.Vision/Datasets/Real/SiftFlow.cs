using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// SIFT Flow as distributed (SiftFlowDataset.zip): Images/spatial_envelope_256x256_static_8outdoorcategories/ID.jpg,
/// SemanticLabels/…/ID.mat and GeoLabels/…/ID.mat, each with the matrix S. As FCN's layer:
/// geometric −1 → 0 first, then both minus one with uint8 wrap-around, so 0 → 255 void; 33
/// semantic classes, 3 geometric (sky, horizontal, vertical). Cow, desert and moon never occur in
/// the test split and are left out of <see cref="LabelTask.EvaluatedClasses"/>.
/// </summary>
public sealed class SiftFlow : FileDataset
{
    const string Category = "spatial_envelope_256x256_static_8outdoorcategories";

    public SiftFlow(string root, string split = "trainval")
        : base("siftflow", root, ResolveSplit(root, split))
    {
        Split = split;
        var absent = new[] { "cow", "desert", "moon" };
        var evaluated = Enumerable.Range(0, ClassLists.SiftFlowSemantic.Count).Where(c => !absent.Contains(ClassLists.SiftFlowSemantic[c])).ToArray();
        Tasks = new[]
        {
            new LabelTask(LabelTask.Semantic, ClassLists.SiftFlowSemantic, evaluated),
            new LabelTask(LabelTask.Geometric, ClassLists.SiftFlowGeometric),
        };
    }

    public string Split { get; }
    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; }

    static IReadOnlyList<string> ResolveSplit(string root, string split)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the SIFT Flow directory does not exist");
        if (File.Exists(split)) return ReadSplit(split);
        var file = Path.Combine(root, split + ".txt");
        return File.Exists(file) ? ReadSplit(file) : ClassLists.SiftFlowSplit(split);
    }

    public string ImagePath(string id) => Path.Combine(Root, "Images", Category, id + ".jpg");
    public string SemanticPath(string id) => Path.Combine(Root, "SemanticLabels", Category, id + ".mat");
    public string GeometricPath(string id) => Path.Combine(Root, "GeoLabels", Category, id + ".mat");

    public override IEnumerable<string> FilesOf(string id) => new[] { ImagePath(id), SemanticPath(id), GeometricPath(id) };

    public override SegmentationSample Load(string id)
    {
        var imagePath = ImagePath(id);
        var image = ReadColor(imagePath);
        var semantic = ReadLabels(SemanticPath(id), 33, geometric: false);
        var geometric = ReadLabels(GeometricPath(id), 3, geometric: true);
        SameSize(imagePath, image, SemanticPath(id), semantic.Height, semantic.Width);
        SameSize(imagePath, image, GeometricPath(id), geometric.Height, geometric.Width);
        return new SegmentationSample(id, image,
            new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(image, Means.SiftFlowBgr) },
            new Dictionary<string, LabelMap> { [LabelTask.Semantic] = semantic, [LabelTask.Geometric] = geometric });
    }

    static LabelMap ReadLabels(string path, int classes, bool geometric)
    {
        var (values, rows, columns) = ReadMatrix(path, "S", geometric ? "the geometric label .mat" : "the semantic label .mat");
        if (geometric)
            for (int i = 0; i < values.Length; i++)
                if (values[i] == -1) values[i] = 0;
        return ShiftedLabels(values, rows, columns, shift: 1, classes, path, "S");
    }
}
