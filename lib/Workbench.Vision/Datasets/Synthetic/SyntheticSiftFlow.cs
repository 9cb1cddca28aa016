using Workbench.Vision.Imaging;
namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// Outdoor scenes in the manner of SIFT Flow's eight categories (coast, forest, highway, inside
/// city, mountain, open country, street, tall building): a sky above a horizon, ground surfaces in
/// perspective, and vertical things (buildings with windows and doors, trees, poles, signs, cars,
/// people, boats). Two label maps per image: the 33 semantic classes and the 3 geometric ones
/// (sky, horizontal, vertical) that the semantic class implies. Cow, desert and moon are rare, as in
/// the real data, where they never occur in the test split.
/// </summary>
public sealed class SyntheticSiftFlow : SyntheticDataset
{
    public SyntheticSiftFlow(int count = 100, int height = 128, int width = 128, long seed = 0, bool varySize = false)
        : base("synthetic-siftflow", count, height, width, seed, varySize) { }

    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };

    public override IReadOnlyList<LabelTask> Tasks { get; } = new[]
    {
        new LabelTask(LabelTask.Semantic, ClassLists.SiftFlowSemantic, SemanticEvaluated()),
        new LabelTask(LabelTask.Geometric, ClassLists.SiftFlowGeometric),
    };

    // Semantic class indices (SIFT Flow label − 1).
    const byte Awning = 0, Balcony = 1, Bird = 2, Boat = 3, Bridge = 4, Building = 5, Bus = 6, Car = 7, Cow = 8, Crosswalk = 9,
        Desert = 10, Door = 11, Fence = 12, Field = 13, Grass = 14, Moon = 15, Mountain = 16, Person = 17, Plant = 18, Pole = 19,
        River = 20, Road = 21, Rock = 22, Sand = 23, Sea = 24, Sidewalk = 25, Sign = 26, Sky = 27, Staircase = 28,
        Streetlight = 29, Sun = 30, Tree = 31, Window = 32;

    /// <summary>Sky (0), horizontal (1) or vertical (2) for each semantic class.</summary>
    public static byte GeometricOf(byte semantic) => semantic switch
    {
        LabelMap.Void => LabelMap.Void,
        Sky or Sun or Moon => 0,
        Crosswalk or Desert or Field or Grass or River or Road or Sand or Sea or Sidewalk => 1,
        _ => 2,
    };

    static int[] SemanticEvaluated() => Enumerable.Range(0, 33).Where(c => c is not (Cow or Desert or Moon)).ToArray();

    protected override SegmentationSample Render(string id, int height, int width, ref SampleRandom rng)
    {
        var k = new Canvas(height, width);
        float unit = Math.Min(height, width);
        float horizon = rng.Uniform(0.3f, 0.6f) * height;
        int scene = rng.Next(0, 8);

        PaintSky(k, ref rng, horizon, unit);
        PaintGround(k, ref rng, scene, horizon, unit);
        PaintThings(k, ref rng, scene, horizon, unit);

        // A few unlabelled patches, as the LabelMe annotations leave gaps.
        if (rng.Chance(0.3))
        {
            float cx = rng.Uniform(0, width), cy = rng.Uniform(0, height), r = unit * rng.Uniform(0.02f, 0.06f);
            for (int y = Math.Max(0, (int) (cy - r)); y < Math.Min(height, (int) (cy + r)); y++)
                for (int x = Math.Max(0, (int) (cx - r)); x < Math.Min(width, (int) (cx + r)); x++)
                    k.Labels[y * width + x] = LabelMap.Void;
        }

        var raw = k.ToImage(rng.NextSeed(), 5f);
        var geometric = new byte[height * width];
        for (int i = 0; i < geometric.Length; i++) geometric[i] = GeometricOf(k.Labels[i]);
        var inputs = new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(raw, Means.SiftFlowBgr) };
        var labels = new Dictionary<string, LabelMap>
        {
            [LabelTask.Semantic] = new LabelMap(width, height, k.Labels),
            [LabelTask.Geometric] = new LabelMap(width, height, geometric),
        };
        return new SegmentationSample(id, raw, inputs, labels);
    }

    static void PaintSky(Canvas k, ref SampleRandom rng, float horizon, float unit)
    {
        bool night = rng.Chance(0.08);
        k.Paint = Material.Random(ref rng, rng.Uniform(195f, 225f), rng.Uniform(0.05f, 0.6f), night ? 0.15f : rng.Uniform(0.6f, 0.95f), 2f / unit);
        k.Paint.Kind = Material.TextureKind.Blotches;
        for (int y = 0; y < k.Height; y++)
        {
            k.Gain = 0.85f + 0.25f * y / MathF.Max(1, horizon);
            for (int x = 0; x < k.Width; x++) k.Plot(x, y, Sky);
        }
        k.Gain = 1;
        if (rng.Chance(0.15))
        {
            bool moon = night || rng.Chance(0.1);
            k.Paint = Material.Random(ref rng, moon ? 50f : 45f, moon ? 0.05f : 0.5f, 1f, 1f / unit);
            k.Paint.Kind = Material.TextureKind.Flat;
            k.FillEllipse(rng.Uniform(0.1f, 0.9f) * k.Width, rng.Uniform(0.1f, 0.6f) * horizon, unit * 0.04f, unit * 0.04f, 0, moon ? Moon : Sun);
        }
        int birds = rng.Chance(0.15) ? rng.Next(1, 4) : 0;
        for (int b = 0; b < birds; b++)
        {
            k.Paint = Material.Random(ref rng, 0f, 0f, 0.15f, 1f / unit);
            float x = rng.Uniform(0, k.Width), y = rng.Uniform(0.1f, 0.8f) * horizon, s = unit * rng.Uniform(0.015f, 0.04f);
            k.FillCapsule(x - s, y - s * 0.5f, x, y, 0.6f, Bird);
            k.FillCapsule(x, y, x + s, y - s * 0.5f, 0.6f, Bird);
        }
    }

    static void PaintGround(Canvas k, ref SampleRandom rng, int scene, float horizon, float unit)
    {
        // Scene → the main ground class and an optional second one.
        (byte main, byte second) = scene switch
        {
            0 => (Sea, Sand),           // coast
            1 => (Grass, Plant),        // forest
            2 => (Road, Grass),         // highway
            3 => (Road, Sidewalk),      // inside city
            4 => (Grass, Rock),         // mountain
            5 => (rng.Chance(0.1) ? Desert : Field, Grass), // open country
            6 => (Road, Sidewalk),      // street
            _ => (Sidewalk, Road),      // tall building
        };
        var mainPaint = GroundPaint(ref rng, main, unit);
        for (int y = (int) horizon; y < k.Height; y++)
        {
            k.Gain = 0.8f + 0.3f * (y - horizon) / MathF.Max(1, k.Height - horizon);
            k.Paint = mainPaint;
            for (int x = 0; x < k.Width; x++) k.Plot(x, y, main);
        }
        k.Gain = 1;
        float vx = rng.Uniform(0.3f, 0.7f) * k.Width;
        Span<float> px = stackalloc float[4], py = stackalloc float[4];
        if (main == Road || second == Road)
        {
            // A road in perspective towards the vanishing point, with pavements or verges beside it.
            byte side = main == Road ? second : main;
            k.Paint = GroundPaint(ref rng, side, unit);
            px[0] = 0; py[0] = horizon; px[1] = k.Width; py[1] = horizon; px[2] = k.Width; py[2] = k.Height; px[3] = 0; py[3] = k.Height;
            k.FillPolygon(px, py, side);
            k.Paint = GroundPaint(ref rng, Road, unit);
            float halfBottom = rng.Uniform(0.35f, 0.8f) * k.Width;
            px[0] = vx - 1; py[0] = horizon; px[1] = vx + 1; py[1] = horizon;
            px[2] = vx + halfBottom; py[2] = k.Height; px[3] = vx - halfBottom; py[3] = k.Height;
            k.FillPolygon(px, py, Road);
            if (scene is 3 or 6 && rng.Chance(0.5))
            {
                // Crosswalk: stripes across the road near the bottom.
                k.Paint = Material.Random(ref rng, 0f, 0f, 0.92f, 1f / unit);
                k.Paint.Kind = Material.TextureKind.Flat;
                float y0 = horizon + (k.Height - horizon) * 0.7f, y1 = y0 + (k.Height - horizon) * 0.12f;
                for (float x = vx - halfBottom * 0.7f; x < vx + halfBottom * 0.7f; x += unit * 0.06f)
                    k.FillRect(x, y0, x + unit * 0.03f, y1, Crosswalk);
            }
        }
        else if (second is Sand or Grass or Rock && rng.Chance(0.7))
        {
            k.Paint = GroundPaint(ref rng, second, unit);
            float y0 = horizon + (k.Height - horizon) * rng.Uniform(0.3f, 0.7f);
            px[0] = 0; py[0] = y0 + rng.Uniform(-0.05f, 0.05f) * unit; px[1] = k.Width; py[1] = y0 + rng.Uniform(-0.05f, 0.05f) * unit;
            px[2] = k.Width; py[2] = k.Height; px[3] = 0; py[3] = k.Height;
            k.FillPolygon(px, py, second);
        }
        if (scene is 1 or 5 && rng.Chance(0.3))
        {
            k.Paint = GroundPaint(ref rng, River, unit);
            px[0] = vx - 2; py[0] = horizon; px[1] = vx + 2; py[1] = horizon;
            px[2] = vx + unit * 0.25f; py[2] = k.Height; px[3] = vx - unit * 0.1f; py[3] = k.Height;
            k.FillPolygon(px, py, River);
        }
    }

    static Material GroundPaint(ref SampleRandom rng, byte cls, float unit)
    {
        var (hue, sat, val) = cls switch
        {
            Sea or River => (rng.Uniform(190f, 220f), rng.Uniform(0.3f, 0.7f), rng.Uniform(0.35f, 0.7f)),
            Sand or Desert => (rng.Uniform(35f, 50f), rng.Uniform(0.25f, 0.5f), rng.Uniform(0.6f, 0.9f)),
            Grass or Field or Plant => (rng.Uniform(70f, 130f), rng.Uniform(0.3f, 0.7f), rng.Uniform(0.3f, 0.7f)),
            Rock => (rng.Uniform(20f, 40f), rng.Uniform(0.05f, 0.25f), rng.Uniform(0.35f, 0.6f)),
            _ => (rng.Uniform(0f, 360f), rng.Uniform(0f, 0.12f), rng.Uniform(0.3f, 0.65f)), // road, sidewalk
        };
        return Material.Random(ref rng, hue, sat, val, 8f / unit);
    }

    static void PaintThings(Canvas k, ref SampleRandom rng, int scene, float horizon, float unit)
    {
        float thin = MathF.Max(0.6f, unit * 0.006f);
        if (scene is 4 or 5 || rng.Chance(0.2))
        {
            // Mountain ridge rising from the horizon.
            k.Paint = Material.Random(ref rng, rng.Uniform(90f, 240f), rng.Uniform(0.1f, 0.4f), rng.Uniform(0.3f, 0.6f), 6f / unit);
            int n = 9;
            Span<float> px = stackalloc float[n + 2], py = stackalloc float[n + 2];
            for (int i = 0; i <= n; i++)
            {
                px[i] = k.Width * i / (float) n;
                py[i] = horizon - unit * rng.Uniform(0.05f, scene == 4 ? 0.35f : 0.15f);
            }
            px[n + 1] = 0; py[n + 1] = horizon + 1;
            Span<float> qx = stackalloc float[n + 3], qy = stackalloc float[n + 3];
            px.CopyTo(qx); py.CopyTo(qy);
            qx[n + 1] = k.Width; qy[n + 1] = horizon + 1; qx[n + 2] = 0; qy[n + 2] = horizon + 1;
            k.FillPolygon(qx, qy, Mountain);
        }
        Span<float> ax = stackalloc float[4], ay = stackalloc float[4];
        if (scene is 3 or 6 or 7 || rng.Chance(0.15))
        {
            int buildings = rng.Next(1, scene == 7 ? 3 : 5);
            for (int b = 0; b < buildings; b++)
            {
                float w = unit * rng.Uniform(0.15f, 0.45f), x0 = rng.Uniform(-0.1f, 0.9f) * k.Width;
                float top = scene == 7 ? rng.Uniform(-0.1f, 0.15f) * k.Height : horizon - unit * rng.Uniform(0.1f, 0.4f);
                float bottom = horizon + unit * rng.Uniform(0.02f, 0.15f);
                k.Paint = Material.Random(ref rng, rng.Uniform(0f, 60f), rng.Uniform(0.05f, 0.4f), rng.Uniform(0.35f, 0.85f), 10f / unit);
                k.FillRect(x0, top, x0 + w, bottom, Building);
                // Windows on a grid; a door; sometimes a balcony or an awning.
                var glass = Material.Random(ref rng, rng.Uniform(180f, 230f), rng.Uniform(0.1f, 0.4f), rng.Uniform(0.15f, 0.5f), 4f / unit);
                float ww = unit * rng.Uniform(0.02f, 0.045f), wh = ww * rng.Uniform(1f, 1.8f), gap = ww * rng.Uniform(0.6f, 1.2f);
                for (float y = top + gap; y + wh < bottom - unit * 0.08f; y += wh + gap)
                    for (float x = x0 + gap; x + ww < x0 + w - gap / 2; x += ww + gap)
                    {
                        k.Paint = glass;
                        k.FillRect(x, y, x + ww, y + wh, Window);
                    }
                k.Paint = Material.Random(ref rng, rng.Uniform(0f, 40f), 0.4f, 0.3f, 4f / unit);
                float dx = x0 + w * rng.Uniform(0.2f, 0.7f);
                k.FillRect(dx, bottom - unit * 0.08f, dx + unit * 0.035f, bottom, Door);
                if (rng.Chance(0.3))
                {
                    k.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), 0.7f, 0.7f, 12f / unit);
                    k.Paint.Kind = Material.TextureKind.Stripes;
                    float ay0 = bottom - unit * 0.1f;
                    ax[0] = dx - unit * 0.02f; ay[0] = ay0; ax[1] = dx + unit * 0.055f; ay[1] = ay0;
                    ax[2] = dx + unit * 0.07f; ay[2] = ay0 + unit * 0.03f; ax[3] = dx - unit * 0.035f; ay[3] = ay0 + unit * 0.03f;
                    k.FillPolygon(ax, ay, Awning);
                }
                if (rng.Chance(0.3))
                {
                    k.Paint = Material.Random(ref rng, 0f, 0f, 0.4f, 4f / unit);
                    float by = top + (bottom - top) * rng.Uniform(0.3f, 0.6f);
                    k.FillRect(x0 + w * 0.2f, by, x0 + w * 0.6f, by + unit * 0.02f, Balcony);
                    for (float x = x0 + w * 0.2f; x < x0 + w * 0.6f; x += unit * 0.015f)
                        k.FillCapsule(x, by - unit * 0.03f, x, by, thin * 0.7f, Balcony);
                }
            }
        }
        if (scene == 0 && rng.Chance(0.6))
        {
            k.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), 0.4f, 0.8f, 6f / unit);
            float x = rng.Uniform(0.1f, 0.8f) * k.Width, y = horizon + unit * rng.Uniform(0.03f, 0.1f), s = unit * rng.Uniform(0.05f, 0.12f);
            Span<float> bx = stackalloc float[4], by = stackalloc float[4];
            bx[0] = x - s; by[0] = y; bx[1] = x + s; by[1] = y; bx[2] = x + s * 0.7f; by[2] = y + s * 0.35f; bx[3] = x - s * 0.7f; by[3] = y + s * 0.35f;
            k.FillPolygon(bx, by, Boat);
            k.FillCapsule(x, y, x, y - s * 1.2f, thin, Boat);
        }
        if (scene is 2 or 5 && rng.Chance(0.25))
        {
            k.Paint = Material.Random(ref rng, 0f, 0.05f, 0.55f, 6f / unit);
            float y = horizon - unit * rng.Uniform(0.05f, 0.12f);
            k.FillRect(0, y, k.Width, y + unit * 0.03f, Bridge);
            for (float x = unit * 0.1f; x < k.Width; x += unit * 0.3f) k.FillRect(x, y, x + unit * 0.03f, horizon + 2, Bridge);
        }

        int things = rng.Next(1, 6);
        for (int t = 0; t < things; t++)
        {
            float x = rng.Uniform(0.02f, 0.98f) * k.Width;
            float y = horizon + (k.Height - horizon) * rng.Uniform(0.05f, 0.95f);
            float s = unit * (0.08f + 0.5f * (y - horizon) / k.Height); // nearer (lower) things are larger
            int pick = rng.Next(0, 10);
            switch (pick)
            {
                case 0: case 1: // tree
                    k.Paint = Material.Random(ref rng, rng.Uniform(20f, 35f), 0.5f, 0.3f, 6f / unit);
                    k.FillCapsule(x, y, x, y - s * 1.2f, MathF.Max(thin, s * 0.06f), Tree);
                    k.Paint = Material.Random(ref rng, rng.Uniform(80f, 140f), rng.Uniform(0.3f, 0.8f), rng.Uniform(0.2f, 0.55f), 12f / unit);
                    k.Paint.Kind = Material.TextureKind.Blotches;
                    k.FillEllipse(x, y - s * 1.3f, s * 0.5f, s * 0.6f, 0, Tree);
                    break;
                case 2: // pole or streetlight: one or two pixels wide
                    k.Paint = Material.Random(ref rng, 0f, 0f, rng.Uniform(0.2f, 0.6f), 4f / unit);
                    bool lamp = rng.Chance(0.5);
                    k.FillCapsule(x, y, x, y - s * 2f, thin, lamp ? Streetlight : Pole);
                    if (lamp) k.FillCapsule(x, y - s * 2f, x + s * 0.3f, y - s * 2f, thin, Streetlight);
                    break;
                case 3: // sign on a pole
                    k.Paint = Material.Random(ref rng, 0f, 0f, 0.4f, 4f / unit);
                    k.FillCapsule(x, y, x, y - s * 1.2f, thin, Pole);
                    k.Paint = Material.Random(ref rng, rng.Chance(0.5) ? 0f : 120f, 0.8f, 0.8f, 4f / unit);
                    k.FillRect(x - s * 0.2f, y - s * 1.5f, x + s * 0.2f, y - s * 1.2f, Sign);
                    break;
                case 4: // car or bus
                    bool bus = rng.Chance(0.25);
                    k.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.2f, 0.9f), rng.Uniform(0.3f, 0.9f), 8f / unit);
                    float len = s * (bus ? 1.3f : 0.7f), hgt = s * (bus ? 0.6f : 0.3f);
                    k.FillRect(x - len / 2, y - hgt, x + len / 2, y, bus ? Bus : Car);
                    break;
                case 5: // person
                    k.Paint = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.2f, 0.8f), rng.Uniform(0.2f, 0.8f), 8f / unit);
                    k.FillEllipse(x, y - s * 0.85f, s * 0.06f, s * 0.07f, 0, Person);
                    k.FillRect(x - s * 0.07f, y - s * 0.78f, x + s * 0.07f, y - s * 0.35f, Person);
                    k.FillCapsule(x - s * 0.04f, y - s * 0.35f, x - s * 0.06f, y, thin, Person);
                    k.FillCapsule(x + s * 0.04f, y - s * 0.35f, x + s * 0.06f, y, thin, Person);
                    break;
                case 6: // fence: thin bars and a rail
                    k.Paint = Material.Random(ref rng, rng.Uniform(0f, 40f), 0.3f, rng.Uniform(0.3f, 0.7f), 4f / unit);
                    float fw = s * 1.5f, fh = s * 0.35f;
                    for (float bx = x - fw / 2; bx < x + fw / 2; bx += MathF.Max(3, s * 0.08f)) k.FillCapsule(bx, y, bx, y - fh, thin, Fence);
                    k.FillCapsule(x - fw / 2, y - fh * 0.8f, x + fw / 2, y - fh * 0.8f, thin, Fence);
                    break;
                case 7: // rock or plant
                    bool rock = rng.Chance(0.5);
                    k.Paint = rock ? GroundPaint(ref rng, Rock, unit) : GroundPaint(ref rng, Plant, unit);
                    k.FillEllipse(x, y - s * 0.1f, s * 0.25f, s * 0.15f, 0, rock ? Rock : Plant);
                    break;
                case 8: // staircase
                    k.Paint = Material.Random(ref rng, 0f, 0.05f, rng.Uniform(0.4f, 0.7f), 6f / unit);
                    for (int step = 0; step < 4; step++)
                        k.FillRect(x + step * s * 0.1f, y - (step + 1) * s * 0.08f, x + s * 0.5f, y - step * s * 0.08f, Staircase);
                    break;
                default: // cow (rare, like the real data)
                    if (rng.Chance(0.2))
                    {
                        k.Paint = Material.Random(ref rng, 25f, rng.Uniform(0f, 0.5f), rng.Uniform(0.2f, 0.9f), 6f / unit);
                        k.FillEllipse(x, y - s * 0.2f, s * 0.25f, s * 0.12f, 0, Cow);
                        k.FillCapsule(x - s * 0.15f, y - s * 0.15f, x - s * 0.15f, y, thin, Cow);
                        k.FillCapsule(x + s * 0.15f, y - s * 0.15f, x + s * 0.15f, y, thin, Cow);
                    }
                    break;
            }
        }
    }
}
