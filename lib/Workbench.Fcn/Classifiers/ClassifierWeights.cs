using Workbench.Weights;
using static TorchSharp.torch;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// Writes a classifier's weights in the form a classifier's weights take (Caffe's InnerProduct,
/// torchvision's Linear): fc6, fc7 and fc8 as 2-D [outputs, inputs] matrices. Loading them into an
/// FCN with <see cref="Weights.PretrainedWeights.LoadClassifier(Models.FcnModel, string)"/> reshapes
/// fc6 and fc7 back into the 7×7 (AlexNet 6×6) and 1×1 convolutions — the convolutionalization of
/// §3.1, by the same path as real ILSVRC weights — and drops fc8.
/// </summary>
public static class ClassifierWeights
{
    static readonly string[] InnerProducts = { "fc6.weight", "fc7.weight" };

    /// <summary>The state dict with fc6 and fc7 as inner products (new views; the caller disposes them).</summary>
    public static Dictionary<string, Tensor> AsClassifier(Classifier net)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (key, value) in net.state_dict())
            state[key] = InnerProducts.Contains(key) ? value.detach().cpu().reshape(value.shape[0], -1) : value.detach().cpu();
        return state;
    }

    /// <summary>Writes a PyTorch .pth (zip) file through AtomicFile.</summary>
    public static void Save(Classifier net, string path)
    {
        var state = AsClassifier(net);
        try
        {
            WeightsFile.Write(state, path);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }
}
