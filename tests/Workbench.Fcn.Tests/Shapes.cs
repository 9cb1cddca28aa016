using TorchSharp;
using Workbench.Engine;
using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

/// <summary>
/// A tiny synthetic segmentation set for training tests: a textured background (class 0) with a
/// rectangle (class 1) and a disc (class 2) of random size, place and shade; a thin void border
/// around the disc like VOC's. Deterministic from (seed, index).
/// </summary>
static class Shapes
{
    public const int Classes = 3;

    /// <summary>A 1/16-width net for these shapes, He-initialized from <paramref name="seed"/>.</summary>
    public static Models.FcnModel Net(string model, long seed)
    {
        manual_seed(seed);
        var net = Models.ModelZoo.Create(model, Classes, 1.0 / 16);
        Initialization.HeNormalTrunk(net);
        return net;
    }

    public static SampleSource Source(int count, int size, int seed) => new(count, i => Make(size, seed * 100_003 + i));

    public static (Tensor Image, Tensor Label) Make(int size, int seed)
    {
        var rng = new Random(seed);
        var image = new float[3, size, size];
        var label = new long[size, size];
        int rw = rng.Next(size / 4, size / 2), rh = rng.Next(size / 4, size / 2);
        int rx = rng.Next(0, size - rw), ry = rng.Next(0, size - rh);
        double r = rng.Next(size / 8, size / 4), cx = rng.Next((int) r, size - (int) r), cy = rng.Next((int) r, size - (int) r);
        float shade = (float) rng.NextDouble() * 20;
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            float b = (float) (rng.NextDouble() * 30 - 15), g = (float) (rng.NextDouble() * 30 - 15), red = (float) (rng.NextDouble() * 30 - 15);
            long l = 0;
            if (x >= rx && x < rx + rw && y >= ry && y < ry + rh) { red += 60 + shade; l = 1; }
            double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
            if (d < r) { b += 60 + shade; red -= 30; l = 2; }
            else if (d < r + 1) l = 255;
            image[0, y, x] = b; image[1, y, x] = g; image[2, y, x] = red;
            label[y, x] = l;
        }
        return (from_array(image), from_array(label));
    }
}
