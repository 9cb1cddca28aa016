using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp.Modules;

namespace Workbench.Fcn.Models;

/// <summary>FCN-32s (§4.1, Fig. 3 top): class scores on the stride-32 top, upsampled ×32 in one step.</summary>
public sealed class Fcn32s : FcnModel
{
    readonly Conv2d score_fr;
    readonly ConvTranspose2d upscore;

    public Fcn32s(Backbone trunk, long numClasses = 21, Upsampling upsampling = Upsampling.Fixed)
        : base(nameof(Fcn32s), trunk, numClasses, upsampling)
    {
        score_fr = ScoreLayer(trunk.TopChannels);
        upscore = UpsamplingLayer(32, final: true);
        Build();
    }

    public override T Forward<T>(Flow<T> f, T data)
    {
        var fc7 = Trunk.Features(f, data).Top;
        var h = f.Apply(score_fr, fc7);
        h = f.Apply(upscore, h);
        return f.Crop("score", h, data);
    }
}
