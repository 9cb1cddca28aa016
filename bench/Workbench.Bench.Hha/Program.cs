using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Vision.Datasets.Synthetic;
using Workbench.Vision.Depth;
using Workbench.Vision.Imaging;

// HHA of 640×480 depth maps, ms per frame: ours against the numpy port of Gupta et al.'s code
// (bench/python/hha.py) on the same files in the same run, outputs compared byte for byte.
//   Workbench.Bench.Hha make-depth DIR [COUNT]                  rendered rooms as 16-bit mm PNGs
//   Workbench.Bench.Hha run DIR REFERENCE.json OUT_DIR [PASSES]

if (args.Length >= 2 && args[0] == "make-depth")
{
    int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
    Directory.CreateDirectory(args[1]);
    var rooms = new SyntheticNyud(count, 480, 640, seed: 2014);
    for (int i = 0; i < count; i++)
    {
        var r = rooms.RenderRoom(i);
        var mm = r.DepthMm.Select(v => (ushort) Math.Clamp(v, 0, ushort.MaxValue)).ToArray();
        Png.Write(Path.Combine(args[1], $"depth_{i:D2}.png"), new Image16(640, 480, 1, mm));
    }
    Console.WriteLine($"{count} depth maps in {args[1]}");
    return 0;
}
if (args.Length < 4 || args[0] != "run")
{
    Console.Error.WriteLine("usage: Workbench.Bench.Hha make-depth DIR [COUNT] | run DIR REFERENCE.json OUT_DIR [PASSES]");
    return 2;
}

string dir = args[1], referencePath = args[2], outDir = args[3];
int passes = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
var files = Directory.GetFiles(dir, "depth_*.png").Order(StringComparer.Ordinal).ToArray();
var depths = files.Select(f => Png.Read16(f)).ToArray();
var inputs = depths.Select(d => d.Pixels.Select(v => (float) v).ToArray()).ToArray();
HhaImage Encode(int i) => Hha.FromDepthMm(inputs[i], depths[i].Height, depths[i].Width);

long differ = 0, total = 0;
for (int i = 0; i < files.Length; i++)
{
    var ours = Encode(i);
    var reference = Png.Read(files[i].Replace("depth_", "hha_ref_"));
    for (int k = 0; k < ours.Hwc.Length; k++) if (ours.Hwc[k] != reference.Pixels[k]) differ++;
    total += ours.Hwc.Length;
}

Encode(0); // warm-up
double best = double.MaxValue;
for (int p = 0; p < passes; p++)
{
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < files.Length; i++) Encode(i);
    best = Math.Min(best, watch.Elapsed.TotalSeconds);
}
var refJson = JsonNode.Parse(File.ReadAllText(referencePath))!;
double oursMs = 1000 * best / files.Length, refMs = 1000 * refJson["seconds_per_frame"]!.GetValue<double>();
var result = new JsonObject
{
    ["name"] = "hha_640x480",
    ["unit"] = "ms/frame",
    ["ours"] = Math.Round(oursMs, 2),
    ["reference"] = Math.Round(refMs, 2),
    ["ratio"] = Math.Round(oursMs / refMs, 4),
    ["threads"] = Environment.ProcessorCount,
    ["reference_how"] = $"numpy {refJson["numpy"]} port of Gupta et al.'s MATLAB code (bench/python/hha.py)",
    ["frames"] = files.Length,
    ["passes"] = passes,
    ["bytes_differing_from_reference"] = differ,
    ["bytes"] = total,
};
Directory.CreateDirectory(outDir);
var path = Path.Combine(outDir, "hha_640x480.json");
File.WriteAllText(path + ".tmp", result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
File.Move(path + ".tmp", path, overwrite: true);
Console.WriteLine($"hha_640x480: ours {oursMs:F1} ms/frame, numpy {refMs:F1} ms/frame, ratio {oursMs / refMs:F3}; " +
                  $"{differ} of {total} bytes differ from the reference");
return 0;
