using Workbench.Vision.Depth;

namespace Workbench.Vision.Datasets.Synthetic;

/// <summary>
/// An indoor room for <see cref="SyntheticNyud"/>: floor (y = 0), walls, ceiling and axis-aligned
/// furniture boxes with NYUDv2 40-class labels, seen by a pinhole camera with NYUDv2's intrinsics
/// from a chosen height, pitch and roll. World coordinates are metres, y up.
/// Walls, floor and ceiling draw their paint from one distribution, and so do the wooden
/// furniture classes: colour alone cannot tell them apart, orientation and height can.
/// </summary>
public sealed class RoomScene
{
    // NYUDv2 40-class indices (segmentation − 1).
    public const byte Wall = 0, Floor = 1, Cabinet = 2, Bed = 3, Chair = 4, Sofa = 5, Table = 6, Door = 7, Window = 8,
        Bookshelf = 9, Picture = 10, Desk = 13, Dresser = 16, Pillow = 17, FloorMat = 19, Ceiling = 21, Television = 24,
        Box = 28, Whiteboard = 29, NightStand = 31, Lamp = 34, OtherProp = 39;

    internal struct Solid
    {
        public float X0, Y0, Z0, X1, Y1, Z1;
        public byte Label;
        public Material Paint;
        public bool Glass; // depth sensors often miss it
    }

    readonly List<Solid> solids = new();
    Material wallPaint, floorPaint, ceilingPaint;
    float lightX, lightY, lightZ, ambient;

    public float RoomWidth { get; private set; }
    public float RoomDepth { get; private set; }
    public float RoomHeight { get; private set; }

    /// <summary>Camera position (m) and orientation: yaw about the vertical, pitch down, roll (radians).</summary>
    public float CameraX, CameraHeight, CameraZ, Yaw, Pitch, Roll;

    public bool GlassHoles { get; private set; }

    /// <summary>A random room and camera pose, furnished unless <paramref name="furnish"/> is false (floor, walls and ceiling only).</summary>
    public static RoomScene Random(ref SampleRandom rng, bool furnish = true)
    {
        var s = new RoomScene
        {
            RoomWidth = rng.Uniform(3.5f, 6f), RoomDepth = rng.Uniform(3.5f, 7f), RoomHeight = rng.Uniform(2.4f, 3f),
        };
        s.Paints(ref rng);
        s.CameraHeight = rng.Uniform(0.9f, 1.6f);
        s.CameraX = rng.Uniform(-0.3f, 0.3f) * s.RoomWidth;
        s.CameraZ = -s.RoomDepth / 2 + rng.Uniform(0.3f, 1.0f);
        s.Yaw = rng.Uniform(-0.5f, 0.5f);
        s.Pitch = rng.Uniform(0.05f, 0.45f);
        s.Roll = rng.Uniform(-0.08f, 0.08f);
        if (furnish) s.Furnish(ref rng);
        return s;
    }

    /// <summary>An empty room (floor, walls, ceiling) seen from a known pose: for tests of gravity and height.</summary>
    public static RoomScene Empty(float pitchDegrees, float rollDegrees, float cameraHeight, long seed = 0)
    {
        var rng = new SampleRandom(seed, 0);
        var s = new RoomScene { RoomWidth = 5, RoomDepth = 6, RoomHeight = 2.7f };
        s.Paints(ref rng);
        s.CameraHeight = cameraHeight;
        s.CameraZ = -2.5f;
        s.Pitch = pitchDegrees * MathF.PI / 180;
        s.Roll = rollDegrees * MathF.PI / 180;
        s.Yaw = 0.3f;
        return s;
    }

    /// <summary>Adds a box resting on the floor (used by tests and <see cref="Furnish"/>).</summary>
    public void AddBox(float x0, float z0, float x1, float z1, float y0, float y1, byte label, Material paint, bool glass = false) =>
        solids.Add(new Solid { X0 = x0, X1 = x1, Y0 = y0, Y1 = y1, Z0 = z0, Z1 = z1, Label = label, Paint = paint, Glass = glass });

    void Paints(ref SampleRandom rng)
    {
        // One distribution for every architectural surface: the RGB-only net cannot tell them by colour.
        wallPaint = Architecture(ref rng);
        floorPaint = Architecture(ref rng);
        ceilingPaint = Architecture(ref rng);
        // A weak light from a random side, so brightness hints little at orientation.
        double a = rng.Uniform(0, 2 * Math.PI), e = rng.Uniform(-0.2, 0.9);
        lightX = (float) (Math.Cos(a) * Math.Cos(e)); lightY = (float) Math.Sin(e); lightZ = (float) (Math.Sin(a) * Math.Cos(e));
        ambient = rng.Uniform(0.82f, 0.95f);
        GlassHoles = rng.Chance(0.6);
    }

    static Material Architecture(ref SampleRandom rng)
    {
        var m = Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0f, 0.35f), rng.Uniform(0.45f, 0.9f), 3f);
        if (m.Kind == Material.TextureKind.Checker) m.Kind = Material.TextureKind.Blotches;
        return m;
    }

    static Material Wood(ref SampleRandom rng) =>
        Material.Random(ref rng, rng.Uniform(15f, 45f), rng.Uniform(0.3f, 0.7f), rng.Uniform(0.25f, 0.7f), 6f);

    static Material Fabric(ref SampleRandom rng) =>
        Material.Random(ref rng, rng.Uniform(0f, 360f), rng.Uniform(0.2f, 0.8f), rng.Uniform(0.3f, 0.9f), 8f);

    void Furnish(ref SampleRandom rng)
    {
        float hw = RoomWidth / 2, hd = RoomDepth / 2;
        int pieces = rng.Next(2, 6);
        for (int k = 0; k < pieces; k++)
        {
            // Mostly against the far or side walls, in front of the camera.
            float x = rng.Uniform(-hw + 0.6f, hw - 0.6f), z = rng.Uniform(-hd + 1.8f, hd - 0.4f);
            bool againstWall = rng.Chance(0.5);
            switch (rng.Next(0, 10))
            {
                case 0: // bed with a pillow
                {
                    var fabric = Fabric(ref rng);
                    float w = rng.Uniform(1.0f, 1.6f), l = 2.0f;
                    z = hd - l;
                    AddBox(x - w / 2, z, x + w / 2, z + l, 0, 0.5f, Bed, fabric);
                    AddBox(x - w / 2 + 0.1f, z + l - 0.45f, x + w / 2 - 0.1f, z + l - 0.1f, 0.5f, 0.62f, Pillow, Fabric(ref rng));
                    break;
                }
                case 1: // cabinet / dresser / bookshelf / night stand: wooden blocks of different heights
                case 2:
                {
                    var (label, w, h, d) = rng.Next(0, 4) switch
                    {
                        0 => (Cabinet, rng.Uniform(0.5f, 1.2f), rng.Uniform(0.8f, 2.0f), 0.5f),
                        1 => (Dresser, rng.Uniform(0.8f, 1.4f), rng.Uniform(0.8f, 1.0f), 0.5f),
                        2 => (Bookshelf, rng.Uniform(0.7f, 1.2f), rng.Uniform(1.6f, 2.1f), 0.3f),
                        _ => (NightStand, 0.45f, 0.55f, 0.4f),
                    };
                    if (againstWall) z = hd - d;
                    AddBox(x - w / 2, z, x + w / 2, z + d, 0, h, label, Wood(ref rng));
                    break;
                }
                case 3: // table or desk: thin top on four legs
                case 4:
                {
                    bool desk = rng.Chance(0.4);
                    var wood = Wood(ref rng);
                    float w = rng.Uniform(0.8f, 1.6f), d = rng.Uniform(0.6f, 0.9f), h = rng.Uniform(0.70f, 0.78f), leg = 0.05f;
                    byte label = desk ? Desk : Table;
                    AddBox(x - w / 2, z, x + w / 2, z + d, h - 0.04f, h, label, wood);
                    foreach (var (lx, lz) in new[] { (x - w / 2, z), (x + w / 2 - leg, z), (x - w / 2, z + d - leg), (x + w / 2 - leg, z + d - leg) })
                        AddBox(lx, lz, lx + leg, lz + leg, 0, h - 0.04f, label, wood);
                    if (rng.Chance(0.5)) AddBox(x - 0.1f, z + 0.2f, x + 0.15f, z + 0.4f, h, h + rng.Uniform(0.05f, 0.3f), OtherProp, Fabric(ref rng));
                    break;
                }
                case 5: // chair: seat, back, legs
                {
                    var paint = rng.Chance(0.5) ? Wood(ref rng) : Fabric(ref rng);
                    float s = 0.45f, leg = 0.04f;
                    AddBox(x, z, x + s, z + s, 0.42f, 0.47f, Chair, paint);
                    AddBox(x, z + s - 0.05f, x + s, z + s, 0.47f, 0.9f, Chair, paint);
                    foreach (var (lx, lz) in new[] { (x, z), (x + s - leg, z), (x, z + s - leg), (x + s - leg, z + s - leg) })
                        AddBox(lx, lz, lx + leg, lz + leg, 0, 0.42f, Chair, paint);
                    break;
                }
                case 6: // sofa: seat, back, arms
                {
                    var fabric = Fabric(ref rng);
                    float w = rng.Uniform(1.5f, 2.2f), d = 0.85f;
                    z = hd - d;
                    AddBox(x - w / 2, z, x + w / 2, z + d, 0, 0.45f, Sofa, fabric);
                    AddBox(x - w / 2, z + d - 0.2f, x + w / 2, z + d, 0.45f, 0.85f, Sofa, fabric);
                    AddBox(x - w / 2, z, x - w / 2 + 0.18f, z + d, 0.45f, 0.65f, Sofa, fabric);
                    AddBox(x + w / 2 - 0.18f, z, x + w / 2, z + d, 0.45f, 0.65f, Sofa, fabric);
                    break;
                }
                case 7: // boxes on the floor
                {
                    float b = rng.Uniform(0.25f, 0.5f);
                    AddBox(x, z, x + b, z + b * rng.Uniform(0.7f, 1.3f), 0, b * rng.Uniform(0.6f, 1.2f), Box, Fabric(ref rng));
                    break;
                }
                case 8: // floor mat: flat, on the floor
                    AddBox(x - 0.7f, z, x + 0.7f, z + 1.0f, 0, 0.01f, FloorMat, Fabric(ref rng));
                    break;
                default: // floor lamp: thin pole and shade
                {
                    var paint = Fabric(ref rng);
                    AddBox(x - 0.02f, z - 0.02f, x + 0.02f, z + 0.02f, 0, 1.4f, Lamp, paint);
                    AddBox(x - 0.18f, z - 0.18f, x + 0.18f, z + 0.18f, 1.4f, 1.7f, Lamp, paint);
                    break;
                }
            }
        }

        // Flat things on the walls (2 cm proud): geometry says "wall", only appearance says otherwise.
        int onWalls = rng.Next(1, 4);
        for (int k = 0; k < onWalls; k++)
        {
            var (label, w, h, y0, paint, glass) = rng.Next(0, 5) switch
            {
                0 => (Picture, rng.Uniform(0.4f, 1.0f), rng.Uniform(0.3f, 0.8f), rng.Uniform(1.2f, 1.6f), Fabric(ref rng), false),
                1 => (Window, rng.Uniform(0.8f, 1.6f), rng.Uniform(0.9f, 1.3f), 0.9f, Material.Random(ref rng, rng.Uniform(180f, 230f), 0.2f, 0.95f, 2f), true),
                2 => (Door, 0.9f, 2.05f, 0f, Wood(ref rng), false),
                3 => (Whiteboard, rng.Uniform(1.0f, 2.0f), rng.Uniform(0.8f, 1.2f), 0.9f, Material.Random(ref rng, 0f, 0.02f, 0.95f, 1f), false),
                _ => (Television, rng.Uniform(0.6f, 1.1f), rng.Uniform(0.4f, 0.65f), 1.0f, Material.Random(ref rng, 0f, 0f, 0.12f, 1f), false),
            };
            float x = rng.Uniform(-hw + w / 2 + 0.1f, hw - w / 2 - 0.1f);
            if (rng.Chance(0.7)) AddBox(x - w / 2, hd - 0.02f, x + w / 2, hd, y0, y0 + h, label, paint, glass); // far wall
            else
            {
                float z = rng.Uniform(-hd + w / 2 + 0.5f, hd - w / 2 - 0.2f);
                float side = rng.Chance(0.5) ? -hw : hw - 0.02f;
                AddBox(side, z - w / 2, side + 0.02f, z + w / 2, y0, y0 + h, label, paint, glass);
            }
        }
    }

    /// <summary>The camera's axes in world coordinates: right, down, forward (rows).</summary>
    public void CameraAxes(out float[] right, out float[] down, out float[] forward)
    {
        float cp = MathF.Cos(Pitch), sp = MathF.Sin(Pitch), cy = MathF.Cos(Yaw), sy = MathF.Sin(Yaw);
        forward = new[] { sy * cp, -sp, cy * cp };
        var r0 = new[] { cy, 0f, -sy };
        // r0 × f is the camera's down axis before roll.
        var d0 = new[] { r0[1] * forward[2] - r0[2] * forward[1], r0[2] * forward[0] - r0[0] * forward[2], r0[0] * forward[1] - r0[1] * forward[0] };
        float cr = MathF.Cos(Roll), sr = MathF.Sin(Roll);
        right = new[] { r0[0] * cr + d0[0] * sr, r0[1] * cr + d0[1] * sr, r0[2] * cr + d0[2] * sr };
        down = new[] { -r0[0] * sr + d0[0] * cr, -r0[1] * sr + d0[1] * cr, -r0[2] * sr + d0[2] * cr };
    }

    /// <summary>Gravity ("down", world −y) in camera coordinates (x right, y down, z forward).</summary>
    public double[] GravityInCamera()
    {
        CameraAxes(out var r, out var d, out var f);
        return new double[] { -r[1], -d[1], -f[1] };
    }

    /// <summary>
    /// Ray-casts the scene: colour (HWC RGB bytes before grain, as floats), z-depth in metres along the
    /// optical axis, labels, and per-pixel glass flags.
    /// </summary>
    internal void Render(int height, int width, CameraIntrinsics camera, float[] rgb, float[] depth, byte[] labels, bool[] glass)
    {
        CameraAxes(out var r, out var d, out var f);
        float hw = RoomWidth / 2, hd = RoomDepth / 2;
        for (int v = 0, i = 0; v < height; v++)
        {
            float yc = (float) ((v + 1 - camera.Cy) / camera.Fy);
            for (int u = 0; u < width; u++, i++)
            {
                float xc = (float) ((u + 1 - camera.Cx) / camera.Fx);
                float dx = r[0] * xc + d[0] * yc + f[0], dy = r[1] * xc + d[1] * yc + f[1], dz = r[2] * xc + d[2] * yc + f[2];

                // The room from inside: the nearest exit through one of six planes.
                float best = float.PositiveInfinity;
                int axis = 0;
                float nSign = 0;
                Exit(CameraX, dx, -hw, hw, 0, ref best, ref axis, ref nSign);
                Exit(CameraHeight, dy, 0, RoomHeight, 1, ref best, ref axis, ref nSign);
                Exit(CameraZ, dz, -hd, hd, 2, ref best, ref axis, ref nSign);
                byte label = axis == 1 ? (nSign > 0 ? Floor : Ceiling) : Wall;
                Material paint = axis == 1 ? (nSign > 0 ? floorPaint : ceilingPaint) : wallPaint;
                bool isGlass = false;

                foreach (ref readonly var s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(solids))
                {
                    if (Enter(in s, dx, dy, dz, out float t, out int ax, out float sg) && t < best)
                    {
                        best = t; axis = ax; nSign = sg; label = s.Label; paint = s.Paint; isGlass = s.Glass;
                    }
                }

                float px = CameraX + best * dx, py = CameraHeight + best * dy, pz = CameraZ + best * dz;
                float nx = axis == 0 ? nSign : 0, ny = axis == 1 ? nSign : 0, nz = axis == 2 ? nSign : 0;
                float lambert = MathF.Max(0, nx * lightX + ny * lightY + nz * lightZ);
                float gain = ambient + (1 - ambient) * lambert;
                // Texture coordinates: the two world axes that span the face.
                float tu = axis == 0 ? pz : px, tv = axis == 1 ? pz : py;
                paint.Shade(tu, tv, gain, out rgb[3 * i], out rgb[3 * i + 1], out rgb[3 * i + 2]);
                depth[i] = best; // the ray's forward component is 1, so t is the z-depth
                labels[i] = label;
                glass[i] = isGlass;
            }
        }
    }

    static void Exit(float origin, float dir, float lo, float hi, int ax, ref float best, ref int axis, ref float nSign)
    {
        if (dir > 1e-9f)
        {
            float t = (hi - origin) / dir;
            if (t < best) { best = t; axis = ax; nSign = -1; }
        }
        else if (dir < -1e-9f)
        {
            float t = (lo - origin) / dir;
            if (t < best) { best = t; axis = ax; nSign = 1; }
        }
    }

    bool Enter(in Solid s, float dx, float dy, float dz, out float tNear, out int axis, out float sign)
    {
        tNear = float.NegativeInfinity; axis = 0; sign = 0;
        float tFar = float.PositiveInfinity;
        if (!Slab(CameraX, dx, s.X0, s.X1, 0, ref tNear, ref tFar, ref axis, ref sign)) return false;
        if (!Slab(CameraHeight, dy, s.Y0, s.Y1, 1, ref tNear, ref tFar, ref axis, ref sign)) return false;
        if (!Slab(CameraZ, dz, s.Z0, s.Z1, 2, ref tNear, ref tFar, ref axis, ref sign)) return false;
        return tNear <= tFar && tNear > 1e-4f;
    }

    static bool Slab(float o, float d, float lo, float hi, int ax, ref float tNear, ref float tFar, ref int axis, ref float sign)
    {
        if (MathF.Abs(d) < 1e-9f) return o >= lo && o <= hi;
        float t0 = (lo - o) / d, t1 = (hi - o) / d;
        float s = -1; // entering through the low face: outward normal −axis
        if (t0 > t1) { (t0, t1) = (t1, t0); s = 1; }
        if (t0 > tNear) { tNear = t0; axis = ax; sign = s; }
        if (t1 < tFar) tFar = t1;
        return tNear <= tFar;
    }
}
