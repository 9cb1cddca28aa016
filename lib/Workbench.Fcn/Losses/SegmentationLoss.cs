using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Fcn.Losses;

/// <summary>How the per-pixel losses are combined.</summary>
public enum LossNormalization
{
    /// <summary>Summed over pixels, unnormalized, as the reference nets (with momentum 0.99 and tiny learning rates).</summary>
    Sum,

    /// <summary>Averaged over the pixels that count (not void), as FCN-AlexNet's solver and the paper's §4.3.</summary>
    Mean,
}

/// <summary>
/// The per-pixel multinomial logistic loss of §3: softmax cross-entropy over the class scores at
/// every pixel, void pixels (255) ignored, optionally weighted per class.
/// </summary>
public static class SegmentationLoss
{
    public const long Void = 255;

    /// <param name="scores">[N, C, H, W] class scores.</param>
    /// <param name="labels">[N, H, W] labels in 0..C−1 or 255 (any integer dtype).</param>
    public static Tensor CrossEntropy(Tensor scores, Tensor labels, LossNormalization normalization = LossNormalization.Sum,
        Tensor? classWeights = null)
    {
        var s = scores.shape;
        var l = labels.shape;
        if (s.Length != 4) throw new ArgumentException($"scores must be [N, C, H, W], got [{string.Join(", ", s)}]", nameof(scores));
        if (l.Length != 3 || l[0] != s[0] || l[1] != s[2] || l[2] != s[3])
            throw new ArgumentException($"labels must be [N, H, W] = [{s[0]}, {s[2]}, {s[3]}] for scores [{string.Join(", ", s)}], got [{string.Join(", ", l)}]", nameof(labels));
        if (classWeights is not null && (classWeights.ndim != 1 || classWeights.shape[0] != s[1]))
            throw new ArgumentException($"class weights must be [{s[1]}], got [{string.Join(", ", classWeights.shape)}]", nameof(classWeights));
        using var scope = NewDisposeScope();
        var target = labels.dtype == int64 ? labels : labels.to(int64);
        CheckLabels(target, s[1]);
        // An averaged loss over no pixel is 0/0 in libtorch; one such image (every cell dropped by
        // loss sampling, or an all-void crop) would turn the weights into NaN. It contributes nothing.
        if (normalization == LossNormalization.Mean && !target.ne(Void).any().item<bool>())
            return (scores.sum() * 0).MoveToOuterDisposeScope();
        var loss = F.cross_entropy(scores, target, classWeights, ignore_index: Void,
            reduction: normalization == LossNormalization.Sum ? nn.Reduction.Sum : nn.Reduction.Mean);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless every label is a class index below <paramref name="numClasses"/> or void.</summary>
    public static void CheckLabels(Tensor labels, long numClasses)
    {
        using var scope = NewDisposeScope();
        var bad = (labels < 0) | ((labels >= numClasses) & labels.ne(Void));
        if (bad.any().item<bool>())
        {
            var value = labels.masked_select(bad)[0].item<long>();
            throw new ArgumentException($"label {value} is outside the classes 0..{numClasses - 1} (and is not void, {Void})");
        }
    }
}
