using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp.Modules;

namespace Workbench.Fcn.Models;

/// <summary>
/// Two FCN-32s heads on one trunk, as the reference siftflow-fcn32s: the first stage of SIFT Flow's
/// training, from the classifier, before <see cref="TwoHeadedFcn16s"/> continues from it.
/// </summary>
public sealed class TwoHeadedFcn32s : TwoHeadedFcn
{
    readonly Conv2d score_fr_sem;
    readonly ConvTranspose2d upscore_sem;
    readonly Conv2d score_fr_geo;
    readonly ConvTranspose2d upscore_geo;

    public TwoHeadedFcn32s(Backbone trunk, long semanticClasses = 33, long geometricClasses = 3, Upsampling upsampling = Upsampling.Fixed)
        : base(nameof(TwoHeadedFcn32s), trunk, semanticClasses, geometricClasses, upsampling)
    {
        score_fr_sem = ScoreLayer(trunk.TopChannels, semanticClasses);
        upscore_sem = UpsamplingLayer(32, final: true, semanticClasses);
        score_fr_geo = ScoreLayer(trunk.TopChannels, geometricClasses);
        upscore_geo = UpsamplingLayer(32, final: true, geometricClasses);
        Build();
    }

    public override T Forward<T>(Flow<T> f, T data)
    {
        var fc7 = f.Keep(Trunk.Features(f, data).Top);
        var semantic = f.Crop("score_sem", f.Apply(upscore_sem, f.Apply(score_fr_sem, fc7)), data);
        var geometric = f.Crop("score_geo", f.Apply(upscore_geo, f.Apply(score_fr_geo, fc7)), data);
        return f.Concat(new[] { semantic, geometric });
    }
}
