using System.Text.Json;
using Workbench.Vision.Depth;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Data.Tests;

/// <summary>
/// Our HHA against an independent numpy port of Gupta et al.'s processDepthImage/saveHHA
/// (tests/fixtures/datasets/make_fixtures.py), on a rendered room with noise and holes.
/// </summary>
public class HhaReferenceTests
{
    static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "fixtures", "datasets");

    [Fact]
    public void Matches_the_numpy_reference()
    {
        var exp = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expected.json"))).RootElement.GetProperty("hha");
        var k = exp.GetProperty("camera").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var depth = Png.Read16(Path.Combine(Dir, "hha", "depth.png"));
        var reference = Png.Read(Path.Combine(Dir, "hha", "hha.png"));
        var camera = new CameraIntrinsics(k[0], k[1], k[2], k[3], depth.Width, depth.Height);

        var ours = Hha.FromDepthMm(depth.Pixels.Select(v => (float) v).ToArray(), depth.Height, depth.Width, camera);

        var g = exp.GetProperty("gravity").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double angle = Math.Acos(Math.Clamp(g[0] * ours.Gravity[0] + g[1] * ours.Gravity[1] + g[2] * ours.Gravity[2], -1, 1)) * 180 / Math.PI;
        Assert.True(angle < 1e-6, $"gravity differs from the reference by {angle:E2}°");
        Assert.Equal(exp.GetProperty("camera_height_cm").GetDouble(), ours.CameraHeightCm, 2);

        // Same expressions, same summation order: every byte agrees.
        Assert.Equal(reference.Pixels, ours.Hwc);
    }
}
