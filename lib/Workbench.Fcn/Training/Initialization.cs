using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Initialization for nets trained from scratch (no ImageNet weights on these machines):
/// He-normal trunk convolutions with zero biases, so a deep plain trunk passes signal from the
/// first step. Score layers stay at zero and deconvolutions bilinear, as the paper sets them.
/// </summary>
public static class Initialization
{
    public static void HeNormalTrunk(FcnModel net)
    {
        foreach (var m in net.Trunk.modules())
        {
            if (m is not Conv2d c) continue;
            nn.init.kaiming_normal_(c.weight);
            if (c.bias is not null) nn.init.zeros_(c.bias);
        }
    }
}
