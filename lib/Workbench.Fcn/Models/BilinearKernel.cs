using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// The bilinear interpolation kernel that in-network upsampling starts from (§3.3): for kernel
/// size k, factor = ⌊(k+1)/2⌋, centre = factor − 1 for odd k else factor − 0.5, weight
/// (1 − |i − c|/factor)(1 − |j − c|/factor), on the channel diagonal only (channel i upsamples
/// channel i), as the reference's surgery.interp and pytorch-fcn's get_upsampling_weight.
/// </summary>
public static class BilinearKernel
{
    /// <summary>The k×k filter.</summary>
    public static float[,] Filter(long k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "kernel size must be positive");
        long factor = (k + 1) / 2;
        double centre = k % 2 == 1 ? factor - 1 : factor - 0.5;
        var filter = new float[k, k];
        for (long i = 0; i < k; i++)
        for (long j = 0; j < k; j++)
            filter[i, j] = (float) ((1 - Math.Abs(i - centre) / factor) * (1 - Math.Abs(j - centre) / factor));
        return filter;
    }

    /// <summary>A ConvTranspose2d weight [in, out, k, k] with the filter on the diagonal.</summary>
    public static Tensor Weight(long inChannels, long outChannels, long k)
    {
        var filter = Filter(k);
        var values = new float[inChannels * outChannels * k * k];
        for (long c = 0; c < Math.Min(inChannels, outChannels); c++)
        {
            long at = (c * outChannels + c) * k * k;
            for (long i = 0; i < k; i++)
            for (long j = 0; j < k; j++)
                values[at + i * k + j] = filter[i, j];
        }
        return tensor(values, new[] { inChannels, outChannels, k, k });
    }

    /// <summary>Sets a deconvolution's weight to the bilinear kernel (and its bias, if any, to zero).</summary>
    public static void Initialize(TorchSharp.Modules.ConvTranspose2d deconv)
    {
        var s = deconv.weight.shape;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            deconv.weight.copy_(Weight(s[0], s[1] * deconv.groups, s[2]).narrow(1, 0, s[1]));
            deconv.bias?.zero_();
        }
    }
}
