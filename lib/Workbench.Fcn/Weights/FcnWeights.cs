using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Weights;

/// <summary>
/// An FCN's own weights files: pytorch-fcn's .pth and fcn.berkeleyvision.org's .caffemodel use the
/// reference names, which are ours, so they load straight in; ours are saved as PyTorch .pth.
/// Transfers between different nets are <see cref="Surgery"/>'s.
/// </summary>
public static class FcnWeights
{
    /// <summary>Loads an FCN's own weights file; every key must match (an inner product reshapes into its convolution).</summary>
    public static void Load(FcnModel net, string path)
    {
        var source = WeightsFile.Load(path);
        try
        {
            var renamed = new Dictionary<string, Tensor>();
            foreach (var (k, v) in source)
                if (!renamed.TryAdd(LayerNames.Fcn(k), v)) throw new InvalidDataException($"{path}: two keys map to {LayerNames.Fcn(k)} (the second is {k})");
            // Caffe stores fc6/fc7 of converted nets as convolutions already; an inner product reshapes.
            var own = net.state_dict();
            foreach (var (k, v) in renamed.ToList())
                if (own.TryGetValue(k, out var t) && !t.shape.SequenceEqual(v.shape) && t.numel() == v.numel())
                    renamed[k] = v.reshape(t.shape);
            try
            {
                net.load_checked(renamed);
            }
            catch (StateDictException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    /// <summary>Saves the state dict as a PyTorch .pth (zip) file that pytorch-fcn's model classes load.</summary>
    public static void Save(FcnModel net, string path) => WeightsFile.Write(net.state_dict(), path);
}
