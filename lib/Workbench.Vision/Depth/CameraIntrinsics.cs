namespace Workbench.Vision.Depth;

/// <summary>A pinhole camera: focal lengths and principal point in pixels.</summary>
public sealed record CameraIntrinsics(double Fx, double Fy, double Cx, double Cy, int Width, int Height)
{
    /// <summary>NYUDv2's colour camera (Gupta et al.'s getCameraParam('color')), 640×480.</summary>
    public static CameraIntrinsics Nyud { get; } = new(518.8579, 519.4696, 325.5824, 253.7362, 640, 480);

    /// <summary>The same camera for an image resized to <paramref name="width"/>×<paramref name="height"/>.</summary>
    public CameraIntrinsics ScaledTo(int width, int height)
    {
        double sx = (double) width / Width, sy = (double) height / Height;
        return new CameraIntrinsics(Fx * sx, Fy * sy, Cx * sx, Cy * sy, width, height);
    }
}
