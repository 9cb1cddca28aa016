using FsCheck;
using FsCheck.Fluent;
using Workbench.Vision.Datasets.Synthetic;
using Workbench.Vision.Depth;

namespace Workbench.Vision.Data.Tests;

public class HhaTests
{
    static double AngleDegrees(double[] a, double[] b) =>
        Math.Acos(Math.Clamp(a[0] * b[0] + a[1] * b[1] + a[2] * b[2], -1, 1)) * 180 / Math.PI;

    static RoomRendering Room(float pitch, float roll, float height, int h = 120, int w = 160, bool furnished = true)
    {
        var scene = RoomScene.Empty(pitch, roll, height);
        if (furnished)
        {
            var rng = new SampleRandom(7, 0);
            var wood = Material.Random(ref rng, 30, 0.5f, 0.5f, 4);
            scene.AddBox(-1.2f, 0.5f, 0.2f, 1.4f, 0.7f, 0.75f, RoomScene.Table, wood);
            scene.AddBox(0.8f, 2.4f, 2.0f, 3.0f, 0, 1.8f, RoomScene.Bookshelf, wood);
        }
        var r = new SampleRandom(1, 1);
        return RoomRendering.Render(scene, h, w, ref r, holes: true);
    }

    [Fact]
    public void Tilted_camera_gravity_is_recovered_within_two_degrees_and_the_floor_is_at_height_zero()
    {
        var room = Room(pitch: 25, roll: 6, height: 1.35f);
        var hha = Hha.FromDepthMm(room.DepthMm, 120, 160, room.Camera);
        var truth = room.Gravity;
        Assert.True(AngleDegrees(hha.Gravity, truth) < 2, $"gravity off by {AngleDegrees(hha.Gravity, truth):F2}°");
        // The tilt itself is large: the image's down axis is 25°+ from gravity.
        Assert.True(AngleDegrees(new double[] { 0, 1, 0 }, truth) > 20);

        var floorHeights = new List<int>();
        for (int i = 0; i < room.DepthMm.Length; i++)
            if (room.Labels.Indices[i] == RoomScene.Floor && room.DepthMm[i] > 0) floorHeights.Add(hha.Hwc[3 * i + 1]);
        floorHeights.Sort();
        Assert.InRange(floorHeights[floorHeights.Count / 2], 0, 4);    // cm
        Assert.InRange(hha.CameraHeightCm, 130, 140);                   // 135 cm above the floor
    }

    [Fact]
    public void Gravity_is_recovered_for_random_poses()
    {
        var gen = from pitch in Gen.Choose(0, 35)
                  from roll in Gen.Choose(-12, 12)
                  from height in Gen.Choose(90, 170)
                  select (pitch, roll, height);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var room = Room(t.pitch, t.roll, t.height / 100f, 72, 96, furnished: false);
            var hha = Hha.FromDepthMm(room.DepthMm, 72, 96, room.Camera);
            return AngleDegrees(hha.Gravity, room.Gravity) < 2;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Channels_follow_the_reference_formulas()
    {
        var room = Room(pitch: 15, roll: 0, height: 1.2f);
        var hha = Hha.FromDepthMm(room.DepthMm, 120, 160, room.Camera);
        var pc = PointCloud.FromDepth(room.DepthMm, 120, 160, room.Camera, unitsPerCm: 10);
        for (int i = 0; i < room.DepthMm.Length; i += 37)
        {
            if (room.DepthMm[i] == 0)
            {
                Assert.Equal(new byte[3], hha.Hwc.AsSpan(3 * i, 3).ToArray());
                continue;
            }
            double zcm = room.DepthMm[i] / 10.0;
            Assert.Equal(Hha.ToByte(31000 / Math.Max(zcm, 100)), hha.Hwc[3 * i]);
            double up = -(pc.X[i] * hha.Gravity[0] + pc.Y[i] * hha.Gravity[1] + pc.Z[i] * hha.Gravity[2]);
            Assert.Equal(Hha.ToByte(up + hha.CameraHeightCm), hha.Hwc[3 * i + 1]);
        }
        // Walls read ≈128 in the angle channel, the floor ≈38.
        int wall = 0, floor = 0; double wallSum = 0, floorSum = 0;
        for (int i = 0; i < room.DepthMm.Length; i++)
        {
            if (room.DepthMm[i] == 0) continue;
            if (room.Labels.Indices[i] == RoomScene.Wall) { wall++; wallSum += hha.Hwc[3 * i + 2]; }
            if (room.Labels.Indices[i] == RoomScene.Floor) { floor++; floorSum += hha.Hwc[3 * i + 2]; }
        }
        Assert.InRange(wallSum / wall, 120, 136);
        Assert.InRange(floorSum / floor, 36, 46);
    }

    [Fact]
    public void Lowest_point_above_minus_90_cm_assumes_the_floor_at_minus_130()
    {
        // A fronto-parallel wall 1 m away: every point lies within ±62 cm of the camera in any direction.
        int h = 48, w = 64;
        var depth = Enumerable.Repeat(1000f, h * w).ToArray();
        var hha = Hha.FromDepthMm(depth, h, w);
        Assert.Equal(130, hha.CameraHeightCm, 6);
        Assert.Equal(255, hha.Hwc[0]); // 31000 / 100 saturates
    }

    [Fact]
    public void Normals_of_a_plane_are_exact_and_point_away_from_the_camera()
    {
        int h = 40, w = 50;
        var cam = CameraIntrinsics.Nyud.ScaledTo(w, h);
        // Plane n·p = d with n = (0.3, −0.5, 0.81…) normalised, d = 250 cm.
        double[] n = { 0.3, -0.5, Math.Sqrt(1 - 0.09 - 0.25) };
        var depth = new float[h * w];
        for (int v = 0; v < h; v++)
            for (int u = 0; u < w; u++)
            {
                double rx = (u + 1 - cam.Cx) / cam.Fx, ry = (v + 1 - cam.Cy) / cam.Fy;
                depth[v * w + u] = (float) (250 / (n[0] * rx + n[1] * ry + n[2]));
            }
        var pc = PointCloud.FromDepth(depth, h, w, cam);
        var normals = Normals.SquareSupport(pc, 3);
        for (int i = 0; i < h * w; i += 7)
        {
            Assert.Equal(n[0], normals[i], 3);
            Assert.Equal(n[1], normals[h * w + i], 3);
            Assert.Equal(n[2], normals[2 * h * w + i], 3);
        }
    }

    [Fact]
    public void Windows_without_points_give_no_normal()
    {
        int h = 30, w = 30;
        var depth = new float[h * w];
        var normals = Normals.SquareSupport(PointCloud.FromDepth(depth, h, w, CameraIntrinsics.Nyud.ScaledTo(w, h)), 3);
        Assert.All(normals, v => Assert.True(double.IsNaN(v)));
        var hha = Hha.FromDepthCm(depth, h, w);
        Assert.All(hha.Hwc, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Any_depth_map_of_any_size_encodes_without_error()
    {
        var gen = from h in Gen.Choose(1, 40)
                  from w in Gen.Choose(1, 40)
                  from seed in Gen.Choose(0, 1000)
                  select (h, w, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Random(t.seed);
            // Mixed valid depths, zeros, NaN, infinities and negatives.
            var depth = Enumerable.Range(0, t.h * t.w).Select(_ => rng.Next(6) switch
            {
                0 => 0f, 1 => float.NaN, 2 => float.PositiveInfinity, 3 => -5f, _ => rng.Next(300, 9000),
            }).ToArray();
            var hha = Hha.FromDepthMm(depth, t.h, t.w);
            bool zerosWhereMissing = Enumerable.Range(0, depth.Length)
                .All(i => depth[i] > 0 && float.IsFinite(depth[i]) || (hha.Hwc[3 * i] == 0 && hha.Hwc[3 * i + 1] == 0 && hha.Hwc[3 * i + 2] == 0));
            double g = Math.Sqrt(hha.Gravity.Sum(v => v * v));
            return hha.Hwc.Length == 3 * t.h * t.w && zerosWhereMissing && Math.Abs(g - 1) < 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Jacobi_eigenvectors_satisfy_the_eigen_equation()
    {
        var gen = from v in Gen.Choose(-1000, 1000).ArrayOf(6) select v.Select(x => x / 100.0).ToArray();
        Prop.ForAll(gen.ToArbitrary(), e =>
        {
            if (e.Length < 6) return true;
            var a = new double[3, 3] { { e[0], e[1], e[2] }, { e[1], e[3], e[4] }, { e[2], e[4], e[5] } };
            SymmetricEigen.Decompose(a, out var values, out var vectors);
            for (int c = 0; c < 3; c++)
            {
                for (int r = 0; r < 3; r++)
                {
                    double av = a[r, 0] * vectors[0, c] + a[r, 1] * vectors[1, c] + a[r, 2] * vectors[2, c];
                    if (Math.Abs(av - values[c] * vectors[r, c]) > 1e-8) return false;
                }
                double norm = vectors[0, c] * vectors[0, c] + vectors[1, c] * vectors[1, c] + vectors[2, c] * vectors[2, c];
                if (Math.Abs(norm - 1) > 1e-10) return false;
            }
            return values[0] <= values[1] && values[1] <= values[2];
        }).QuickCheckThrowOnFailure();
    }
}
