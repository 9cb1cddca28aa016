namespace Workbench.Vision.Datasets;

/// <summary>The reference preprocessing: floats 0–255, RGB→BGR, minus the mean, HWC→CHW.</summary>
public static class Preprocess
{
    /// <summary>RGB bytes → BGR planes minus <paramref name="meanBgr"/>.</summary>
    public static Planes ColorToBgr(RgbImage image, ReadOnlySpan<float> meanBgr)
    {
        var planes = new Planes(3, image.Height, image.Width);
        int n = image.Height * image.Width;
        var px = image.Pixels;
        var d = planes.Data;
        float mb = meanBgr[0], mg = meanBgr[1], mr = meanBgr[2];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            d[i] = px[j + 2] - mb;
            d[n + i] = px[j + 1] - mg;
            d[2 * n + i] = px[j] - mr;
        }
        return planes;
    }

    /// <summary>HHA bytes (HWC) → planes minus <paramref name="mean"/>, channel order kept.</summary>
    public static Planes Hha(ReadOnlySpan<byte> hwc, int height, int width, ReadOnlySpan<float> mean)
    {
        var planes = new Planes(3, height, width);
        int n = height * width;
        if (hwc.Length != 3 * n) throw new ArgumentException($"{hwc.Length} HHA bytes cannot fill {height}×{width}×3");
        var d = planes.Data;
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            d[i] = hwc[j] - mean[0];
            d[n + i] = hwc[j + 1] - mean[1];
            d[2 * n + i] = hwc[j + 2] - mean[2];
        }
        return planes;
    }

    /// <summary>
    /// Depth in mm → log(d) − <see cref="Means.NyudLogDepth"/> (FCN's NYUDv2 layer). The reference
    /// takes log(0) = −∞ on missing pixels; here they become 0, the mean.
    /// </summary>
    public static Planes LogDepth(ReadOnlySpan<float> depthMm, int height, int width)
    {
        var planes = new Planes(1, height, width);
        if (depthMm.Length != height * width) throw new ArgumentException($"{depthMm.Length} depths cannot fill {height}×{width}");
        var d = planes.Data;
        for (int i = 0; i < d.Length; i++)
        {
            float z = depthMm[i];
            d[i] = z > 0 && float.IsFinite(z) ? MathF.Log(z) - Means.NyudLogDepth : 0f;
        }
        return planes;
    }
}
