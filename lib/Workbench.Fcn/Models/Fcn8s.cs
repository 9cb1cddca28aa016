using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp.Modules;

namespace Workbench.Fcn.Models;

/// <summary>
/// FCN-8s (§4.2, Fig. 3 bottom): FCN-16s's fused scores upsampled ×2 and fused with pool3's scores,
/// then ×8. The at-once variant (trained in one stage rather than 32s → 16s → 8s) scales pool4 by
/// 0.01 and pool3 by 0.0001 before their score layers, as the reference voc-fcn8s-atonce.
/// </summary>
public sealed class Fcn8s : FcnModel
{
    readonly Conv2d score_fr;
    readonly Conv2d score_pool4;
    readonly Conv2d score_pool3;
    readonly ConvTranspose2d upscore2;
    readonly ConvTranspose2d upscore_pool4;
    readonly ConvTranspose2d upscore8;

    public Fcn8s(Backbone trunk, long numClasses = 21, Upsampling upsampling = Upsampling.Fixed, bool atOnce = false)
        : base(atOnce ? "Fcn8sAtOnce" : nameof(Fcn8s), trunk, numClasses, upsampling)
    {
        AtOnce = atOnce;
        score_fr = ScoreLayer(trunk.TopChannels);
        score_pool4 = ScoreLayer(trunk.Stride16Channels);
        score_pool3 = ScoreLayer(trunk.Stride8Channels);
        upscore2 = UpsamplingLayer(2, final: false);
        upscore_pool4 = UpsamplingLayer(2, final: false);
        upscore8 = UpsamplingLayer(8, final: true);
        Build();
    }

    public bool AtOnce { get; }

    public override T Forward<T>(Flow<T> f, T data)
    {
        var (pool3, pool4, fc7) = Trunk.Features(f, data);
        var h = f.Apply(score_fr, fc7);
        h = f.Apply(upscore2, h);
        var upscore2_ = f.Keep(h);

        h = AtOnce ? f.Scale(pool4, 0.01) : pool4;   // scale_pool4
        h = f.Apply(score_pool4, h);
        h = f.Crop("score_pool4c", h, upscore2_);
        h = f.Add(upscore2_, h);                      // fuse_pool4

        h = f.Apply(upscore_pool4, h);
        var upscore_pool4_ = f.Keep(h);

        h = AtOnce ? f.Scale(pool3, 0.0001) : pool3;  // scale_pool3
        h = f.Apply(score_pool3, h);
        h = f.Crop("score_pool3c", h, upscore_pool4_);
        h = f.Add(upscore_pool4_, h);                 // fuse_pool3

        h = f.Apply(upscore8, h);
        return f.Crop("score", h, data);
    }
}
