namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>How a synthetic surface is coloured: a base colour modulated by a texture.</summary>
public struct Material
{
    public float R, G, B;          // base colour, 0–255
    public float Amplitude;        // relative texture contrast
    public float Frequency;        // texture cycles per pixel (or per metre for 3-D surfaces)
    public float Cos, Sin;         // stripe orientation
    public TextureKind Kind;
    public uint Seed;

    public enum TextureKind { Flat, Stripes, Blotches, Checker }

    /// <summary>Texture value in [−1, 1] at surface coordinates (u, v).</summary>
    public readonly float Texture(float u, float v)
    {
        switch (Kind)
        {
            case TextureKind.Stripes:
                return MathF.Sin((u * Cos + v * Sin) * Frequency * MathF.Tau);
            case TextureKind.Blotches:
                return 2 * Noise.Fractal(Seed, u * Frequency, v * Frequency) - 1;
            case TextureKind.Checker:
                int a = (int) MathF.Floor((u * Cos + v * Sin) * Frequency), b = (int) MathF.Floor((v * Cos - u * Sin) * Frequency);
                return ((a + b) & 1) == 0 ? 1 : -1;
            default:
                return 0;
        }
    }

    public readonly void Shade(float u, float v, float gain, out float r, out float g, out float b)
    {
        float m = gain * (1 + Amplitude * Texture(u, v));
        r = R * m; g = G * m; b = B * m;
    }

    /// <summary>A colour from hue (degrees), saturation and value, with a random texture.</summary>
    public static Material Random(ref SampleRandom rng, float hue, float saturation, float value, float frequencyScale)
    {
        HsvToRgb(hue, saturation, value, out var r, out var g, out var b);
        double angle = rng.Uniform(0, Math.PI);
        return new Material
        {
            R = r, G = g, B = b,
            Amplitude = rng.Uniform(0.05f, 0.35f),
            Frequency = frequencyScale * rng.Uniform(0.5f, 2f),
            Cos = (float) Math.Cos(angle), Sin = (float) Math.Sin(angle),
            Kind = (TextureKind) rng.Next(0, 4),
            Seed = rng.NextSeed(),
        };
    }

    public static void HsvToRgb(float hue, float s, float v, out float r, out float g, out float b)
    {
        hue = ((hue % 360) + 360) % 360 / 60f;
        int i = (int) hue;
        float f = hue - i, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        (r, g, b) = i switch
        {
            0 => (v, t, p), 1 => (q, v, p), 2 => (p, v, t), 3 => (p, q, v), 4 => (t, p, v), _ => (v, p, q),
        };
        r *= 255; g *= 255; b *= 255;
    }
}
