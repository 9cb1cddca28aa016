namespace Workbench.Vision.Depth;

/// <summary>
/// Camera-frame points from a depth map, in centimetres as Gupta et al.'s code uses them:
/// X = (u − cx)·Z/fx, Y = (v − cy)·Z/fy (image y points down), with u, v counted from 1 as MATLAB does.
/// Missing depth (0, negative or NaN) gives NaN points.
/// </summary>
public sealed class PointCloud
{
    public int Height { get; }
    public int Width { get; }
    public float[] X { get; }
    public float[] Y { get; }
    public float[] Z { get; }

    PointCloud(int height, int width)
    {
        Height = height;
        Width = width;
        X = new float[height * width];
        Y = new float[height * width];
        Z = new float[height * width];
    }

    public bool IsValid(int i) => !float.IsNaN(Z[i]);

    public static PointCloud FromDepth(ReadOnlySpan<float> depthCm, int height, int width, CameraIntrinsics camera)
    {
        if (height <= 0 || width <= 0 || depthCm.Length != height * width)
            throw new ArgumentException($"{depthCm.Length} depths cannot fill a {height}×{width} map");
        var pc = new PointCloud(height, width);
        for (int v = 0, i = 0; v < height; v++)
        {
            double dy = (v + 1 - camera.Cy) / camera.Fy;
            for (int u = 0; u < width; u++, i++)
            {
                float z = depthCm[i];
                if (!(z > 0) || !float.IsFinite(z))
                {
                    pc.X[i] = pc.Y[i] = pc.Z[i] = float.NaN;
                    continue;
                }
                pc.X[i] = (float) ((u + 1 - camera.Cx) / camera.Fx * z);
                pc.Y[i] = (float) (dy * z);
                pc.Z[i] = z;
            }
        }
        return pc;
    }
}
