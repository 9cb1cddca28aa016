using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class ClassifierWeightsTests
{
    [Fact]
    public void Fully_connected_weights_become_convolutions_and_extra_input_channels_start_as_the_mean_filter()
    {
        using var net = ModelZoo.Create("fcn32s", 3, 1.0 / 32, inChannels: 4);
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var conv1 = parameters["conv1_1.weight"].shape;   // [out, 4, 3, 3]
        var fc6 = parameters["fc6.weight"].shape;          // [out, in, 7, 7]
        manual_seed(4);
        var rgb = randn(conv1[0], 3, conv1[2], conv1[3]);
        var fc6Flat = randn(fc6[0], fc6[1] * fc6[2] * fc6[3]);   // as the classifier stores it
        var classifier = new Dictionary<string, Tensor>
        {
            ["conv1_1.weight"] = rgb, ["fc6.weight"] = fc6Flat, ["fc8.weight"] = randn(1000, fc6[0]),
        };
        var copied = ClassifierWeights.Load(net, classifier);

        Assert.Equal(new[] { "conv1_1.weight", "fc6.weight" }, copied);
        var w = parameters["conv1_1.weight"];
        Assert.Equal(0f, (w.narrow(1, 0, 3) - rgb).abs().max().item<float>());
        Assert.True((w.select(1, 3) - rgb.mean(new long[] { 1 })).abs().max().item<float>() < 1e-6f);
        Assert.Equal(0f, (parameters["fc6.weight"].flatten(1) - fc6Flat).abs().max().item<float>());
    }

    [Fact]
    public void A_classifier_of_another_width_or_with_no_matching_key_is_refused_with_the_key_named()
    {
        using var net = ModelZoo.Create("fcn32s", 3, 1.0 / 32);
        var wrong = new Dictionary<string, Tensor> { ["conv1_2.weight"] = randn(64, 64, 3, 3) };
        var e = Assert.Throws<ArgumentException>(() => ClassifierWeights.Load(net, wrong));
        Assert.Contains("conv1_2.weight", e.Message);
        Assert.Throws<ArgumentException>(() => ClassifierWeights.Load(net, new Dictionary<string, Tensor> { ["features.0.weight"] = randn(2) }));
    }
}
