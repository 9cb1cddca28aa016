using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Starts an FCN from an ILSVRC classifier's weights (§4.1): every parameter whose key the
/// classifier also has (conv1_1.weight … fc7.bias, the reference's and pytorch-fcn's names) is
/// copied; fully connected weights are reshaped into the convolutions they become (fc6's
/// [4096, 25088] into [4096, 512, 7, 7]: convolutionalization); the classifier's own last layer
/// (fc8) and anything else the net lacks is ignored. A first convolution with more input channels
/// than the classifier's (RGBD early fusion) gets the mean of the classifier's input filters for
/// each extra channel, as DESIGN's early fusion says.
/// </summary>
public static class ClassifierWeights
{
    /// <summary>Copies the matching weights into <paramref name="net"/>; returns the keys copied.</summary>
    public static IReadOnlyList<string> Load(nn.Module net, IReadOnlyDictionary<string, Tensor> classifier)
    {
        var copied = new List<string>();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, p) in net.named_parameters())
        {
            if (!classifier.TryGetValue(name, out var source)) continue;
            var target = p.shape;
            Tensor value;
            if (source.numel() == p.numel()) value = source.reshape(target);
            else if (target.Length == 4 && source.ndim == 4 && source.shape[0] == target[0] && source.shape[1] < target[1]
                     && source.shape[2] == target[2] && source.shape[3] == target[3])
            {
                var mean = source.mean(new long[] { 1 }, keepdim: true);
                var extra = mean.expand(target[0], target[1] - source.shape[1], target[2], target[3]);
                value = cat(new List<Tensor> { source, extra }, 1);
            }
            else
                throw new ArgumentException($"classifier weight '{name}' has shape [{string.Join(", ", source.shape)}]; the net's is [{string.Join(", ", target)}] " +
                                            "(different width or layout: load classifier weights only into a full-width net)");
            p.copy_(value.to(p.dtype).to(p.device));
            copied.Add(name);
        }
        if (copied.Count == 0)
            throw new ArgumentException($"no key of the classifier weights matches the net's parameters (classifier keys start: {string.Join(", ", classifier.Keys.Take(4))})");
        return copied;
    }
}
