using System.Buffers;

namespace Workbench.Vision.Depth;

/// <summary>
/// Surface normals by a least-squares plane fit over the valid points of a (2r+1)×(2r+1) window
/// (Gupta et al.'s computeNormalsSquareSupport, without superpixel clipping). The plane
/// N·p = 1 is fitted in the form (X/Z, Y/Z, 1)·N = 1/Z; the nine window sums of that system
/// come from sliding box sums, so the cost is O(pixels) whatever the radius.
/// </summary>
public static class Normals
{
    const int Q = 9; // x², xy, x, y², y, 1 | x/Z, y/Z, 1/Z   with x = X/Z, y = Y/Z

    /// <summary>
    /// Unit normals as three planes [3, H, W] (nx, ny, nz), NaN where the window holds too few
    /// points for a plane. Oriented like the reference: pointing away from the camera (N·p ≥ 0).
    /// </summary>
    public static float[] SquareSupport(PointCloud pc, int radius)
    {
        if (radius < 0) throw new ArgumentException($"window radius must be ≥ 0, got {radius}");
        int h = pc.Height, w = pc.Width, n = h * w;
        var rows = ArrayPool<double>.Shared.Rent(Q * n);   // horizontal window sums, [q][y][x]
        var line = ArrayPool<double>.Shared.Rent(Q * w);   // one row's raw quantities
        var acc = ArrayPool<double>.Shared.Rent(Q * w);    // vertical running sums
        var normals = new float[3 * n];
        try
        {
            for (int y = 0; y < h; y++)
            {
                RowQuantities(pc, y, line);
                for (int q = 0; q < Q; q++)
                {
                    int lo = q * w, outBase = q * n + y * w;
                    double s = 0;
                    for (int x = 0; x <= Math.Min(radius, w - 1); x++) s += line[lo + x];
                    for (int x = 0; x < w; x++)
                    {
                        rows[outBase + x] = s;
                        int enter = x + radius + 1, leave = x - radius;
                        if (enter < w) s += line[lo + enter];
                        if (leave >= 0) s -= line[lo + leave];
                    }
                }
            }

            Array.Clear(acc, 0, Q * w);
            for (int y = 0; y <= Math.Min(radius, h - 1); y++) AddRow(rows, acc, y, n, w, +1);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++) Solve(pc, acc, x, w, y * w + x, n, normals);
                int enter = y + radius + 1, leave = y - radius;
                if (enter < h) AddRow(rows, acc, enter, n, w, +1);
                if (leave >= 0) AddRow(rows, acc, leave, n, w, -1);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rows);
            ArrayPool<double>.Shared.Return(line);
            ArrayPool<double>.Shared.Return(acc);
        }
        return normals;
    }

    static void RowQuantities(PointCloud pc, int y, double[] line)
    {
        int w = pc.Width;
        for (int x = 0; x < w; x++)
        {
            int i = y * w + x;
            double z = pc.Z[i];
            if (double.IsNaN(z))
            {
                for (int q = 0; q < Q; q++) line[q * w + x] = 0;
                continue;
            }
            double a = pc.X[i] / z, b = pc.Y[i] / z, iz = 1 / z;
            line[x] = a * a; line[w + x] = a * b; line[2 * w + x] = a;
            line[3 * w + x] = b * b; line[4 * w + x] = b; line[5 * w + x] = 1;
            line[6 * w + x] = a * iz; line[7 * w + x] = b * iz; line[8 * w + x] = iz;
        }
    }

    static void AddRow(double[] rows, double[] acc, int y, int n, int w, int sign)
    {
        for (int q = 0; q < Q; q++)
        {
            int src = q * n + y * w, dst = q * w;
            if (sign > 0) for (int x = 0; x < w; x++) acc[dst + x] += rows[src + x];
            else for (int x = 0; x < w; x++) acc[dst + x] -= rows[src + x];
        }
    }

    static void Solve(PointCloud pc, double[] acc, int x, int w, int i, int n, float[] normals)
    {
        double a1 = acc[x], a2 = acc[w + x], a3 = acc[2 * w + x], a4 = acc[3 * w + x], a5 = acc[4 * w + x], a6 = acc[5 * w + x];
        double b1 = acc[6 * w + x], b2 = acc[7 * w + x], b3 = acc[8 * w + x];
        if (a6 < 2.5) { normals[i] = normals[n + i] = normals[2 * n + i] = float.NaN; return; }
        // Adjugate of the symmetric AtA; the determinant's sign is fixed by the orientation below.
        double A = a4 * a6 - a5 * a5, D = -(a2 * a6 - a3 * a5), G = a2 * a5 - a3 * a4;
        double E = a1 * a6 - a3 * a3, H = -(a1 * a5 - a2 * a3), K = a1 * a4 - a2 * a2;
        double nx = A * b1 + D * b2 + G * b3, ny = D * b1 + E * b2 + H * b3, nz = G * b1 + H * b2 + K * b3;
        double norm = Math.Sqrt(nx * nx + ny * ny + nz * nz);
        if (!(norm > 0) || !double.IsFinite(norm)) { normals[i] = normals[n + i] = normals[2 * n + i] = float.NaN; return; }
        nx /= norm; ny /= norm; nz /= norm;
        if (nz < 0) { nx = -nx; ny = -ny; nz = -nz; }
        double px = pc.X[i], py = pc.Y[i], pz = pc.Z[i];
        if (!double.IsNaN(pz) && nx * px + ny * py + nz * pz < 0) { nx = -nx; ny = -ny; nz = -nz; }
        normals[i] = (float) nx; normals[n + i] = (float) ny; normals[2 * n + i] = (float) nz;
    }
}
