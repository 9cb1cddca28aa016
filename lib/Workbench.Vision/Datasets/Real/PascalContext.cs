using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// PASCAL-Context (trainval.tar.gz) over VOC2010: images VOC2010/JPEGImages/ID.jpg, labels
/// CONTEXT/trainval/ID.mat with the matrix LabelMap over the full label list (1-based into
/// labels.txt), ids from VOC2010/ImageSets/Main/SPLIT.txt. Labels are mapped to the 59-class task
/// + background (0) as FCN's layer does: names compared without spaces, with the task's
/// 'diningtable', 'bedcloth' and 'clothes' matched to 'table', 'bedclothes' and 'cloth';
/// every other label becomes background. The mean is the layer's (104.007, 116.669, 122.679).
/// </summary>
public sealed class PascalContext : FileDataset
{
    public PascalContext(string vocRoot, string contextRoot, string split = "val")
        : base("pascal-context", vocRoot, ResolveSplit(vocRoot, contextRoot, split))
    {
        ContextRoot = contextRoot;
        Split = split;
    }

    public string ContextRoot { get; }
    public string Split { get; }
    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Context59) };

    /// <summary>For each full label 1..N (index 0 unused), its class in the 59 + background task.</summary>
    public static IReadOnlyList<byte> FullToTask => fullToTask.Value;

    static readonly Lazy<byte[]> fullToTask = new(() =>
    {
        static string Key(string s) => s.Replace(" ", "");
        var full = ClassLists.Context400.Select(Key).ToList();
        var map = new byte[full.Count + 1];
        var renames = new Dictionary<string, string> { ["diningtable"] = "table", ["bedcloth"] = "bedclothes", ["clothes"] = "cloth" };
        var task = ClassLists.Context59;
        for (int c = 1; c < task.Count; c++)
        {
            var name = Key(task[c]);
            if (renames.TryGetValue(name, out var renamed)) name = renamed;
            int k = full.IndexOf(name);
            if (k < 0) throw new InvalidDataException($"PASCAL-Context class '{task[c]}' is not in the full label list");
            map[k + 1] = (byte) c;
        }
        return map;
    });

    static IReadOnlyList<string> ResolveSplit(string vocRoot, string contextRoot, string split)
    {
        if (!Directory.Exists(vocRoot)) throw new DirectoryNotFoundException($"{vocRoot}: the VOC2010 directory does not exist");
        if (!Directory.Exists(contextRoot)) throw new DirectoryNotFoundException($"{contextRoot}: the PASCAL-Context directory does not exist");
        return File.Exists(split) ? ReadSplit(split) : ReadSplit(Path.Combine(vocRoot, "ImageSets", "Main", split + ".txt"));
    }

    public string ImagePath(string id) => Path.Combine(Root, "JPEGImages", id + ".jpg");
    public string LabelPath(string id) => Path.Combine(ContextRoot, "trainval", id + ".mat");

    public override IEnumerable<string> FilesOf(string id) => new[] { ImagePath(id), LabelPath(id) };

    public override SegmentationSample Load(string id)
    {
        var imagePath = ImagePath(id);
        var labelPath = LabelPath(id);
        var image = ReadColor(imagePath);
        var (values, rows, columns) = ReadMatrix(labelPath, "LabelMap", "the LabelMap .mat");
        var map = FullToTask;
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v != Math.Floor(v) || v < 0 || v >= map.Count)
                throw new InvalidDataException($"{labelPath}: 'LabelMap' holds {v} at (y={i / columns}, x={i % columns}); expected labels 0..{map.Count - 1}");
            bytes[i] = map[(int) v];
        }
        SameSize(imagePath, image, labelPath, rows, columns);
        return new SegmentationSample(id, image,
            new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(image, Means.ContextBgr) },
            new Dictionary<string, LabelMap> { [LabelTask.Semantic] = new LabelMap(columns, rows, bytes) });
    }
}
