using Workbench.Vision.Datasets.Classification;
using Workbench.Vision.Depth;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// The Fashion scenes with depth, the miniature's NYUDv2 (§5, Table 4): each scene's colour image and labels
/// are a <see cref="FashionScenes"/> scene's, and its depth is what NYUDv2's camera would measure if the scene
/// stood in an empty room (<see cref="RoomScene"/>: floor, walls, ceiling at a random height, pitch and roll)
/// with each item an upright cut-out facing the camera's heading 0.9–2.2 m ahead, later-painted items nearer, as they occlude
/// the earlier ones, in relief: its grey level (folds, seams, prints) stands up to <see cref="Relief"/> out of its plane, as
/// cloth and leather have shape. The background's texture and clutter are painted on the room's surfaces, so depth tells
/// items from clutter where colour may not, while an item's class shows in its colour and, in depth, only in its
/// silhouette and relief — the division of labour between colour and HHA that Table 4 measures. The sensor has
/// <see cref="RoomRendering.Sensor"/>'s noise and holes (the projector's shadow beside each item, random blobs).
/// Inputs as <see cref="SyntheticNyud"/>'s: colour (minus VOC's mean, as the Fashion classifier was trained),
/// log depth, and HHA computed from the measured depth. Scene i is a pure function of (seed, i).
/// </summary>
public sealed class FashionRooms : SyntheticDataset
{
    /// <summary>The cut-outs' distance ahead of the camera, along the floor, in metres.</summary>
    public static readonly (float Near, float Far) ItemDepth = (0.9f, 2.2f);

    /// <summary>How far, in metres, an item's brightest parts stand out of its plane: its grey level as relief.</summary>
    public const float Relief = 0.04f;

    readonly ClassificationSet items;

    public FashionRooms(ClassificationSet items, int count = 100, int height = 128, int width = 128, long seed = 0,
                        IEnumerable<string>? inputs = null, int voidBorder = 1)
        : base("fashion-rooms", count, height, width, seed, varySize: false)
    {
        if (items.Count == 0) throw new ArgumentException($"{items.Name}: no items to compose scenes from");
        if (items.ClassNames.Count > 254) throw new ArgumentException($"{items.Name}: {items.ClassNames.Count} classes do not fit labels 1..254");
        var list = (inputs ?? new[] { InputKind.Color, InputKind.Depth, InputKind.Hha }).ToArray();
        if (list.Length == 0) throw new ArgumentException("fashion-rooms: choose at least one input (color, depth, hha)");
        foreach (var k in list) InputKind.Channels(k);
        this.items = items;
        VoidBorder = voidBorder;
        Inputs = list;
        Tasks = new[] { new LabelTask(LabelTask.Semantic, new[] { "background" }.Concat(items.ClassNames).ToArray()) };
    }

    /// <summary>Scenes of Fashion-MNIST's training items (read once per process from <paramref name="root"/>).</summary>
    public static FashionRooms Train(int count, int height = 128, int width = 128, long seed = 0, string root = FashionMnist.DefaultRoot) =>
        new(FashionMnist.Shared(root, "train"), count, height, width, seed);

    /// <summary>Scenes of Fashion-MNIST's test items, for held-out evaluation.</summary>
    public static FashionRooms Test(int count, int height = 128, int width = 128, long seed = 1, string root = FashionMnist.DefaultRoot) =>
        new(FashionMnist.Shared(root, "test"), count, height, width, seed);

    public int VoidBorder { get; }
    public override IReadOnlyList<string> Inputs { get; }
    public override IReadOnlyList<LabelTask> Tasks { get; }

    /// <summary>Scene <paramref name="index"/>: its image, measured depth (mm, 0 = missing), labels and camera.</summary>
    public RoomRendering RenderScene(int index)
    {
        IdAt(index);
        var rng = new SampleRandom(Seed, index);
        return Compose(Height, Width, ref rng);
    }

    protected override SegmentationSample Render(string id, int height, int width, ref SampleRandom rng)
    {
        // Colour minus VOC's mean, as the Fashion classifier was trained.
        return Compose(height, width, ref rng).ToSample(id, Inputs, Means.VocBgr);
    }

    RoomRendering Compose(int height, int width, ref SampleRandom rng)
    {
        int n = height * width;
        var canvas = new Canvas(height, width);
        var owners = new int[n];
        var grey = new float[n];
        int count = FashionScenes.Compose(canvas, ref rng, items, VoidBorder, owners, grey);
        var image = canvas.ToImage(rng.NextSeed(), 6f);

        var room = RoomScene.Random(ref rng, furnish: false);
        var camera = CameraIntrinsics.Nyud.ScaledTo(width, height);
        var depthM = new float[n];
        var glass = new bool[n];
        room.Render(height, width, camera, new float[3 * n], depthM, new byte[n], glass);
        // The first-painted item farthest: each later one occludes it, so it stands nearer.
        var distance = new float[count];
        for (int k = 0; k < count; k++) distance[k] = rng.Uniform(ItemDepth.Near, ItemDepth.Far);
        Array.Sort(distance, (a, b) => b.CompareTo(a));
        // Upright cut-outs facing the camera's heading: each one's plane is vertical, d metres ahead along the floor,
        // so a pixel's z-depth is d / (its ray · the horizontal heading), both in camera coordinates.
        var g = room.GravityInCamera();
        double hx = -g[2] * g[0], hy = -g[2] * g[1], hz = 1 - g[2] * g[2];   // the optical axis less its gravity part
        double norm = Math.Sqrt(hx * hx + hy * hy + hz * hz);
        for (int v = 0, i = 0; v < height; v++)
            for (int u = 0; u < width; u++, i++)
            {
                if (owners[i] == 0) continue;
                double xc = (u + 1 - camera.Cx) / camera.Fx, yc = (v + 1 - camera.Cy) / camera.Fy;
                double facing = (xc * hx + yc * hy + hz) / norm;
                depthM[i] = (float) (distance[owners[i] - 1] / Math.Max(facing, 0.2)) - Relief * grey[i];
            }
        var depthMm = RoomRendering.Sensor(depthM, glass, height, width, ref rng, holes: true, glassHoles: false);
        return new RoomRendering { Scene = room, Camera = camera, Image = image, DepthMm = depthMm, Labels = new LabelMap(width, height, canvas.Labels) };
    }
}
