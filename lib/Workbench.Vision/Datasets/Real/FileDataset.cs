using Workbench.Vision.Imaging;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Datasets.Real;

/// <summary>
/// A dataset read from its distributed directory layout: a list of ids (a split file) and, per
/// id, files found by fixed patterns. Nothing is read until <see cref="Get"/>; every error names
/// the file and what was expected.
/// </summary>
public abstract class FileDataset : ISegmentationDataset
{
    protected FileDataset(string name, string root, IReadOnlyList<string> ids)
    {
        Name = name;
        Root = root;
        Ids = ids;
    }

    public string Name { get; }
    public string Root { get; }
    public IReadOnlyList<string> Ids { get; }
    public int Count => Ids.Count;
    public abstract IReadOnlyList<string> Inputs { get; }
    public abstract IReadOnlyList<LabelTask> Tasks { get; }
    public IReadOnlyList<string> ClassNames => Tasks[0].ClassNames;

    public string IdAt(int index) =>
        (uint) index < (uint) Ids.Count ? Ids[index]
            : throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: index {index} is outside 0..{Ids.Count - 1}");

    public SegmentationSample Get(int index) => Load(IdAt(index));

    /// <summary>Loads one item by id.</summary>
    public abstract SegmentationSample Load(string id);

    /// <summary>The files item <paramref name="id"/> needs (for layout checks).</summary>
    public abstract IEnumerable<string> FilesOf(string id);

    /// <summary>The ids of a split file: one per line, blank lines ignored.</summary>
    public static string[] ReadSplit(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"split file {path} does not exist", path);
        return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    protected static string Require(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: {what} is missing", path);
        return path;
    }

    protected static Image ReadColor(string path)
    {
        var image = ImageFile.Read(Require(path, "the image"));
        if (image.Channels != 3) image = image.ToRgb();
        return image;
    }

    protected static void SameSize(string imagePath, Image image, string labelPath, int height, int width)
    {
        if (image.Height != height || image.Width != width)
            throw new InvalidDataException(
                $"{labelPath}: labels are {height}×{width} (H×W) but the image {imagePath} is {image.Height}×{image.Width}");
    }

    /// <summary>A 2-D numeric variable of a .mat file as row-major doubles, with its size.</summary>
    protected static (double[] Values, int Rows, int Columns) Matrix(MatArray array, string path, string key)
    {
        if (array is not MatNumericArray numeric)
            throw new InvalidDataException($"{path}: '{key}' is a {array.Class.MatlabName()}, expected a numeric matrix");
        if (numeric.Dimensions.Length != 2)
            throw new InvalidDataException($"{path}: '{key}' has shape {numeric.Shape}, expected a 2-D matrix");
        var (rows, columns) = numeric.Size2D();
        return (numeric.ToDoubleArray2D(), rows, columns);
    }

    /// <summary>The 2-D numeric variable <paramref name="key"/> of the .mat file at <paramref name="path"/>, which must exist.</summary>
    protected static (double[] Values, int Rows, int Columns) ReadMatrix(string path, string key, string what) =>
        Matrix(Variable(MatFile.Read(Require(path, what)), path, key), path, key);

    protected static MatArray Variable(MatFile file, string path, string key) =>
        file.Contains(key) ? file[key]
            : throw new KeyNotFoundException($"{path}: no variable '{key}' (has: {string.Join(", ", file.Names)})");

    /// <summary>
    /// Labels from a .mat matrix: value v becomes v − shift (so with shift 1, 0 → 255 void, as
    /// uint8 arithmetic wraps in the reference), checked to be integers in the class range.
    /// </summary>
    protected static LabelMap ShiftedLabels(double[] values, int rows, int columns, int shift, int classCount, string path, string key)
    {
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v != Math.Floor(v) || v < 0 || v > 255)
                throw new InvalidDataException($"{path}: '{key}' holds {v} at (y={i / columns}, x={i % columns}); expected integer labels 0..255");
            bytes[i] = unchecked((byte) ((int) v - shift));
        }
        var labels = new LabelMap(columns, rows, bytes);
        labels.Validate(classCount, $"{path} ('{key}')");
        return labels;
    }
}
