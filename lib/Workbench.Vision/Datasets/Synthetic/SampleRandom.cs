namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// A small counter-based generator (SplitMix64) seeded from (seed, index), so a synthetic item is
/// the same whichever thread makes it and in whatever order — no shared <see cref="Random"/>.
/// </summary>
public struct SampleRandom
{
    ulong state;

    public SampleRandom(long seed, long index, ulong stream = 0)
    {
        state = Mix(Mix(unchecked((ulong) seed) ^ 0x9E3779B97F4A7C15UL) ^ unchecked((ulong) index) ^ (stream * 0xD1B54A32D192ED03UL));
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();
    public float Uniform(float lo, float hi) => (float) (lo + (hi - lo) * NextDouble());

    /// <summary>Uniform in [lo, hi).</summary>
    public int Next(int lo, int hi) => hi <= lo ? lo : lo + (int) (NextULong() % (ulong) (hi - lo));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A hash-seed for per-pixel noise that depends on this stream.</summary>
    public uint NextSeed() => (uint) NextULong();
}

/// <summary>Allocation-free per-pixel noise: a hash of integer coordinates, and smooth value noise.</summary>
public static class Noise
{
    public static float Hash(uint seed, int x, int y)
    {
        uint h = seed ^ (uint) x * 0x8DA6B343u ^ (uint) y * 0xD8163841u;
        h ^= h >> 15; h *= 0x2C1B3C6Du; h ^= h >> 12; h *= 0x297A2D39u; h ^= h >> 15;
        return (h & 0xFFFFFF) * (1f / 0x1000000); // [0, 1)
    }

    /// <summary>Smooth noise in [0, 1) with lattice spacing 1 in (x, y) units.</summary>
    public static float Value(uint seed, float x, float y)
    {
        int x0 = (int) MathF.Floor(x), y0 = (int) MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        float a = Hash(seed, x0, y0), b = Hash(seed, x0 + 1, y0);
        float c = Hash(seed, x0, y0 + 1), d = Hash(seed, x0 + 1, y0 + 1);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }

    /// <summary>Two octaves of <see cref="Value"/>, in [0, 1).</summary>
    public static float Fractal(uint seed, float x, float y) =>
        0.65f * Value(seed, x, y) + 0.35f * Value(seed ^ 0x5bd1e995u, 2.03f * x, 2.03f * y);
}
