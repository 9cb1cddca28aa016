using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using Workbench.Torch;
using static Workbench.Torch.torch;

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
        Assert.True(rgbd.narrow(1, 0, 3).equal(rgb));
        Assert.True(rgbd.select(1, 3).allclose(rgb.mean(1), 1e-6, 1e-6));

        // Through the classifier transplant into a 4-channel trunk.
        using var net = ModelZoo.Create("fcn32s", 40, W, inChannels: 4);
        var source = net.Trunk.state_dict().ToDictionary(kv => kv.Key, kv => randn(kv.Value.shape));
        source["conv1_1.weight"] = randn(new long[] { net.Trunk.state_dict()["conv1_1.weight"].shape[0], 3, 3, 3 });
        PretrainedWeights.LoadClassifier(net, source, "test");
        var w = net.state_dict()["conv1_1.weight"];
        Assert.True(w.select(1, 3).allclose(source["conv1_1.weight"].mean(1), 1e-6, 1e-6));
        var y = net.forward(randn(new long[] { 1, 4, 20, 24 }));
        Assert.Equal(new long[] { 1, 40, 20, 24 }, y.shape);
    }

    [Fact]
    public void Late_fusion_averages_the_streams_scores()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        using var color = ModelZoo.Create("fcn32s", 4, W);
        using var hha = ModelZoo.Create("fcn32s", 4, W);
        using (no_grad())
        {
            foreach (var p in color.parameters().Concat(hha.parameters())) p.normal_(0, 0.1);
        }
        using var fused = new LateFusion(color, hha);
        color.eval(); hha.eval(); fused.eval();
        var x = randn(new long[] { 1, 6, 33, 21 });
        using var noGrad = no_grad();
        var y = fused.forward(x);
        var expected = (color.forward(x.narrow(1, 0, 3)) + hha.forward(x.narrow(1, 3, 3))) * 0.5;
        Assert.True(y.allclose(expected, 1e-5, 1e-6));
        Assert.Contains("color.conv1_1.weight", fused.state_dict().Keys);
        Assert.Contains("hha.score_fr.weight", fused.state_dict().Keys);
        Assert.Throws<ArgumentException>(() => fused.forward(randn(new long[] { 1, 3, 8, 8 })));
    }

    [Fact]
    public void Two_headed_net_shares_one_trunk_and_scores_both_tasks_at_the_input_size()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        using var net = new TwoHeadedFcn16s(new Vgg16(W), 33, 3);
        var keys = net.state_dict().Keys.ToList();
        Assert.Contains("conv1_1.weight", keys);
        Assert.Contains("score_fr_sem.weight", keys);
        Assert.Contains("score_pool4_geo.bias", keys);
        Assert.Contains("upscore16_geo.weight", keys);
        Assert.Equal(1, keys.Count(k => k == "fc7.weight"));
        Assert.Equal(new Dictionary<string, long> { ["score_pool4c"] = 5, ["score"] = 27 }.OrderBy(k => k.Key), net.Semantic.CropOffsets.OrderBy(k => k.Key));
        net.eval();
        using var noGrad = no_grad();
        var (sem, geo) = net.forward(randn(new long[] { 1, 3, 45, 37 }));
        Assert.Equal(new long[] { 1, 33, 45, 37 }, sem.shape);
        Assert.Equal(new long[] { 1, 3, 45, 37 }, geo.shape);
    }
}
