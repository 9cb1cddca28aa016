using Workbench.Fcn.Backbones;
using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class FusionTests
{
    const double W = 1.0 / 32;

    [Fact]
    public void Early_fusion_depth_filters_start_as_the_mean_of_the_colour_filters()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var rgb = randn(new long[] { 5, 3, 3, 3 });
        var rgbd = EarlyFusion.ExpandFilters(rgb, 4);
        Assert.Equal(new long[] { 5, 4, 3, 3 }, rgbd.shape);
        Assert.True(rgbd.narrow(1, 0, 3).Equals(rgb));
        Assert.True(rgbd.select(1, 3).allclose(rgb.mean(new long[] { 1 }), 1e-6, 1e-6));

        // Through the classifier transplant into a 4-channel trunk.
        using var net = ModelZoo.Create("fcn32s", 40, W, inChannels: 4);
        var source = net.Trunk.state_dict().ToDictionary(kv => kv.Key, kv => randn(kv.Value.shape));
        source["conv1_1.weight"] = randn(new long[] { net.Trunk.state_dict()["conv1_1.weight"].shape[0], 3, 3, 3 });
        Surgery.FromClassifier(net, source, "test");
        var w = net.state_dict()["conv1_1.weight"];
        Assert.True(w.select(1, 3).allclose(source["conv1_1.weight"].mean(new long[] { 1 }), 1e-6, 1e-6));
        var y = net.forward(randn(new long[] { 1, 4, 20, 24 }));
        Assert.Equal(new long[] { 1, 40, 20, 24 }, y.shape);
    }
}
