using Workbench.Fcn.Metrics;
using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>
/// Whole-image inference: one forward pass of any image size in eval mode, in the precision the
/// caller asks for (float32, or bfloat16 on float32 master weights that come back untouched).
/// </summary>
public static class Inference
{
    /// <summary>
    /// The class scores [classes, H, W] (float32) and label map [H, W] (int64) of a preprocessed
    /// image [C, H, W], computed on the net's device, in the dtype of its parameters, and returned there.
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
            var batch = InputFor(net, image.unsqueeze(0));
            var scores = net.forward(batch).select(0, 0).to(ScalarType.Float32);
            var labels = scores.argmax(0);
            return (labels.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope());
        }
        finally
        {
            net.train(wasTraining);
        }
    }

    /// <summary>The same, with the net in <paramref name="precision"/> for this one image.</summary>
    public static (Tensor Labels, Tensor Scores) Predict(FcnModel net, Tensor image, Precision precision)
    {
        using var cast = InPrecision(net, precision);
        return Predict(net, image);
    }

    /// <summary>
    /// The net computing in <paramref name="precision"/> until the result is disposed, when its
    /// float32 weights are back bit for bit; null (nothing to undo) for float32 or a net already cast.
    /// </summary>
    public static MasterWeights? InPrecision(nn.Module net, Precision precision)
    {
        if (precision == Precision.Fp32 || ParameterType(net) == precision.DType()) return null;
        var masters = new MasterWeights(net);
        masters.CastModule(precision.DType());
        return masters;
    }

    /// <summary>
    /// One confusion matrix over every sample of <paramref name="source"/>. The next sample is read
    /// and preprocessed on another thread while the net runs on this one, so decoding costs no time
    /// beside the forward passes.
    /// </summary>
    public static ConfusionMatrix Evaluate(FcnModel net, SampleSource source, Action<int, int>? progress = null, Precision precision = Precision.Fp32)
    {
        var matrix = new ConfusionMatrix(checked((int) net.NumClasses));
        using var cast = InPrecision(net, precision);
        using var samples = new Prefetch(source);
        for (int i = 0; i < source.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (image, label) = samples.Next();
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
        int numClasses, Func<Tensor, Tensor>? scores = null, Precision precision = Precision.Fp32)
    {
        var matrix = new ConfusionMatrix(numClasses);
        bool wasTraining = net.training;
        using var cast = InPrecision(net, precision);
        net.eval();
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                var (input, label) = sample(i);
                var output = net.forward(InputFor(net, input));
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

    /// <summary>A float input moved to the net's device and cast to the type of its parameters.</summary>
    public static Tensor InputFor(nn.Module net, Tensor input)
    {
        var dtype = ParameterType(net);
        var moved = input.to(Devices.Of(net));
        return moved.is_floating_point() && moved.dtype != dtype ? moved.to(dtype) : moved;
    }

    static ScalarType ParameterType(nn.Module net) => net.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float32;
}
