using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// NYUDv2 as prepared for FCN (nyud.tar.gz): data/images/img_ID.png (colour),
/// data/depth/img_ID.png (depth in mm, 16-bit), data/hha/img_ID.png (HHA bytes),
/// segmentation/img_ID.mat with the variable 'segmentation' (0 void, 1–40 Gupta et al.'s classes),
/// and SPLIT.txt lists (falling back to the lists shipped with the workbench). Any combination of
/// inputs colour, depth and HHA; labels are shifted down by one so that 0 → 255 void.
/// </summary>
public sealed class Nyud : FileDataset
{
    public Nyud(string root, string split = "train", IEnumerable<string>? inputs = null)
        : base("nyud", root, ResolveSplit(root, split))
    {
        Split = split;
        var list = (inputs ?? new[] { InputKind.Color }).ToArray();
        if (list.Length == 0) throw new ArgumentException("nyud: choose at least one input (color, depth, hha)");
        foreach (var k in list) InputKind.Channels(k);
        Inputs = list;
    }

    public string Split { get; }
    public override IReadOnlyList<string> Inputs { get; }
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Nyud) };

    static IReadOnlyList<string> ResolveSplit(string root, string split)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the NYUDv2 directory (FCN's nyud layout) does not exist");
        if (File.Exists(split)) return ReadSplit(split);
        var file = Path.Combine(root, split + ".txt");
        return File.Exists(file) ? ReadSplit(file) : ClassLists.NyudSplit(split);
    }

    public string ColorPath(string id) => Path.Combine(Root, "data", "images", $"img_{id}.png");
    public string DepthPath(string id) => Path.Combine(Root, "data", "depth", $"img_{id}.png");
    public string HhaPath(string id) => Path.Combine(Root, "data", "hha", $"img_{id}.png");
    public string LabelPath(string id) => Path.Combine(Root, "segmentation", $"img_{id}.mat");

    public override IEnumerable<string> FilesOf(string id)
    {
        yield return ColorPath(id);
        if (Inputs.Contains(InputKind.Depth)) yield return DepthPath(id);
        if (Inputs.Contains(InputKind.Hha)) yield return HhaPath(id);
        yield return LabelPath(id);
    }

    /// <summary>The depth map of item <paramref name="id"/> in mm (0 = missing).</summary>
    public float[] ReadDepthMm(string id, out int height, out int width)
    {
        var path = DepthPath(id);
        var depth = Png.Read16(Require(path, "the depth PNG"));
        if (depth.Channels != 1) throw new InvalidDataException($"{path}: a depth map has one channel, this one {depth.Channels}");
        height = depth.Height;
        width = depth.Width;
        var mm = new float[depth.Pixels.Length];
        for (int i = 0; i < mm.Length; i++) mm[i] = depth.Pixels[i];
        return mm;
    }

    public override SegmentationSample Load(string id)
    {
        var colorPath = ColorPath(id);
        var labelPath = LabelPath(id);
        // The colour image is read even for depth-only inputs: it is the sample's picture for display.
        var image = ReadColor(colorPath);
        var (values, rows, columns) = ReadMatrix(labelPath, "segmentation", "the segmentation .mat");
        var labels = ShiftedLabels(values, rows, columns, shift: 1, classCount: 40, labelPath, "segmentation");
        SameSize(colorPath, image, labelPath, rows, columns);

        var inputs = new Dictionary<string, Planes>();
        foreach (var kind in Inputs)
        {
            switch (kind)
            {
                case InputKind.Color:
                    inputs[kind] = Planes.FromColor(image, Means.NyudBgr);
                    break;
                case InputKind.Depth:
                    var depth = ReadDepthMm(id, out int dh, out int dw);
                    if (dh != rows || dw != columns)
                        throw new InvalidDataException($"{DepthPath(id)}: depth is {dh}×{dw} but the labels {labelPath} are {rows}×{columns}");
                    inputs[kind] = Planes.FromLogDepth(depth, dh, dw);
                    break;
                default:
                    var hhaPath = HhaPath(id);
                    var hha = Png.Read(Require(hhaPath, "the HHA PNG"));
                    if (hha.Channels != 3) throw new InvalidDataException($"{hhaPath}: HHA has 3 channels, this image {hha.Channels}");
                    if (hha.Height != rows || hha.Width != columns)
                        throw new InvalidDataException($"{hhaPath}: HHA is {hha.Height}×{hha.Width} but the labels {labelPath} are {rows}×{columns}");
                    inputs[kind] = Planes.FromHha(hha.Pixels, rows, columns, Means.NyudHha);
                    break;
            }
        }
        return new SegmentationSample(id, image, inputs, new Dictionary<string, LabelMap> { [LabelTask.Semantic] = labels });
    }
}
