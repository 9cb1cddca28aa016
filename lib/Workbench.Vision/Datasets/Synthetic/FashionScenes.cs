using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// Segmentation scenes made of real Fashion-MNIST items: one to three items, each scaled to
/// between 40% and 80% of the shorter image side (objects several stride-32 cells across, as
/// PASCAL's are at 500 pixels), mirrored or not, tinted with a textured colour
/// that keeps the item's own grey pattern, and placed over a textured background with clutter
/// (later items occlude earlier ones). The mask of an item is its silhouette — the item's pixels
/// brighter than <see cref="SilhouetteThreshold"/> — labelled with its class + 1 (0 is background);
/// a void band lies around items on the background side, as in <see cref="SyntheticVoc"/>.
/// The classes are those a Fashion-MNIST classifier learns, so a net pretrained on them (§3.1)
/// has something to transfer. Use the training items (<see cref="Train"/>) for training scenes and
/// the test items (<see cref="Test"/>) for held-out scenes: no item is seen on both sides.
/// Scenes of Fashion-MNIST's own classes carry a second labelling, <see cref="KindTask"/>: each item's
/// kind (garment, footwear, bag), a coarser partition of the same pixels, as SIFT Flow's geometric
/// classes are of its semantic ones — the miniature's second task for a two-headed net (§5, Table 5).
/// </summary>
public sealed class FashionScenes : SyntheticDataset
{
    /// <summary>A Fashion-MNIST pixel at or above this grey level belongs to the item (the backgrounds are 0).</summary>
    public const byte SilhouetteThreshold = 24;

    readonly ClassificationSet items;

    public FashionScenes(ClassificationSet items, int count = 100, int height = 128, int width = 128, long seed = 0,
                         bool varySize = false, int voidBorder = 1)
        : base("fashion-scenes", count, height, width, seed, varySize)
    {
        if (items.Count == 0) throw new ArgumentException($"{items.Name}: no items to compose scenes from");
        if (items.ClassNames.Count > 254) throw new ArgumentException($"{items.Name}: {items.ClassNames.Count} classes do not fit labels 1..254");
        this.items = items;
        VoidBorder = voidBorder;
        var semantic = new LabelTask(LabelTask.Semantic, new[] { "background" }.Concat(items.ClassNames).ToArray());
        Tasks = items.ClassNames.SequenceEqual(FashionMnist.ClassNames) ? new[] { semantic, new LabelTask(KindTask, KindNames) } : new[] { semantic };
    }

    /// <summary>The second labelling's name: the kind of item each pixel belongs to.</summary>
    public const string KindTask = "kind";

    /// <summary>The kinds: background, then Fashion-MNIST's garments, footwear and bags.</summary>
    public static readonly IReadOnlyList<string> KindNames = new[] { "background", "garment", "footwear", "bag" };

    /// <summary>The kind of a scene's semantic label (background 0, a Fashion-MNIST class + 1, or void).</summary>
    public static byte KindOf(byte semantic) => semantic switch
    {
        LabelMap.Void => LabelMap.Void,
        0 => 0,
        6 or 8 or 10 => 2,   // sandal, sneaker, ankle boot
        9 => 3,              // bag
        _ => 1,              // t-shirt/top, trouser, pullover, dress, coat, shirt
    };

    /// <summary>Scenes of Fashion-MNIST's training items (read once per process from <paramref name="root"/>).</summary>
    public static FashionScenes Train(int count, int height = 128, int width = 128, long seed = 0, string root = FashionMnist.DefaultRoot) =>
        new(FashionMnist.Shared(root, "train"), count, height, width, seed);

    /// <summary>Scenes of Fashion-MNIST's test items, for held-out evaluation.</summary>
    public static FashionScenes Test(int count, int height = 128, int width = 128, long seed = 1, string root = FashionMnist.DefaultRoot) =>
        new(FashionMnist.Shared(root, "test"), count, height, width, seed);

    public int VoidBorder { get; }
    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; }

    protected override SegmentationSample Render(string id, int height, int width, ref SampleRandom rng)
    {
        var canvas = new Canvas(height, width);
        Compose(canvas, ref rng, items, VoidBorder, owners: null);
        var raw = canvas.ToImage(rng.NextSeed(), 6f);
        var inputs = new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(raw, Means.VocBgr) };
        var labels = new Dictionary<string, LabelMap> { [LabelTask.Semantic] = new LabelMap(width, height, canvas.Labels) };
        if (Tasks.Count > 1) labels[KindTask] = new LabelMap(width, height, Array.ConvertAll(canvas.Labels, KindOf));
        return new SegmentationSample(id, raw, inputs, labels);
    }

    /// <summary>
    /// Paints a scene on <paramref name="canvas"/>: the textured background with clutter, one to three items, the void
    /// band; returns how many items. Where <paramref name="owners"/> is given, each pixel an item covers gets the item's
    /// order (1 for the first painted; later items occlude earlier ones), 0 elsewhere, and <paramref name="grey"/> the
    /// item's grey level there (0–1).
    /// </summary>
    internal static int Compose(Canvas canvas, ref SampleRandom rng, ClassificationSet items, int voidBorder, int[]? owners, float[]? grey = null)
    {
        int height = canvas.Height, width = canvas.Width;
        float unit = Math.Min(height, width);
        SceneBackground.Paint(canvas, ref rng, unit, (0.25f, 0.9f), 0.25f);
        int count = rng.Next(1, 4);
        for (int k = 0; k < count; k++)
        {
            int item = rng.Next(0, items.Count);
            float side = DrawItemSide(ref rng, unit);
            // At most 15% of an item's box leaves the image on each side, so items are whole enough to name.
            float x0 = rng.Uniform(-0.15f * side, width - 0.85f * side), y0 = rng.Uniform(-0.15f * side, height - 0.85f * side);
            PaintItem(canvas, ref rng, items, item, x0, y0, side, unit, owners, k + 1, grey);
        }
        canvas.VoidBorders(0, voidBorder);
        return count;
    }

    /// <summary>The scene's side an item's size is drawn against: <see cref="ItemSide"/> of it.</summary>
    internal static float DrawItemSide(ref SampleRandom rng, float unit) => unit * rng.Uniform(ItemSide.Min, ItemSide.Max);

    /// <summary>An item's side as a fraction of the scene's shorter side.</summary>
    public static readonly (float Min, float Max) ItemSide = (0.40f, 0.80f);

    /// <summary>Item <paramref name="item"/> of <paramref name="items"/> with a random tint, mirror and gain, as every scene paints it.</summary>
    internal static void PaintItem(Canvas canvas, ref SampleRandom rng, ClassificationSet items, int item, float x0, float y0, float side, float unit,
                                   int[]? owners = null, int owner = 0, float[]? grey = null)
    {
        canvas.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.3f, 0.9f), rng.Uniform(0.55f, 1f), 6f / unit);
        DrawItem(canvas, items.Image(item), items.Height, items.Width, (byte) (items.Label(item) + 1), x0, y0, side,
                 mirror: rng.Chance(0.5), gain: rng.Uniform(0.85f, 1.1f), owners, owner, grey);
    }

    /// <summary>
    /// Paints one item, its top-left corner at (x0, y0) and <paramref name="side"/> pixels square,
    /// sampling the grey image bilinearly; the grey level modulates the paint, so folds, prints and
    /// seams stay visible, and the silhouette (grey ≥ the threshold) is the label.
    /// </summary>
    static void DrawItem(Canvas canvas, ReadOnlySpan<byte> grey, int rows, int cols, byte label, float x0, float y0, float side,
                         bool mirror, float gain, int[]? owners, int owner, float[]? greys)
    {
        int xa = Math.Max(0, (int) MathF.Floor(x0)), xb = Math.Min(canvas.Width - 1, (int) MathF.Ceiling(x0 + side));
        int ya = Math.Max(0, (int) MathF.Floor(y0)), yb = Math.Min(canvas.Height - 1, (int) MathF.Ceiling(y0 + side));
        for (int y = ya; y <= yb; y++)
            for (int x = xa; x <= xb; x++)
            {
                float u = (x + 0.5f - x0) / side * cols - 0.5f, v = (y + 0.5f - y0) / side * rows - 0.5f;
                if (mirror) u = cols - 1 - u;
                float g = Bilinear(grey, rows, cols, u, v);
                if (g < SilhouetteThreshold) continue;
                canvas.Gain = gain * (0.3f + 0.7f * g / 255f);
                canvas.Plot(x, y, label);
                if (owners is not null) owners[y * canvas.Width + x] = owner;
                if (greys is not null) greys[y * canvas.Width + x] = g / 255f;
            }
    }

    /// <summary>The grey level at (u, v) in pixel-centre coordinates; 0 (the items' background) outside.</summary>
    static float Bilinear(ReadOnlySpan<byte> grey, int rows, int cols, float u, float v)
    {
        if (u <= -1 || v <= -1 || u >= cols || v >= rows) return 0;
        int c0 = (int) MathF.Floor(u), r0 = (int) MathF.Floor(v);
        float fu = u - c0, fv = v - r0;
        return (1 - fv) * ((1 - fu) * At(grey, rows, cols, r0, c0) + fu * At(grey, rows, cols, r0, c0 + 1))
             + fv * ((1 - fu) * At(grey, rows, cols, r0 + 1, c0) + fu * At(grey, rows, cols, r0 + 1, c0 + 1));
    }

    static float At(ReadOnlySpan<byte> grey, int rows, int cols, int r, int c) =>
        (uint) r < (uint) rows && (uint) c < (uint) cols ? grey[r * cols + c] : 0;
}
