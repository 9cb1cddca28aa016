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
    public static torch.Tensor ToTensor(Image image, (double B, double G, double R) mean)
    {
        if (image.Channels != 3) image = image.ToRgb();
        var tensor = torch.empty([3, image.Height, image.Width]);
        try
        {
            Fill(image, mean, tensor.data<float>().AsSpan());
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return tensor;
    }

    /// <summary>Writes the CHW, BGR, mean-subtracted floats of an RGB image into <paramref name="chw"/> (3·H·W).</summary>
    public static unsafe void Fill(Image image, (double B, double G, double R) mean, Span<float> chw)
    {
        if (image.Channels != 3) throw new ArgumentException($"expected an RGB image, got {image.Channels} channels");
        int n = image.Width * image.Height;
        if (chw.Length != 3 * n) throw new ArgumentException($"the output holds {chw.Length} floats, {3 * n} needed");
        float mb = (float) mean.B, mg = (float) mean.G, mr = (float) mean.R;
        fixed (byte* src = image.Pixels)
        fixed (float* dst = chw)
        {
            float* b = dst, g = dst + n, r = dst + 2 * n;
            byte* p = src;
            for (int i = 0; i < n; i++, p += 3)
            {
                r[i] = p[0] - mr;
                g[i] = p[1] - mg;
                b[i] = p[2] - mb;
            }
        }
    }
}
