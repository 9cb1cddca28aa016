namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// A dataset drawn on demand: item i is a pure function of (seed, i), so it is identical on every
/// machine, thread and run, and needs no files. Sizes are any H×W; with <see cref="VarySize"/> each
/// item draws its own size between 3/4 and all of it (as real datasets mix image sizes).
/// </summary>
public abstract class SyntheticDataset : ISegmentationDataset
{
    protected SyntheticDataset(string name, int count, int height, int width, long seed, bool varySize)
    {
        if (count < 0) throw new ArgumentException($"{name}: count must be ≥ 0, got {count}");
        if (height < 8 || width < 8) throw new ArgumentException($"{name}: images must be at least 8×8, got {height}×{width}");
        Name = name;
        Count = count;
        Height = height;
        Width = width;
        Seed = seed;
        VarySize = varySize;
    }

    public string Name { get; }
    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public long Seed { get; }
    public bool VarySize { get; }

    public abstract IReadOnlyList<string> Inputs { get; }
    public abstract IReadOnlyList<LabelTask> Tasks { get; }
    public IReadOnlyList<string> ClassNames => Tasks[0].ClassNames;

    public string IdAt(int index)
    {
        CheckIndex(index);
        return $"{Name}-{Seed}-{index:D6}";
    }

    public SegmentationSample Get(int index)
    {
        CheckIndex(index);
        var rng = new SampleRandom(Seed, index);
        int h = Height, w = Width;
        if (VarySize)
        {
            h = Math.Max(8, (int) Math.Round(Height * rng.Uniform(0.75, 1.0)));
            w = Math.Max(8, (int) Math.Round(Width * rng.Uniform(0.75, 1.0)));
        }
        return Render(IdAt(index), h, w, ref rng);
    }

    protected abstract SegmentationSample Render(string id, int height, int width, ref SampleRandom rng);

    void CheckIndex(int index)
    {
        if ((uint) index >= (uint) Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{Name}: index {index} is outside 0..{Count - 1}");
    }
}
