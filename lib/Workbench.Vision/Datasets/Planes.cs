using TorchSharp;
using Workbench.Engine;
using Workbench.Vision.Imaging;

namespace Workbench.Vision.Datasets;

/// <summary>
/// A network input in Caffe's layout: float32 planes [C, H, W], already preprocessed (BGR order,
/// mean subtracted). Kept as a managed array so worker threads can build it without touching
/// native tensors (dispose scopes are per thread); <see cref="ToTensor"/> copies it out.
/// </summary>
public sealed class Planes
{
    public Planes(int channels, int height, int width, float[]? data = null)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"planes need positive sizes, got [{channels}, {height}, {width}]");
        long n = (long) channels * height * width;
        if (data is not null && data.LongLength != n)
            throw new ArgumentException($"{data.Length} values cannot fill planes [{channels}, {height}, {width}]");
        Channels = channels;
        Height = height;
        Width = width;
        Data = data ?? new float[n];
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Row-major [C, H, W].</summary>
    public float[] Data { get; }

    public float this[int c, int y, int x]
    {
        get => Data[((long) c * Height + y) * Width + x];
        set => Data[((long) c * Height + y) * Width + x] = value;
    }

    public Span<float> Plane(int c) => Data.AsSpan(c * Height * Width, Height * Width);

    /// <summary>A new float32 tensor [C, H, W].</summary>
    public torch.Tensor ToTensor() => TensorBytes.FromSpan<float>(Data, new long[] { Channels, Height, Width });

    /// <summary>
    /// The reference preprocessing of a colour image: floats 0–255, RGB→BGR, minus
    /// <paramref name="meanBgr"/> (B, G, R), HWC→CHW. Gray and palette images are expanded to RGB first.
    /// </summary>
    public static Planes FromColor(Image image, ReadOnlySpan<float> meanBgr)
    {
        if (image.Channels != 3) image = image.ToRgb();
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

    /// <summary>HHA bytes (HWC) → planes minus <paramref name="mean"/>, channel order kept (FCN's layer does not swap HHA).</summary>
    public static Planes FromHha(ReadOnlySpan<byte> hwc, int height, int width, ReadOnlySpan<float> mean)
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
    public static Planes FromLogDepth(ReadOnlySpan<float> depthMm, int height, int width)
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
