using Workbench.Vision.Imaging;
namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// VOC-like scenes: the 21 PASCAL classes (0 background) as 1–4 objects over a textured
/// background. Each class has its own silhouette built from a body and thin parts — legs, wheels,
/// masts, stems, wings one or two pixels wide — and small classes (bottle, bird), so coarse
/// (stride-32) predictions lose exactly what the skip layers of FCN-16s/8s recover. Colours of
/// different classes overlap, so shape matters. A one-pixel void band surrounds objects on the
/// background side, as in VOC's annotations.
/// </summary>
public sealed class SyntheticVoc : SyntheticDataset
{
    public SyntheticVoc(int count = 100, int height = 128, int width = 128, long seed = 0, bool varySize = false, int voidBorder = 1)
        : base("synthetic-voc", count, height, width, seed, varySize)
    {
        VoidBorder = voidBorder;
    }

    public int VoidBorder { get; }

    public override IReadOnlyList<string> Inputs { get; } = new[] { InputKind.Color };
    public override IReadOnlyList<LabelTask> Tasks { get; } = new[] { new LabelTask(LabelTask.Semantic, ClassLists.Voc) };

    // Size of each class relative to a typical object, and its base hue in degrees.
    static readonly float[] ClassScale = { 0, 1.3f, 0.9f, 0.45f, 1.1f, 0.45f, 1.5f, 1.1f, 0.8f, 0.8f, 1.2f, 1.1f, 0.9f, 1.2f, 1.0f, 1.0f, 0.7f, 0.9f, 1.3f, 1.6f, 0.8f };

    protected override SegmentationSample Render(string id, int height, int width, ref SampleRandom rng)
    {
        var canvas = new Canvas(height, width);
        float unit = Math.Min(height, width);
        SceneBackground.Paint(canvas, ref rng, unit, (0.3f, 0.95f), 0.3f);

        int objects = rng.Next(1, 5);
        for (int k = 0; k < objects; k++)
        {
            byte cls = (byte) rng.Next(1, 21);
            float size = unit * rng.Uniform(0.15f, 0.5f) * ClassScale[cls];
            float cx = rng.Uniform(0.1f, 0.9f) * width, cy = rng.Uniform(0.15f, 0.9f) * height;
            // Hues of neighbouring classes overlap (±40° around 18° steps), so colour alone is ambiguous.
            float hue = cls * 18 + rng.Uniform(-40f, 40f);
            canvas.Paint = Material.Random(ref rng, hue, rng.Uniform(0.25f, 0.9f), rng.Uniform(0.35f, 0.95f), 6f / unit);
            canvas.Gain = rng.Uniform(0.8f, 1.1f);
            DrawObject(canvas, ref rng, cls, cx, cy, size, rng.Chance(0.5) ? 1 : -1);
        }
        canvas.VoidBorders(0, VoidBorder);

        var raw = canvas.ToImage(rng.NextSeed(), 6f);
        var inputs = new Dictionary<string, Planes> { [InputKind.Color] = Planes.FromColor(raw, Means.VocBgr) };
        var labels = new Dictionary<string, LabelMap> { [LabelTask.Semantic] = new LabelMap(width, height, canvas.Labels) };
        return new SegmentationSample(id, raw, inputs, labels);
    }

    /// <summary>Draws one object of class <paramref name="c"/> centred at (x, y), typical extent s, facing f = ±1.</summary>
    static void DrawObject(Canvas k, ref SampleRandom rng, byte c, float x, float y, float s, int f)
    {
        float thin = MathF.Max(0.6f, s * 0.03f); // half-width of legs and bars: 1–2 px on small images
        Span<float> px = stackalloc float[6], py = stackalloc float[6];
        switch (c)
        {
            case 1: // aeroplane: fuselage, swept wings, tail fin
                k.FillEllipse(x, y, s * 0.6f, s * 0.1f, 0, c);
                Tri(k, px, py, x - f * s * 0.05f, y, x - f * s * 0.35f, y + s * 0.45f, x - f * s * 0.2f, y + s * 0.45f, c);
                Tri(k, px, py, x - f * s * 0.05f, y, x - f * s * 0.3f, y - s * 0.35f, x - f * s * 0.18f, y - s * 0.35f, c);
                Tri(k, px, py, x - f * s * 0.45f, y, x - f * s * 0.62f, y - s * 0.3f, x - f * s * 0.55f, y, c);
                break;
            case 2: // bicycle: two thin wheels, thin frame
            case 14: // motorbike: thick wheels, solid body
                bool motor = c == 14;
                float r = s * 0.28f, rim = motor ? s * 0.09f : thin * 1.5f;
                k.FillRing(x - s * 0.4f, y + s * 0.2f, r, rim, c);
                k.FillRing(x + s * 0.4f, y + s * 0.2f, r, rim, c);
                if (motor) k.FillEllipse(x, y, s * 0.3f, s * 0.16f, 0, c);
                else
                {
                    k.FillCapsule(x - s * 0.4f, y + s * 0.2f, x, y + s * 0.2f, thin, c);
                    k.FillCapsule(x, y + s * 0.2f, x - s * 0.1f, y - s * 0.2f, thin, c);
                    k.FillCapsule(x - s * 0.1f, y - s * 0.2f, x + s * 0.3f, y - s * 0.2f, thin, c);
                    k.FillCapsule(x + s * 0.3f, y - s * 0.2f, x + s * 0.4f, y + s * 0.2f, thin, c);
                    k.FillCapsule(x, y + s * 0.2f, x + s * 0.3f, y - s * 0.2f, thin, c);
                }
                k.FillCapsule(x + f * s * 0.3f, y - s * 0.2f, x + f * s * 0.35f, y - s * 0.35f, thin, c);
                break;
            case 3: // bird: small body, head, thin wings and beak
                k.FillEllipse(x, y, s * 0.35f, s * 0.18f, 0.2f * f, c);
                k.FillEllipse(x + f * s * 0.35f, y - s * 0.15f, s * 0.12f, s * 0.12f, 0, c);
                k.FillCapsule(x, y, x - f * s * 0.2f, y - s * 0.55f, thin, c);
                k.FillCapsule(x + f * s * 0.45f, y - s * 0.15f, x + f * s * 0.6f, y - s * 0.1f, thin * 0.8f, c);
                break;
            case 4: // boat: hull, thin mast, sail
                Quad(k, px, py, x - s * 0.55f, y, x + s * 0.55f, y, x + s * 0.4f, y + s * 0.2f, x - s * 0.4f, y + s * 0.2f, c);
                k.FillCapsule(x, y, x, y - s * 0.8f, thin, c);
                Tri(k, px, py, x + f * thin * 2, y - s * 0.75f, x + f * thin * 2, y - s * 0.1f, x + f * s * 0.4f, y - s * 0.1f, c);
                break;
            case 5: // bottle: narrow body and neck
                k.FillRect(x - s * 0.13f, y - s * 0.3f, x + s * 0.13f, y + s * 0.5f, c);
                k.FillRect(x - s * 0.05f, y - s * 0.55f, x + s * 0.05f, y - s * 0.3f, c);
                break;
            case 6: // bus
            case 19: // train: longer, with a thin pantograph
                float len = c == 19 ? 1.1f : 0.75f;
                k.FillRect(x - s * len, y - s * 0.35f, x + s * len, y + s * 0.3f, c);
                k.FillEllipse(x - s * len * 0.6f, y + s * 0.3f, s * 0.12f, s * 0.12f, 0, c);
                k.FillEllipse(x + s * len * 0.6f, y + s * 0.3f, s * 0.12f, s * 0.12f, 0, c);
                if (c == 19)
                {
                    k.FillCapsule(x, y - s * 0.35f, x + s * 0.2f, y - s * 0.6f, thin, c);
                    k.FillCapsule(x + s * 0.2f, y - s * 0.6f, x - s * 0.1f, y - s * 0.65f, thin, c);
                }
                break;
            case 7: // car: body, cabin, wheels, thin aerial
                k.FillRect(x - s * 0.55f, y - s * 0.05f, x + s * 0.55f, y + s * 0.2f, c);
                Quad(k, px, py, x - s * 0.3f, y - s * 0.05f, x + s * 0.3f, y - s * 0.05f, x + s * 0.2f, y - s * 0.3f, x - s * 0.2f, y - s * 0.3f, c);
                k.FillEllipse(x - s * 0.35f, y + s * 0.22f, s * 0.11f, s * 0.11f, 0, c);
                k.FillEllipse(x + s * 0.35f, y + s * 0.22f, s * 0.11f, s * 0.11f, 0, c);
                k.FillCapsule(x - f * s * 0.45f, y - s * 0.05f, x - f * s * 0.5f, y - s * 0.45f, thin * 0.7f, c);
                break;
            case 8: // cat, dog: body, head, ears, thin legs and tail
            case 12:
                bool cat = c == 8;
                k.FillEllipse(x, y, s * 0.4f, s * 0.17f, 0, c);
                k.FillEllipse(x + f * s * 0.45f, y - s * 0.2f, s * 0.15f, s * (cat ? 0.13f : 0.16f), 0, c);
                Tri(k, px, py, x + f * s * 0.36f, y - s * 0.28f, x + f * s * 0.42f, y - s * (cat ? 0.45f : 0.38f), x + f * s * 0.47f, y - s * 0.3f, c);
                Legs(k, x, y + s * 0.1f, s * 0.28f, s * 0.3f, cat ? thin : thin * 1.5f, c);
                k.FillCapsule(x - f * s * 0.38f, y, x - f * s * 0.65f, y - s * (cat ? 0.35f : 0.1f), thin, c);
                break;
            case 9: // chair: seat, back, four one-pixel legs
                k.FillRect(x - s * 0.3f, y - thin, x + s * 0.3f, y + thin * 2, c);
                k.FillRect(x - f * s * 0.3f - thin * 1.5f, y - s * 0.55f, x - f * s * 0.3f + thin * 1.5f, y, c);
                k.FillCapsule(x - f * s * 0.3f, y - s * 0.55f, x - f * s * 0.05f, y - s * 0.55f, thin, c);
                Legs(k, x, y, s * 0.28f, s * 0.45f, thin, c);
                break;
            case 10: // cow, horse, sheep: large body, head, four legs
            case 13:
            case 17:
                float legLen = c == 13 ? 0.5f : 0.3f, legW = c == 17 ? thin : thin * 1.6f;
                k.FillEllipse(x, y, s * 0.5f, s * (c == 17 ? 0.28f : 0.22f), 0, c);
                if (c == 13) k.FillCapsule(x + f * s * 0.4f, y - s * 0.1f, x + f * s * 0.6f, y - s * 0.45f, s * 0.08f, c);
                k.FillEllipse(x + f * s * (c == 13 ? 0.66f : 0.55f), y - s * (c == 13 ? 0.45f : 0.12f), s * 0.14f, s * 0.1f, 0.5f * f, c);
                Legs(k, x, y + s * 0.1f, s * 0.38f, s * legLen, legW, c);
                k.FillCapsule(x - f * s * 0.5f, y - s * 0.05f, x - f * s * 0.6f, y + s * 0.3f, thin, c);
                break;
            case 11: // dining table: thin top, thin legs
                k.FillRect(x - s * 0.6f, y - s * 0.05f, x + s * 0.6f, y + s * 0.04f, c);
                Legs(k, x, y, s * 0.55f, s * 0.45f, thin, c);
                break;
            case 15: // person: head, torso, thin limbs
                k.FillEllipse(x, y - s * 0.55f, s * 0.1f, s * 0.12f, 0, c);
                k.FillRect(x - s * 0.13f, y - s * 0.42f, x + s * 0.13f, y + s * 0.05f, c);
                k.FillCapsule(x - s * 0.13f, y - s * 0.38f, x - s * 0.3f, y - s * 0.02f, thin * 1.3f, c);
                k.FillCapsule(x + s * 0.13f, y - s * 0.38f, x + s * 0.3f, y - s * 0.5f * rng.Uniform(0.2f, 1f), thin * 1.3f, c);
                k.FillCapsule(x - s * 0.07f, y + s * 0.05f, x - s * 0.15f, y + s * 0.6f, thin * 1.6f, c);
                k.FillCapsule(x + s * 0.07f, y + s * 0.05f, x + s * 0.15f, y + s * 0.6f, thin * 1.6f, c);
                break;
            case 16: // potted plant: pot, thin stems, leaves
                Quad(k, px, py, x - s * 0.2f, y + s * 0.1f, x + s * 0.2f, y + s * 0.1f, x + s * 0.14f, y + s * 0.45f, x - s * 0.14f, y + s * 0.45f, c);
                for (int i = 0; i < 4; i++)
                {
                    float a = -MathF.PI / 2 + rng.Uniform(-0.9f, 0.9f), l = s * rng.Uniform(0.3f, 0.6f);
                    float ex = x + MathF.Cos(a) * l, ey = y + s * 0.1f + MathF.Sin(a) * l;
                    k.FillCapsule(x, y + s * 0.1f, ex, ey, thin, c);
                    k.FillEllipse(ex, ey, s * 0.1f, s * 0.05f, a, c);
                }
                break;
            case 18: // sofa: seat, back, arms
                k.FillRect(x - s * 0.6f, y - s * 0.1f, x + s * 0.6f, y + s * 0.2f, c);
                k.FillRect(x - s * 0.6f, y - s * 0.4f, x + s * 0.6f, y - s * 0.1f, c);
                k.FillRect(x - s * 0.7f, y - s * 0.2f, x - s * 0.55f, y + s * 0.2f, c);
                k.FillRect(x + s * 0.55f, y - s * 0.2f, x + s * 0.7f, y + s * 0.2f, c);
                break;
            case 20: // tv monitor: screen, frame, thin stand
                k.FillRect(x - s * 0.45f, y - s * 0.35f, x + s * 0.45f, y + s * 0.2f, c);
                k.FillCapsule(x, y + s * 0.2f, x, y + s * 0.35f, thin, c);
                k.FillRect(x - s * 0.15f, y + s * 0.35f, x + s * 0.15f, y + s * 0.35f + 2 * thin, c);
                break;
        }
    }

    static void Legs(Canvas k, float x, float top, float halfSpan, float length, float halfWidth, byte c)
    {
        for (int i = 0; i < 4; i++)
        {
            float lx = x - halfSpan + i * (2 * halfSpan / 3);
            k.FillCapsule(lx, top, lx + (i % 2 == 0 ? -1 : 1) * halfWidth, top + length, halfWidth, c);
        }
    }

    static void Tri(Canvas k, Span<float> px, Span<float> py, float x0, float y0, float x1, float y1, float x2, float y2, byte c)
    {
        px[0] = x0; py[0] = y0; px[1] = x1; py[1] = y1; px[2] = x2; py[2] = y2;
        k.FillPolygon(px[..3], py[..3], c);
    }

    static void Quad(Canvas k, Span<float> px, Span<float> py, float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3, byte c)
    {
        px[0] = x0; py[0] = y0; px[1] = x1; py[1] = y1; px[2] = x2; py[2] = y2; px[3] = x3; py[3] = y3;
        k.FillPolygon(px[..4], py[..4], c);
    }
}
