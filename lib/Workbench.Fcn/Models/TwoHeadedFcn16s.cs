using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using Workbench.Fcn.Losses;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// The SIFT Flow net (§5, Table 5): one trunk under two FCN-16s heads, semantic (…_sem) and
/// geometric (…_geo), named as the reference siftflow-fcn16s. Its output is both heads' scores
/// stacked along channels, semantic first (<see cref="NumClasses"/> = semantic + geometric), so
/// the crops of both heads are derived from one graph; <see cref="Split"/> takes them apart and
/// <see cref="Loss"/> sums the two heads' losses, as the reference trains it.
/// </summary>
public sealed class TwoHeadedFcn16s : FcnModel
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
        : base(nameof(TwoHeadedFcn16s), trunk, CheckedSum(semanticClasses, geometricClasses), upsampling)
    {
        SemanticClasses = semanticClasses;
        GeometricClasses = geometricClasses;
        score_fr_sem = Score(trunk.TopChannels, semanticClasses);
        score_pool4_sem = Score(trunk.Stride16Channels, semanticClasses);
        upscore2_sem = Upscore(semanticClasses, 2, final: false);
        upscore16_sem = Upscore(semanticClasses, 16, final: true);
        score_fr_geo = Score(trunk.TopChannels, geometricClasses);
        score_pool4_geo = Score(trunk.Stride16Channels, geometricClasses);
        upscore2_geo = Upscore(geometricClasses, 2, final: false);
        upscore16_geo = Upscore(geometricClasses, 16, final: true);
        Build();
    }

    public long SemanticClasses { get; }
    public long GeometricClasses { get; }

    static long CheckedSum(long semantic, long geometric)
    {
        if (semantic < 1) throw new ArgumentOutOfRangeException(nameof(semantic), semantic, "need at least one semantic class");
        if (geometric < 1) throw new ArgumentOutOfRangeException(nameof(geometric), geometric, "need at least one geometric class");
        return semantic + geometric;
    }

    static Conv2d Score(long inChannels, long classes)
    {
        var score = nn.Conv2d(inChannels, classes, 1);
        using (no_grad())
        {
            score.weight.zero_();
            score.bias!.zero_();
        }
        return score;
    }

    ConvTranspose2d Upscore(long classes, long factor, bool final)
    {
        var deconv = nn.ConvTranspose2d(classes, classes, Trunk.UpsamplingKernel(factor), stride: factor,
            padding: final ? 0 : Trunk.InnerUpsamplingPadding, bias: false);
        BilinearKernel.Initialize(deconv);
        deconv.weight.requires_grad = Upsampling == Upsampling.LearnAll || (Upsampling == Upsampling.LearnInner && !final);
        return deconv;
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

    /// <summary>The semantic [N, semantic, H, W] and geometric [N, geometric, H, W] scores of this net's output.</summary>
    public (Tensor Semantic, Tensor Geometric) Split(Tensor scores)
    {
        if (scores.ndim != 4 || scores.shape[1] != NumClasses)
            throw new ArgumentException($"{GetName()} scores are [N, {NumClasses}, H, W], got [{string.Join(", ", scores.shape)}]", nameof(scores));
        return (scores.narrow(1, 0, SemanticClasses), scores.narrow(1, SemanticClasses, GeometricClasses));
    }

    /// <summary>The sum of the two heads' cross-entropy losses ([N, H, W] labels each, 255 void).</summary>
    public Tensor Loss(Tensor scores, Tensor semanticLabels, Tensor geometricLabels, LossNormalization normalization = LossNormalization.Sum)
    {
        var (semantic, geometric) = Split(scores);
        return SegmentationLoss.CrossEntropy(semantic, semanticLabels, normalization)
             + SegmentationLoss.CrossEntropy(geometric, geometricLabels, normalization);
    }
}
