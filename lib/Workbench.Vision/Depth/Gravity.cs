namespace Workbench.Vision.Depth;

/// <summary>
/// The direction of gravity in camera coordinates from a normal field (Gupta et al. 2014, getYDir):
/// start from the image's down axis (0, 1, 0); normals within θ of it are "floor", those within θ of
/// perpendicular are "wall"; the new direction is the one most perpendicular to the walls and most
/// parallel to the floors — the eigenvector of the smallest eigenvalue of W·Wᵀ − F·Fᵀ.
/// Two stages, θ = 45° then 15°, five iterations each.
/// </summary>
public static class Gravity
{
    public static readonly (double Degrees, int Iterations)[] Stages = { (45, 5), (15, 5) };

    /// <summary>Unit gravity ("down") direction; <paramref name="normals"/> are three planes [3, H·W], NaN = none.</summary>
    public static double[] Estimate(ReadOnlySpan<double> normals, double[]? start = null)
    {
        if (normals.Length % 3 != 0) throw new ArgumentException($"normals must be 3 planes, got {normals.Length} values");
        int n = normals.Length / 3;
        var y = start is null ? new double[] { 0, 1, 0 } : Normalize(start);
        foreach (var (degrees, iterations) in Stages)
        {
            double cosT = Math.Cos(degrees * Math.PI / 180), sinT = Math.Sin(degrees * Math.PI / 180);
            for (int it = 0; it < iterations; it++)
            {
                var a = new double[3, 3];
                int used = 0;
                for (int i = 0; i < n; i++)
                {
                    double nx = normals[i], ny = normals[n + i], nz = normals[2 * n + i];
                    if (double.IsNaN(nx)) continue;
                    double sim = Math.Abs(nx * y[0] + ny * y[1] + nz * y[2]);
                    double sign;
                    if (sim > cosT) sign = -1;       // floor-like: parallel to gravity
                    else if (sim < sinT) sign = +1;  // wall-like: perpendicular to gravity
                    else continue;
                    used++;
                    a[0, 0] += sign * nx * nx; a[0, 1] += sign * nx * ny; a[0, 2] += sign * nx * nz;
                    a[1, 1] += sign * ny * ny; a[1, 2] += sign * ny * nz; a[2, 2] += sign * nz * nz;
                }
                if (used == 0) return y;
                SymmetricEigen.Decompose(a, out _, out var vectors);
                var next = new[] { vectors[0, 0], vectors[1, 0], vectors[2, 0] };
                double dot = next[0] * y[0] + next[1] * y[1] + next[2] * y[2];
                if (dot < 0) { next[0] = -next[0]; next[1] = -next[1]; next[2] = -next[2]; }
                y = Normalize(next);
            }
        }
        return y;
    }

    static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!(norm > 0)) throw new ArgumentException("gravity start direction must be non-zero");
        return new[] { v[0] / norm, v[1] / norm, v[2] / norm };
    }
}
