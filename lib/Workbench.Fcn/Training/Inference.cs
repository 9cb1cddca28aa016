using Workbench.Fcn.Metrics;
using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>Whole-image inference: one forward pass of any image size in eval mode.</summary>
public static class Inference
{
    /// <summary>
    /// The class scores [classes, H, W] and label map [H, W] (int64) of a preprocessed image [C, H, W],
    /// computed on the net's device and returned there.
    /// </summary>
    public static (Tensor Labels, Tensor Scores) Predict(FcnModel net, Tensor image)
    {
        if (image.ndim != 3) throw new ArgumentException($"an image is [C, H, W], got [{string.Join(", ", image.shape)}]", nameof(image));
        bool wasTraining = net.training;
        net.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var batch = image.to(Devices.Of(net)).unsqueeze(0);
            var scores = net.forward(batch).select(0, 0);
            var labels = scores.argmax(0);
            return (labels.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope());
        }
        finally
        {
            net.train(wasTraining);
        }
    }

    /// <summary>One confusion matrix over every sample of <paramref name="source"/>.</summary>
    public static ConfusionMatrix Evaluate(FcnModel net, SampleSource source, Action<int, int>? progress = null)
    {
        var matrix = new ConfusionMatrix(checked((int) net.NumClasses));
        for (int i = 0; i < source.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (image, label) = source[i];
            var (predicted, _) = Predict(net, image);
            matrix.Add(label, predicted);
            progress?.Invoke(i + 1, source.Count);
        }
        return matrix;
    }

    /// <summary>
    /// One confusion matrix over <paramref name="count"/> samples of any net: <paramref name="sample"/>
    /// gives an input batch [1, C, H, W] and its labels [H, W]; <paramref name="scores"/> turns the
    /// net's output into the [1, classes, H, W] scores to evaluate (one head of a two-headed net).
    /// </summary>
    public static ConfusionMatrix Evaluate(nn.Module<Tensor, Tensor> net, int count, Func<int, (Tensor Input, Tensor Label)> sample,
        int numClasses, Func<Tensor, Tensor>? scores = null)
    {
        var matrix = new ConfusionMatrix(numClasses);
        bool wasTraining = net.training;
        net.eval();
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                var (input, label) = sample(i);
                var output = net.forward(input);
                var s = scores is null ? output : scores(output);
                if (s.ndim != 4 || s.shape[0] != 1 || s.shape[1] != numClasses)
                    throw new ArgumentException($"sample {i}: scores must be [1, {numClasses}, H, W], got [{string.Join(", ", s.shape)}]");
                matrix.Add(label, s.select(0, 0).argmax(0));
            }
        }
        finally
        {
            net.train(wasTraining);
        }
        return matrix;
    }
}
