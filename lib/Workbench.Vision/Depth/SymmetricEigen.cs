namespace Workbench.Vision.Depth;

/// <summary>Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations.</summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues (ascending) and unit eigenvectors (columns of <paramref name="vectors"/>, vectors[row, col])
    /// of the symmetric matrix <paramref name="a"/> (only its upper triangle is read).
    /// </summary>
    public static void Decompose(double[,] a, out double[] values, out double[,] vectors)
    {
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = i; j < 3; j++)
                m[i, j] = m[j, i] = a[i, j];
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = m[0, 1] * m[0, 1] + m[0, 2] * m[0, 2] + m[1, 2] * m[1, 2];
            double scale = m[0, 0] * m[0, 0] + m[1, 1] * m[1, 1] + m[2, 2] * m[2, 2] + off;
            if (off <= 1e-30 * Math.Max(scale, double.Epsilon)) break;
            for (int p = 0; p < 2; p++)
                for (int q = p + 1; q < 3; q++)
                {
                    if (m[p, q] == 0) continue;
                    // Rotation angle that zeroes m[p, q] (Golub & Van Loan, sym.schur2).
                    double theta = (m[q, q] - m[p, p]) / (2 * m[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double mkp = m[k, p], mkq = m[k, q];
                        m[k, p] = c * mkp - s * mkq;
                        m[k, q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double mpk = m[p, k], mqk = m[q, k];
                        m[p, k] = c * mpk - s * mqk;
                        m[q, k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }

        var order = new[] { 0, 1, 2 };
        Array.Sort(order, (i, j) => m[i, i].CompareTo(m[j, j]));
        values = new double[3];
        vectors = new double[3, 3];
        for (int c = 0; c < 3; c++)
        {
            values[c] = m[order[c], order[c]];
            for (int r = 0; r < 3; r++) vectors[r, c] = v[r, order[c]];
        }
    }
}
