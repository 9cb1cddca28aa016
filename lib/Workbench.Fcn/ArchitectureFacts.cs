using Workbench.Fcn.Graph;
using Workbench.Fcn.Models;
using nn_Module = TorchSharp.torch.nn.Module;

namespace Workbench.Fcn;

/// <summary>
/// Table 1's columns for a net, computed from its modules and its traced geometry:
/// learned parameters (fixed bilinear deconvolutions are not learned, as in the paper),
/// convolution layers on the longest path from input to scores (GoogLeNet's 22 counts an
/// Inception block as two), receptive field of an output score before upsampling, and the
/// largest stride. Total parameters include the fixed ones.
/// </summary>
public sealed record ArchitectureFacts(
    string Model, long LearnedParameters, long TotalParameters, int ConvLayers, long ReceptiveField, long MaxStride,
    IReadOnlyDictionary<string, long> CropOffsets)
{
    public static ArchitectureFacts Of(FcnModel net, string? name = null) => Of(net, net, name ?? net.GetName());

    public static ArchitectureFacts Of(IFlowModule net, nn_Module root, string name)
    {
        var trace = Graph.CropOffsets.Trace(net, root, 500, checkSizes: false);
        long learned = 0, total = 0;
        foreach (var (_, p) in root.named_parameters())
        {
            long n = p.numel();
            total += n;
            if (p.requires_grad) learned += n;
        }
        return new ArchitectureFacts(name, learned, total,
            trace.Blobs.Max(b => b.Depth),
            trace.Blobs.Max(b => b.ReceptiveField),
            (long) Math.Round(trace.Blobs.Max(b => b.Jump)),
            trace.CropOffsets);
    }
}
