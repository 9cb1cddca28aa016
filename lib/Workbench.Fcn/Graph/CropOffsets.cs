using Workbench.Fcn.Models;
using nn_Module = TorchSharp.torch.nn.Module;

namespace Workbench.Fcn.Graph;

/// <summary>
/// Derives every crop offset of a net from its layer geometry (§3.3's alignment; Caffe's
/// coord_map.py): the net's own forward pass runs on coordinate maps, each layer composes its
/// (scale, offset), and at a crop the offset is the difference of the two maps' offsets, which
/// must be a whole, non-negative number of pixels at equal scale. For VGG16 this yields 19
/// (FCN-32s), 5 and 27 (FCN-16s), 5, 9 and 31 (FCN-8s); for FCN-AlexNet 18.
/// </summary>
public static class CropOffsets
{
    /// <summary>The offsets, by crop name. They do not depend on the input size.</summary>
    public static IReadOnlyDictionary<string, long> Derive(IFlowModule net, nn_Module root) =>
        Trace(net, root, 500, checkSizes: false).CropOffsets;

    public static IReadOnlyDictionary<string, long> Derive(FcnModel net) => Derive(net, net);

    /// <summary>Runs <paramref name="net"/>'s forward pass on geometry for an input of <paramref name="size"/> pixels.</summary>
    public static GeometryFlow Trace(IFlowModule net, nn_Module root, long size, bool checkSizes = true)
    {
        var flow = new GeometryFlow(root, checkSizes);
        var output = net.Forward(flow, flow.Input(size));
        flow.Output = output;
        return flow;
    }

    public static GeometryFlow Trace(FcnModel net, long size) => Trace(net, net, size);
}
