using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp.Modules;

namespace Workbench.Fcn.Models;

/// <summary>FCN-16s (§4.2, Fig. 3 middle): ×2 upsampled stride-32 scores fused with pool4's scores, then ×16.</summary>
public sealed class Fcn16s : FcnModel
{
    readonly Conv2d score_fr;
    readonly Conv2d score_pool4;
    readonly ConvTranspose2d upscore2;
    readonly ConvTranspose2d upscore16;

    public Fcn16s(Backbone trunk, long numClasses = 21, Upsampling upsampling = Upsampling.Fixed)
        : base(nameof(Fcn16s), trunk, numClasses, upsampling)
    {
        score_fr = ScoreLayer(trunk.TopChannels);
        score_pool4 = ScoreLayer(trunk.Stride16Channels);
        upscore2 = UpsamplingLayer(2, final: false);
        upscore16 = UpsamplingLayer(16, final: true);
        Build();
    }

    public override T Forward<T>(Flow<T> f, T data)
    {
        var (_, pool4, fc7) = Trunk.Features(f, data);
        var h = f.Apply(score_fr, fc7);
        h = f.Apply(upscore2, h);
        var upscore2_ = f.Keep(h);

        h = f.Apply(score_pool4, pool4);
        h = f.Crop("score_pool4c", h, upscore2_);
        h = f.Add(upscore2_, h);                    // fuse_pool4

        h = f.Apply(upscore16, h);
        return f.Crop("score", h, data);
    }
}
