using Workbench.Fcn.Backbones;
using Workbench.Fcn.Losses;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// The SIFT Flow nets (§5, Table 5): one trunk under two heads, semantic (…_sem) and geometric
/// (…_geo), named as the reference's siftflow nets. The output is both heads' scores stacked along
/// channels, semantic first (<see cref="FcnModel.NumClasses"/> = semantic + geometric), so the crops
/// of both heads are derived from one graph; <see cref="Split"/> takes them apart and <see cref="Loss"/>
/// sums the two heads' losses, as the reference trains them.
/// </summary>
public abstract class TwoHeadedFcn : FcnModel
{
    protected TwoHeadedFcn(string name, Backbone trunk, long semanticClasses, long geometricClasses, Upsampling upsampling)
        : base(name, trunk, CheckedSum(semanticClasses, geometricClasses), upsampling)
    {
        SemanticClasses = semanticClasses;
        GeometricClasses = geometricClasses;
    }

    public long SemanticClasses { get; }
    public long GeometricClasses { get; }

    static long CheckedSum(long semantic, long geometric)
    {
        if (semantic < 1) throw new ArgumentOutOfRangeException(nameof(semantic), semantic, "need at least one semantic class");
        if (geometric < 1) throw new ArgumentOutOfRangeException(nameof(geometric), geometric, "need at least one geometric class");
        return semantic + geometric;
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
