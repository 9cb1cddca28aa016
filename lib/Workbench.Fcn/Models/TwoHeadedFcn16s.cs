using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp.Modules;

namespace Workbench.Fcn.Models;

/// <summary>
/// Two FCN-16s heads on one trunk, as the reference siftflow-fcn16s, which starts from the trained
/// two-headed FCN-32s (<see cref="TwoHeadedFcn32s"/>: the trunk and both score_fr layers transplant).
/// </summary>
public sealed class TwoHeadedFcn16s : TwoHeadedFcn
{
    readonly Conv2d score_fr_sem;
    readonly Conv2d score_pool4_sem;
    readonly ConvTranspose2d upscore2_sem;
    readonly ConvTranspose2d upscore16_sem;
    readonly Conv2d score_fr_geo;
    readonly Conv2d score_pool4_geo;
    readonly ConvTranspose2d upscore2_geo;
    readonly ConvTranspose2d upscore16_geo;

    public TwoHeadedFcn16s(Backbone trunk, long semanticClasses = 33, long geometricClasses = 3, Upsampling upsampling = Upsampling.Fixed)
        : base(nameof(TwoHeadedFcn16s), trunk, semanticClasses, geometricClasses, upsampling)
    {
        score_fr_sem = ScoreLayer(trunk.TopChannels, semanticClasses);
        score_pool4_sem = ScoreLayer(trunk.Stride16Channels, semanticClasses);
        upscore2_sem = UpsamplingLayer(2, final: false, semanticClasses);
        upscore16_sem = UpsamplingLayer(16, final: true, semanticClasses);
        score_fr_geo = ScoreLayer(trunk.TopChannels, geometricClasses);
        score_pool4_geo = ScoreLayer(trunk.Stride16Channels, geometricClasses);
        upscore2_geo = UpsamplingLayer(2, final: false, geometricClasses);
        upscore16_geo = UpsamplingLayer(16, final: true, geometricClasses);
        Build();
    }

    public override T Forward<T>(Flow<T> f, T data)
    {
        var (_, pool4, fc7) = Trunk.Features(f, data);
        pool4 = f.Keep(pool4);
        fc7 = f.Keep(fc7);
        var semantic = Head(f, data, pool4, fc7, score_fr_sem, upscore2_sem, score_pool4_sem, upscore16_sem, "sem");
        var geometric = Head(f, data, pool4, fc7, score_fr_geo, upscore2_geo, score_pool4_geo, upscore16_geo, "geo");
        return f.Concat(new[] { semantic, geometric });
    }

    static T Head<T>(Flow<T> f, T data, T pool4, T fc7, Conv2d scoreFr, ConvTranspose2d up2, Conv2d scorePool4, ConvTranspose2d up16, string task)
    {
        var h = f.Apply(scoreFr, fc7);
        h = f.Apply(up2, h);
        var upscore2 = f.Keep(h);
        h = f.Apply(scorePool4, pool4);
        h = f.Crop($"score_pool4c_{task}", h, upscore2);
        h = f.Add(upscore2, h);                 // fuse_pool4
        h = f.Apply(up16, h);
        return f.Crop($"score_{task}", h, data);
    }
}
