using Workbench.Vision.Imaging;
using Workbench.Vision.Depth;

namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// RGB-D indoor rooms (<see cref="RoomScene"/>) rendered with NYUDv2's colour camera, labelled
/// with NYUDv2's 40 classes, with any combination of the inputs colour, depth (log depth in mm
/// minus 7.844, as FCN's layer) and HHA (computed from the rendered depth by <see cref="Hha"/>).
/// The depth has the flaws of a structured-light sensor: noise growing with distance², missing
/// pixels in the projector's shadow beside near edges, on glass, in random blobs and beyond 8 m.
/// </summary>
public sealed class SyntheticNyud : SyntheticDataset
{
    public SyntheticNyud(int count = 50, int height = 120, int width = 160, long seed = 0, IEnumerable<string>? inputs = null,
                         bool varySize = false)
        : base("synthetic-nyud", count, height, width, seed, varySize)
    {
        var list = (inputs ?? new[] { InputKind.Color }).ToArray();
        if (list.Length == 0) throw new ArgumentException("synthetic-nyud: choose at least one input (color, depth, hha)");
        foreach (var k in list) InputKind.Channels(k);
        Inputs = list;
    }

    public override IReadOnlyList<string> Inputs { get; }
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Nyud) };

    /// <summary>The room, its rendering and the simulated sensor depth (mm, 0 = missing) of item <paramref name="index"/>.</summary>
    public RoomRendering RenderRoom(int index)
    {
        IdAt(index);
        var rng = new SampleRandom(Seed, index);
        int h = Height, w = Width;
        if (VarySize)
        {
            h = Math.Max(8, (int) Math.Round(Height * rng.Uniform(0.75, 1.0)));
            w = Math.Max(8, (int) Math.Round(Width * rng.Uniform(0.75, 1.0)));
        }
        return RoomRendering.Render(RoomScene.Random(ref rng), h, w, ref rng, holes: true);
    }

    protected override SegmentationSample Render(string id, int height, int width, ref SampleRandom rng)
    {
        var r = RoomRendering.Render(RoomScene.Random(ref rng), height, width, ref rng, holes: true);
        return r.ToSample(id, Inputs, Means.NyudBgr);
    }
}

/// <summary>A rendered <see cref="RoomScene"/>: image, sensor depth in mm (0 = missing), labels, and the truth.</summary>
public sealed class RoomRendering
{
    public required RoomScene Scene { get; init; }
    public required CameraIntrinsics Camera { get; init; }
    public required Image Image { get; init; }
    public required float[] DepthMm { get; init; }
    public required LabelMap Labels { get; init; }

    /// <summary>Gravity ("down") in camera coordinates.</summary>
    public double[] Gravity => Scene.GravityInCamera();

    /// <summary>
    /// The sample of this rendering with <paramref name="inputs"/>: colour minus <paramref name="colorMean"/> (BGR), log
    /// depth as FCN's layer, HHA from the measured depth minus NYUDv2's HHA mean; the labels as the semantic task.
    /// </summary>
    public SegmentationSample ToSample(string id, IEnumerable<string> inputs, ReadOnlySpan<float> colorMean)
    {
        int height = Image.Height, width = Image.Width;
        var planes = new Dictionary<string, Planes>();
        foreach (var kind in inputs)
            planes[kind] = kind switch
            {
                InputKind.Color => Planes.FromColor(Image, colorMean),
                InputKind.Depth => Planes.FromLogDepth(DepthMm, height, width),
                _ => Planes.FromHha(Hha.FromDepthMm(DepthMm, height, width, Camera).Hwc, height, width, Means.NyudHha),
            };
        return new SegmentationSample(id, Image, planes, new Dictionary<string, LabelMap> { [LabelTask.Semantic] = Labels });
    }

    public static RoomRendering Render(RoomScene scene, int height, int width, ref SampleRandom rng, bool holes)
    {
        var camera = CameraIntrinsics.Nyud.ScaledTo(width, height);
        int n = height * width;
        var rgb = new float[3 * n];
        var depthM = new float[n];
        var labels = new byte[n];
        var glass = new bool[n];
        scene.Render(height, width, camera, rgb, depthM, labels, glass);
        var depthMm = Sensor(depthM, glass, height, width, ref rng, holes, scene.GlassHoles);

        var canvasSeed = rng.NextSeed();
        var image = new Image(width, height, 3);
        for (int v = 0, i = 0; v < height; v++)
            for (int u = 0; u < width; u++, i++)
            {
                float g = 5 * (2 * Noise.Hash(canvasSeed, u, v) - 1);
                for (int c = 0; c < 3; c++)
                    image.Pixels[3 * i + c] = (byte) Math.Clamp(MathF.Round(rgb[3 * i + c] + g), 0, 255);
            }
        return new RoomRendering { Scene = scene, Camera = camera, Image = image, DepthMm = depthMm, Labels = new LabelMap(width, height, labels) };
    }

    /// <summary>
    /// What a structured-light sensor reports for the true z-depth <paramref name="depthM"/> (metres): millimetres with
    /// Kinect-like noise, and, with <paramref name="holes"/>, 0 where it measures nothing (see <see cref="SyntheticNyud"/>).
    /// </summary>
    public static float[] Sensor(float[] depthM, bool[] glass, int height, int width, ref SampleRandom rng, bool holes, bool glassHoles)
    {
        var depthMm = new float[height * width];
        uint noiseSeed = rng.NextSeed();
        for (int v = 0, i = 0; v < height; v++)
            for (int u = 0; u < width; u++, i++)
            {
                float z = depthM[i];
                // Kinect-like error: σ ≈ 1.2 mm·(z/m)², quantised to whole millimetres.
                float sigma = 0.0012f * z * z;
                float e = (2 * Noise.Hash(noiseSeed, u, v) - 1) * 1.732f * sigma;
                depthMm[i] = MathF.Round((z + e) * 1000);
            }
        if (holes) PunchHoles(depthM, depthMm, glass, height, width, ref rng, glassHoles);
        return depthMm;
    }

    static void PunchHoles(float[] depthM, float[] depthMm, bool[] glass, int height, int width, ref SampleRandom rng, bool glassHoles)
    {
        // Projector shadow: the sensor's projector sits to one side, so a band beside each near
        // edge sees no pattern.
        int band = Math.Max(1, width / 100);
        for (int v = 0; v < height; v++)
            for (int u = 0; u < width; u++)
            {
                int i = v * width + u;
                if (depthM[i] > 8 || (glassHoles && glass[i])) { depthMm[i] = 0; continue; }
                for (int k = 1; k <= band && u - k >= 0; k++)
                    if (depthM[i - k] < depthM[i] - 0.25f) { depthMm[i] = 0; break; }
            }
        int blobs = rng.Next(0, 4);
        for (int b = 0; b < blobs; b++)
        {
            float cx = rng.Uniform(0, width), cy = rng.Uniform(0, height);
            float rx = rng.Uniform(0.02f, 0.08f) * width, ry = rng.Uniform(0.02f, 0.08f) * height;
            int x0 = Math.Max(0, (int) (cx - rx)), x1 = Math.Min(width - 1, (int) (cx + rx));
            int y0 = Math.Max(0, (int) (cy - ry)), y1 = Math.Min(height - 1, (int) (cy + ry));
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    float a = (x + 0.5f - cx) / rx, c = (y + 0.5f - cy) / ry;
                    if (a * a + c * c <= 1) depthMm[y * width + x] = 0;
                }
        }
    }
}
