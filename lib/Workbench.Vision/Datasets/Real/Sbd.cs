using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// The Semantic Boundaries Dataset (benchmark_RELEASE/dataset): img/ID.jpg, cls/ID.mat whose
/// struct GTcls has the field Segmentation (class indices 0–20), and train.txt / val.txt.
/// The paper trains on SBD train (8,498 images).
/// </summary>
public sealed class Sbd : FileDataset
{
    public Sbd(string root, string split = "train")
        : base("sbd", root, ResolveSplit(root, split))
    {
        Split = split;
    }

    public string Split { get; }
    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Voc) };

    static IReadOnlyList<string> ResolveSplit(string root, string split)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the SBD directory (…/benchmark_RELEASE/dataset) does not exist");
        return File.Exists(split) ? ReadSplit(split) : ReadSplit(Path.Combine(root, split + ".txt"));
    }

    public string ImagePath(string id) => Path.Combine(Root, "img", id + ".jpg");
    public string LabelPath(string id) => Path.Combine(Root, "cls", id + ".mat");

    public override IEnumerable<string> FilesOf(string id) => new[] { ImagePath(id), LabelPath(id) };

    public override SegmentationSample Load(string id)
    {
        var imagePath = ImagePath(id);
        var labelPath = LabelPath(id);
        var image = ReadColor(imagePath);
        var mat = MatFile.Read(Require(labelPath, "the class .mat"));
        var gt = Variable(mat, labelPath, "GTcls");
        if (gt is not MatStruct gtStruct)
            throw new InvalidDataException($"{labelPath}: 'GTcls' is a {gt.Class.MatlabName()}, expected a struct");
        var (values, rows, columns) = Matrix(gtStruct.Field("Segmentation"), labelPath, "GTcls.Segmentation");
        var labels = ShiftedLabels(values, rows, columns, shift: 0, classCount: 21, labelPath, "GTcls.Segmentation");
        SameSize(imagePath, image, labelPath, rows, columns);
        return new SegmentationSample(id, image,
            new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(image, Means.VocBgr) },
            new Dictionary<string, LabelMap> { [LabelTask.Semantic] = labels });
    }
}
