using System.Buffers;

namespace Workbench.Vision.Depth;

/// <summary>
/// Surface normals by a least-squares plane fit over the valid points of a (2r+1)×(2r+1) window
/// (Gupta et al.'s computeNormalsSquareSupport, without superpixel clipping). The plane
/// N·p = 1 is fitted in the form (X/Z, Y/Z, 1)·N = 1/Z; the nine window sums of that system
/// come from one summed-area table (integral image), so the cost is O(pixels) whatever the
/// radius, and several radii share the table.
/// </summary>
public static class Normals
{
    const int Q = 9; // x², xy, x, y², y, 1 | x/Z, y/Z, 1/Z   with x = X/Z, y = Y/Z

    /// <summary>
    /// Unit normals as three planes [3, H, W] (nx, ny, nz), NaN where the window holds too few
    /// points for a plane. Oriented like the reference: pointing away from the camera (N·p ≥ 0).
    /// </summary>
    public static double[] SquareSupport(PointCloud pc, int radius) => SquareSupport(pc, new[] { radius })[0];

    /// <summary>Normals for each of <paramref name="radii"/>, from one integral image.</summary>
    public static double[][] SquareSupport(PointCloud pc, int[] radii)
    {
        foreach (var r in radii)
            if (r < 0) throw new ArgumentException($"window radius must be ≥ 0, got {r}");
        int h = pc.Height, w = pc.Width, n = h * w, stride = (w + 1) * Q;
        // Summed-area table, interleaved: sat[((y+1)(w+1) + x+1)·Q + q] = Σ over rows ≤ y, columns ≤ x.
        // Doubles: the window sums are differences of large totals.
        long satLength = (long) (h + 1) * stride;
        var sat = ArrayPool<double>.Shared.Rent(checked((int) satLength));
        try
        {
            // Summation order as numpy's cumsum(cumsum(padded, 0), 1): running column sums first,
            // then prefix sums along each row — so the window sums round exactly as the reference port's.
            Array.Clear(sat, 0, stride);
            var column = new double[w * Q];
            for (int y = 0; y < h; y++)
            {
                int here = (y + 1) * stride;
                for (int q = 0; q < Q; q++) sat[here + q] = 0;
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x, c = x * Q, o = (x + 1) * Q;
                    double z = pc.Z[i];
                    if (!double.IsNaN(z))
                    {
                        // The reference's exact expressions: X./Z, X./(Z.*Z), 1./Z.
                        double a = pc.X[i] / z, b = pc.Y[i] / z, zz = z * z;
                        column[c] += a * a; column[c + 1] += a * b; column[c + 2] += a;
                        column[c + 3] += b * b; column[c + 4] += b; column[c + 5] += 1;
                        column[c + 6] += pc.X[i] / zz; column[c + 7] += pc.Y[i] / zz; column[c + 8] += 1 / z;
                    }
                    for (int q = 0; q < Q; q++) sat[here + o + q] = sat[here + o - Q + q] + column[c + q];
                }
            }

            var results = new double[radii.Length][];
            for (int k = 0; k < radii.Length; k++)
            {
                var normals = results[k] = new double[3 * n];
                int r = radii[k];
                Parallel.For(0, h, y =>
                {
                    Span<double> s = stackalloc double[Q];
                    int y0 = Math.Max(0, y - r), y1 = Math.Min(h - 1, y + r);
                    int top = y0 * stride, bottom = (y1 + 1) * stride;
                    for (int x = 0; x < w; x++)
                    {
                        int x0 = Math.Max(0, x - r) * Q, x1 = (Math.Min(w - 1, x + r) + 1) * Q;
                        for (int q = 0; q < Q; q++)
                            s[q] = sat[bottom + x1 + q] - sat[top + x1 + q] - sat[bottom + x0 + q] + sat[top + x0 + q];
                        Solve(pc, s, y * w + x, n, normals);
                    }
                });
            }
            return results;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sat);
        }
    }

    static void Solve(PointCloud pc, ReadOnlySpan<double> s, int i, int n, double[] normals)
    {
        double a1 = s[0], a2 = s[1], a3 = s[2], a4 = s[3], a5 = s[4], a6 = s[5], b1 = s[6], b2 = s[7], b3 = s[8];
        // No minimum point count: like the reference, a window of one or two points yields whatever
        // its (near-)singular system gives, and an empty one NaN (0/0).
        // Adjugate of the symmetric AtA; the determinant's sign is fixed by the orientation below.
        double A = a4 * a6 - a5 * a5, D = -(a2 * a6 - a3 * a5), G = a2 * a5 - a3 * a4;
        double E = a1 * a6 - a3 * a3, H = -(a1 * a5 - a2 * a3), K = a1 * a4 - a2 * a2;
        double nx = A * b1 + D * b2 + G * b3, ny = D * b1 + E * b2 + H * b3, nz = G * b1 + H * b2 + K * b3;
        double norm = Math.Sqrt(nx * nx + ny * ny + nz * nz);
        if (!(norm > 0) || !double.IsFinite(norm)) { normals[i] = normals[n + i] = normals[2 * n + i] = double.NaN; return; }
        nx /= norm; ny /= norm; nz /= norm;
        if (nz < 0) { nx = -nx; ny = -ny; nz = -nz; }
        double px = pc.X[i], py = pc.Y[i], pz = pc.Z[i];
        if (!double.IsNaN(pz) && nx * px + ny * py + nz * pz < 0) { nx = -nx; ny = -ny; nz = -nz; }
        normals[i] = nx; normals[n + i] = ny; normals[2 * n + i] = nz;
    }
}
