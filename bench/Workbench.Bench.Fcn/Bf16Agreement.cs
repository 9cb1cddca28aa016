using TorchSharp;
using Workbench.Engine;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using static TorchSharp.torch;

/// <summary>
/// How often FCN-8s's bf16 argmax equals its float32 argmax, same weights and input. The timed net
/// cannot answer it: its score layers start at zero, as the paper's, so every pixel is class 0 in
/// both passes. This net has He-normal trunk filters (activations keep their scale through the 15
/// layers), score layers drawn from N(0, 0.01) with zero biases, and an input of the spread of real
/// pixels minus the mean (σ 60). Random weights leave smaller margins between classes than trained
/// ones, so the figure is a floor; PrecisionTests checks a trained net and its mean IU.
/// </summary>
static class Bf16Agreement
{
    public static object Measure(int size)
    {
        manual_seed(1);
        using var net = ModelZoo.Create("fcn8s", 21);
        Initialization.HeNormalTrunk(net);
        using (no_grad())
            foreach (var (name, p) in net.named_parameters())
                if (name.StartsWith("score", StringComparison.Ordinal))
                {
                    if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
                    else p.normal_(0, 0.01);
                }
        net.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var x = randn(1, 3, size, size) * 60;
        var scores = net.forward(x);
        var fp32 = scores.argmax(1);
        // The float32 margin of each pixel's winner over the runner-up, in units of the scores' spread:
        // where bf16 disagrees, the margin says whether it was a near-tie or a wrong answer.
        var (top, _) = scores.topk(2, dim: 1);
        var margin = (top.select(1, 0) - top.select(1, 1)) / scores.std();
        net.to(ScalarType.BFloat16);
        var bf16 = net.forward(x.to(ScalarType.BFloat16)).argmax(1);
        var agree = bf16.eq(fp32);
        var (classes, _, _) = unique(fp32);
        double MedianOf(Tensor t) => t.numel() == 0 ? double.NaN : t.median().item<float>();
        return new
        {
            argmax_agreement_with_fp32 = agree.to(ScalarType.Float64).mean().item<double>(),
            pixels = fp32.numel(),
            classes_in_fp32_argmax = classes.numel(),
            median_margin_where_they_differ = MedianOf(margin.masked_select(agree.logical_not())),
            median_margin_everywhere = MedianOf(margin),
        };
    }
}
