using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// Classification images in the Fashion scenes' style, the miniature's ILSVRC: window i shows item
/// i of the split at the centre of a square window, at the size items have in scenes of side
/// <see cref="SceneSide"/>, tinted and on the scenes' textured ground, with zero to two other
/// items around it as context; its label is the centred item's class (0–9). An ILSVRC photo is an
/// object in context at about the scale PASCAL shows it, which is what lets its classifier's
/// features carry over to segmentation; an item upsampled to fill the frame on black is not
/// (docs/pretraining.md measures both). Window i is a pure function of (seed, i).
/// </summary>
public sealed class FashionWindows
{
    readonly ClassificationSet items;

    public FashionWindows(ClassificationSet items, int size, int sceneSide, long seed)
    {
        if (items.Count == 0) throw new ArgumentException($"{items.Name}: no items to show");
        if (size < 8 || size > 1024) throw new ArgumentException($"window side must be 8 to 1024 pixels, got {size}");
        if (sceneSide < 8 || sceneSide > 4096) throw new ArgumentException($"scene side must be 8 to 4096 pixels, got {sceneSide}");
        this.items = items;
        Size = size;
        SceneSide = sceneSide;
        Seed = seed;
    }

    public int Count => items.Count;
    public int Size { get; }

    /// <summary>The side of the scenes whose item sizes and textures the windows reproduce.</summary>
    public int SceneSide { get; }

    public long Seed { get; }
    public IReadOnlyList<string> ClassNames => items.ClassNames;

    /// <summary>The class of window <paramref name="index"/>: its centred item's.</summary>
    public int Label(int index) => items.Label(index);

    /// <summary>Window <paramref name="index"/>, BGR minus the VOC mean, as every segmentation input.</summary>
    public Planes Render(int index) => Planes.FromColor(RenderImage(index), Means.VocBgr);

    /// <summary>Window <paramref name="index"/> as an 8-bit image (for display).</summary>
    public Image RenderImage(int index)
    {
        var (canvas, grain) = Draw(index);
        return canvas.ToImage(grain, 6f);
    }

    /// <summary>Which item covers each pixel of window <paramref name="index"/>: its class + 1, 0 for the ground (as a scene's mask).</summary>
    public LabelMap Silhouettes(int index) => new(Size, Size, Draw(index).Canvas.Labels);

    (Canvas Canvas, uint Grain) Draw(int index)
    {
        if ((uint) index >= (uint) items.Count) throw new ArgumentOutOfRangeException(nameof(index), $"{items.Name}: index {index} is outside 0..{items.Count - 1}");
        var rng = new SampleRandom(Seed, index);
        var canvas = new Canvas(Size, Size);
        float unit = SceneSide;
        SceneBackground.Paint(canvas, ref rng, unit, (0.25f, 0.9f), 0.25f);
        // Context first, so the centred item is whole; it lies anywhere, as neighbours in a scene do.
        int context = rng.Next(0, 3);
        for (int k = 0; k < context; k++)
        {
            float s = FashionScenes.DrawItemSide(ref rng, unit);
            float x0 = rng.Uniform(-0.5f * s, Size - 0.5f * s), y0 = rng.Uniform(-0.5f * s, Size - 0.5f * s);
            FashionScenes.PaintItem(canvas, ref rng, items, rng.Next(0, items.Count), x0, y0, s, unit);
        }
        float side = FashionScenes.DrawItemSide(ref rng, unit);
        // Within a tenth of its side of the centre: the window is "about" this item, as an ILSVRC crop is.
        float cx = Size / 2f + rng.Uniform(-0.1f, 0.1f) * side, cy = Size / 2f + rng.Uniform(-0.1f, 0.1f) * side;
        FashionScenes.PaintItem(canvas, ref rng, items, index, cx - side / 2, cy - side / 2, side, unit);
        return (canvas, rng.NextSeed());
    }
}
