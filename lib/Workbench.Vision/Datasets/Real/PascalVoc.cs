using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// PASCAL VOC 2011/2012 segmentation as distributed (VOCdevkit/VOC2012): JPEGImages/ID.jpg,
/// SegmentationClass/ID.png (palette indices: 0 background, 1–20 classes, 255 void) and
/// ImageSets/Segmentation/SPLIT.txt. The split "seg11valid" is the paper's 736-image validation
/// set shipped with the workbench, unless the directory has a seg11valid.txt of its own (as NYUDv2's
/// and SIFT Flow's lists; the test fixtures do); a path to any list file also works.
/// </summary>
public sealed class PascalVoc : FileDataset
{
    public PascalVoc(string root, string split = "seg11valid")
        : base("voc", root, ResolveSplit(root, split))
    {
        Split = split;
    }

    public string Split { get; }
    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Voc) };

    static IReadOnlyList<string> ResolveSplit(string root, string split)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the VOC directory (…/VOCdevkit/VOC2012) does not exist");
        var own = Path.Combine(root, "ImageSets", "Segmentation", split + ".txt");
        if (split == "seg11valid" && !File.Exists(own)) return ClassLists.Seg11Valid;
        if (File.Exists(split)) return ReadSplit(split);
        return ReadSplit(own);
    }

    public string ImagePath(string id) => Path.Combine(Root, "JPEGImages", id + ".jpg");
    public string LabelPath(string id) => Path.Combine(Root, "SegmentationClass", id + ".png");

    public override IEnumerable<string> FilesOf(string id) => new[] { ImagePath(id), LabelPath(id) };

    /// <summary>An image without labels, as the test sets are distributed (Table 3).</summary>
    public SegmentationSample LoadUnlabelled(string id)
    {
        var image = ReadColor(ImagePath(id));
        return new SegmentationSample(id, image,
            new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(image, Means.VocBgr) },
            new Dictionary<string, LabelMap>());
    }

    public override SegmentationSample Load(string id)
    {
        var imagePath = ImagePath(id);
        var labelPath = LabelPath(id);
        var image = ReadColor(imagePath);
        var labels = Png.ReadLabels(Require(labelPath, "the label PNG"));
        SameSize(imagePath, image, labelPath, labels.Height, labels.Width);
        labels.Validate(21, labelPath);
        return new SegmentationSample(id, image,
            new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(image, Means.VocBgr) },
            new Dictionary<string, LabelMap> { [LabelTask.Semantic] = labels });
    }
}
