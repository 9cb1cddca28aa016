namespace Workbench.Vision.Depth;

/// <summary>
/// Camera-frame points from a depth map, in centimetres as Gupta et al.'s code uses them:
/// X = (u − cx)·Z/fx, Y = (v − cy)·Z/fy (image y points down), with u, v counted from 1 as MATLAB does.
/// Missing depth (0, negative or NaN) gives NaN points. Doubles, as MATLAB computes.
/// </summary>
public sealed class PointCloud
{
    public int Height { get; }
    public int Width { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[] Z { get; }

    PointCloud(int height, int width)
    {
        Height = height;
        Width = width;
        X = new double[height * width];
        Y = new double[height * width];
        Z = new double[height * width];
    }

    public bool IsValid(int i) => !double.IsNaN(Z[i]);

    /// <param name="unitsPerCm">10 for a depth map in millimetres, 1 for centimetres.</param>
    public static PointCloud FromDepth(ReadOnlySpan<float> depth, int height, int width, CameraIntrinsics camera, double unitsPerCm = 1)
    {
        if (height <= 0 || width <= 0 || depth.Length != height * width)
            throw new ArgumentException($"{depth.Length} depths cannot fill a {height}×{width} map");
        var pc = new PointCloud(height, width);
        for (int v = 0, i = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++, i++)
            {
                float raw = depth[i];
                if (!(raw > 0) || !float.IsFinite(raw))
                {
                    pc.X[i] = pc.Y[i] = pc.Z[i] = double.NaN;
                    continue;
                }
                double z = raw / unitsPerCm;
                pc.X[i] = (u + 1 - camera.Cx) * z / camera.Fx;
                pc.Y[i] = (v + 1 - camera.Cy) * z / camera.Fy;
                pc.Z[i] = z;
            }
        }
        return pc;
    }
}
