using Workbench.Torch;

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
            Fill(image, mean, tensor.data<float>().AsSpan(), swapToBgr);
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
        byte* rgb = Jpeg.DecodeToScratch(jpeg, source, out int width, out int height);
        var tensor = torch.empty([3, height, width]);
        try
        {
            fixed (float* dst = tensor.data<float>().AsSpan())
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
        JpegToTensor(File.ReadAllBytes(path), mean, path);

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
        byte* p = src;
        for (int i = 0; i < n; i++, p += 3)
        {
            o0[i] = p[s0] - m0;
            o1[i] = p[1] - m1;
            o2[i] = p[s2] - m2;
        }
    }

    /// <summary>Class indices as an int64 tensor [H, W] (void stays 255), the target cross_entropy takes.</summary>
    public static torch.Tensor ToLabelTensor(LabelMap labels)
    {
        var tensor = torch.empty([labels.Height, labels.Width], torch.int64);
        var span = tensor.data<long>().AsSpan();
        var indices = labels.Indices;
        for (int i = 0; i < indices.Length; i++) span[i] = indices[i];
        return tensor;
    }
}
