using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using Workbench.Engine;

namespace Workbench.Vision.Imaging;

/// <summary>
/// The network input of the reference (Caffe) FCNs: RGB→BGR, 0–255 floats minus the dataset's
/// BGR mean, HWC→CHW.
/// </summary>
public static class Preprocess
{
    /// <summary>PASCAL VOC / SBD mean, (B, G, R).</summary>
    public static readonly (double B, double G, double R) VocMean = (104.00699, 116.66877, 122.67892);

    /// <summary>A float32 tensor [3, H, W] in BGR order with <paramref name="mean"/> (B, G, R) subtracted.</summary>
    public static torch.Tensor ToTensor(Image image, (double B, double G, double R) mean) => ToTensor(image, mean, swapToBgr: true);

    /// <summary>
    /// As <see cref="ToTensor(Image, ValueTuple{double, double, double})"/>; with <paramref name="swapToBgr"/>
    /// false the channels keep their stored order (FCN's HHA input), and <paramref name="mean"/> is
    /// given in the output's channel order either way.
    /// </summary>
    public static torch.Tensor ToTensor(Image image, (double, double, double) mean, bool swapToBgr)
    {
        if (image.Channels != 3) image = image.ToRgb();
        var tensor = torch.empty([3, image.Height, image.Width]);
        try
        {
            Fill(image, mean, tensor.AsSpan<float>(), swapToBgr);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return tensor;
    }

    /// <summary>
    /// Decodes a JPEG straight into the network input (as <see cref="ToTensor(Image, ValueTuple{double, double, double})"/>
    /// of <see cref="Jpeg.Decode"/>, bit for bit) without a managed pixel array: the fast path for loaders
    /// that do not keep the image.
    /// </summary>
    public static unsafe torch.Tensor JpegToTensor(ReadOnlySpan<byte> jpeg, (double B, double G, double R) mean, string? source = null)
    {
        byte* rgb = Jpeg.DecodeToScratch(jpeg, source, out int width, out int height, extraBytesPerPixel: 3 * sizeof(float));
        var tensor = torch.empty([3, height, width]);
        try
        {
            fixed (float* dst = tensor.AsSpan<float>())
                FillCore(rgb, width * height, dst, mean, swapToBgr: true);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return tensor;
    }

    public static torch.Tensor ReadJpegTensor(string path, (double B, double G, double R) mean) =>
        JpegToTensor(InputFile.ReadAllBytes(path), mean, path);

    /// <summary>
    /// Writes the CHW floats of an RGB image minus <paramref name="mean"/> into <paramref name="chw"/>
    /// (3·H·W): planes B, G, R when <paramref name="swapToBgr"/>, else the stored order. The mean is
    /// in the output's plane order.
    /// </summary>
    public static unsafe void Fill(Image image, (double, double, double) mean, Span<float> chw, bool swapToBgr = true)
    {
        if (image.Channels != 3) throw new ArgumentException($"expected an RGB image, got {image.Channels} channels");
        int n = image.Width * image.Height;
        if (chw.Length != 3 * n) throw new ArgumentException($"the output holds {chw.Length} floats, {3 * n} needed");
        fixed (byte* src = image.Pixels)
        fixed (float* dst = chw)
            FillCore(src, n, dst, mean, swapToBgr);
    }

    static unsafe void FillCore(byte* src, int n, float* dst, (double, double, double) mean, bool swapToBgr)
    {
        float m0 = (float) mean.Item1, m1 = (float) mean.Item2, m2 = (float) mean.Item3;
        int s0 = swapToBgr ? 2 : 0, s2 = swapToBgr ? 0 : 2;
        float* o0 = dst, o1 = dst + n, o2 = dst + 2 * n;
        int i = Ssse3.IsSupported ? FillSsse3(src, n, o0, o1, o2, m0, m1, m2, swapToBgr) : 0;
        byte* p = src + 3 * i;
        for (; i < n; i++, p += 3)
        {
            o0[i] = p[s0] - m0;
            o1[i] = p[1] - m1;
            o2[i] = p[s2] - m2;
        }
    }

    // 16 pixels at a time: three byte shuffles pull the R, G and B bytes out of 48 interleaved
    // bytes, then each plane widens to floats. Returns how many pixels it wrote.
    static unsafe int FillSsse3(byte* src, int n, float* o0, float* o1, float* o2, float m0, float m1, float m2, bool swapToBgr)
    {
        var (first, last) = swapToBgr ? (2, 0) : (0, 2);
        var mean0 = Vector128.Create(m0);
        var mean1 = Vector128.Create(m1);
        var mean2 = Vector128.Create(m2);
        // The masks in locals (registers), not fetched from the array inside the loop.
        Vector128<byte> f0 = ChannelMasks[first, 0], f1 = ChannelMasks[first, 1], f2 = ChannelMasks[first, 2];
        Vector128<byte> g0 = ChannelMasks[1, 0], g1 = ChannelMasks[1, 1], g2 = ChannelMasks[1, 2];
        Vector128<byte> l0 = ChannelMasks[last, 0], l1 = ChannelMasks[last, 1], l2 = ChannelMasks[last, 2];
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            byte* p = src + 3 * i;
            var a = Vector128.Load(p);
            var b = Vector128.Load(p + 16);
            var c = Vector128.Load(p + 32);
            Store(Ssse3.Shuffle(a, f0) | Ssse3.Shuffle(b, f1) | Ssse3.Shuffle(c, f2), o0 + i, mean0);
            Store(Ssse3.Shuffle(a, g0) | Ssse3.Shuffle(b, g1) | Ssse3.Shuffle(c, g2), o1 + i, mean1);
            Store(Ssse3.Shuffle(a, l0) | Ssse3.Shuffle(b, l1) | Ssse3.Shuffle(c, l2), o2 + i, mean2);
        }
        return i;
    }

    static unsafe void Store(Vector128<byte> bytes, float* output, Vector128<float> mean)
    {
        var (lo, hi) = Vector128.Widen(bytes);
        var (q0, q1) = Vector128.Widen(lo);
        var (q2, q3) = Vector128.Widen(hi);
        (Vector128.ConvertToSingle(q0.AsInt32()) - mean).Store(output);
        (Vector128.ConvertToSingle(q1.AsInt32()) - mean).Store(output + 4);
        (Vector128.ConvertToSingle(q2.AsInt32()) - mean).Store(output + 8);
        (Vector128.ConvertToSingle(q3.AsInt32()) - mean).Store(output + 12);
    }

    // [channel, source vector]: for each of 16 output lanes, the byte of that source vector holding
    // the channel of pixel `lane`, or 0x80 (pshufb writes zero) when another vector holds it.
    static readonly Vector128<byte>[,] ChannelMasks = BuildMasks();

    static Vector128<byte>[,] BuildMasks()
    {
        var masks = new Vector128<byte>[3, 3];
        for (int channel = 0; channel < 3; channel++)
            for (int vector = 0; vector < 3; vector++)
            {
                var lanes = new byte[16];
                for (int pixel = 0; pixel < 16; pixel++)
                {
                    int position = 3 * pixel + channel - 16 * vector;
                    lanes[pixel] = position is >= 0 and < 16 ? (byte) position : (byte) 0x80;
                }
                masks[channel, vector] = Vector128.Create(lanes);
            }
        return masks;
    }

    /// <summary>Class indices as an int64 tensor [H, W] (void stays 255), the target cross_entropy takes.</summary>
    public static torch.Tensor ToLabelTensor(LabelMap labels)
    {
        var tensor = torch.empty([labels.Height, labels.Width], torch.int64);
        var span = tensor.AsSpan<long>();
        var indices = labels.Indices;
        for (int i = 0; i < indices.Length; i++) span[i] = indices[i];
        return tensor;
    }
}
