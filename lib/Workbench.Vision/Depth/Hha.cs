namespace Workbench.Vision.Depth;

/// <summary>
/// HHA encoding of a depth map (Gupta, Girshick, Arbeláez, Malik, ECCV 2014), as their saveHHA:
/// channel 1 horizontal disparity 31000 / max(Z, 100 cm); channel 2 height above the lowest point
/// in cm (if that point is above −90 cm, the floor is assumed at −130 cm); channel 3 the angle
/// between the local normal and gravity in degrees, + 128 − 90. Each rounded and saturated to a
/// byte. Normals use a radius-3 window for the angle and radius 10 for gravity. Pixels without
/// depth are 0 in all three channels (MATLAB's uint8(NaN)).
/// </summary>
public static class Hha
{
    public const int AngleRadius = 3;
    public const int GravityRadius = 10;

    /// <summary>HHA of a depth map in millimetres (NYUDv2's PNG unit); 0 or NaN = missing.</summary>
    public static HhaImage FromDepthMm(ReadOnlySpan<float> depthMm, int height, int width, CameraIntrinsics? camera = null) =>
        Encode(depthMm, 10, height, width, camera);

    /// <summary>HHA of a depth map in centimetres; <paramref name="camera"/> defaults to NYUDv2's, scaled to the size.</summary>
    public static HhaImage FromDepthCm(ReadOnlySpan<float> depthCm, int height, int width, CameraIntrinsics? camera = null) =>
        Encode(depthCm, 1, height, width, camera);

    static HhaImage Encode(ReadOnlySpan<float> depth, double unitsPerCm, int height, int width, CameraIntrinsics? camera)
    {
        camera ??= CameraIntrinsics.Nyud.ScaledTo(width, height);
        var pc = PointCloud.FromDepth(depth, height, width, camera, unitsPerCm);
        var both = Normals.SquareSupport(pc, new[] { AngleRadius, GravityRadius });
        double[] angleNormals = both[0], gravityNormals = both[1];
        var down = Gravity.Estimate(gravityNormals);

        int n = height * width;
        // Height: "up" is −down; measured from the lowest valid point.
        double lowest = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            if (!pc.IsValid(i)) continue;
            double up = -(pc.X[i] * down[0] + pc.Y[i] * down[1] + pc.Z[i] * down[2]);
            if (up < lowest) lowest = up;
        }
        if (!(lowest <= -90)) lowest = -130;

        var hwc = new byte[3 * n];
        for (int i = 0; i < n; i++)
        {
            if (!pc.IsValid(i)) continue;
            double z = pc.Z[i];
            hwc[3 * i] = ToByte(31000.0 / Math.Max(z, 100));
            double up = -(pc.X[i] * down[0] + pc.Y[i] * down[1] + pc.Z[i] * down[2]);
            hwc[3 * i + 1] = ToByte(up - lowest);
            double nx = angleNormals[i], ny = angleNormals[n + i], nz = angleNormals[2 * n + i];
            if (double.IsNaN(nx)) continue;
            double cos = Math.Clamp(nx * down[0] + ny * down[1] + nz * down[2], -1, 1);
            hwc[3 * i + 2] = ToByte(Math.Acos(cos) * 180 / Math.PI + 128 - 90);
        }
        return new HhaImage(height, width, hwc, down, -lowest);
    }

    /// <summary>MATLAB's uint8(): round half away from zero, saturate, NaN → 0.</summary>
    public static byte ToByte(double v) =>
        double.IsNaN(v) ? (byte) 0 : (byte) Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, 255);
}

/// <summary>An HHA image (HWC bytes) and what was estimated on the way.</summary>
/// <param name="Gravity">Unit "down" direction in camera coordinates (x right, y down, z forward).</param>
/// <param name="CameraHeightCm">The camera's height above the lowest point (or the assumed 130 cm).</param>
public sealed record HhaImage(int Height, int Width, byte[] Hwc, double[] Gravity, double CameraHeightCm);
