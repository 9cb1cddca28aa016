using Workbench.Weights;
using Workbench.Fcn.Backbones;
using Workbench.Fcn.Models;
using Workbench.Fcn.Weights;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class WeightsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fcn-weights-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    const double W = 1.0 / 16;

    [Fact]
    public void A_torchvision_vgg16_classifier_transplants_with_fc6_and_fc7_reshaped()
    {
        manual_seed(4);
        using var net = ModelZoo.Create("fcn32s", 21, W);
        var trunk = net.Trunk.state_dict();
        // A classifier state dict with torchvision's keys and linear fc layers, at the net's width.
        var classifier = new Dictionary<string, Tensor>();
        int[] features = { 0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28 };
        string[] convs = { "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1", "conv4_2", "conv4_3", "conv5_1", "conv5_2", "conv5_3" };
        for (int i = 0; i < 13; i++)
        {
            classifier[$"features.{features[i]}.weight"] = randn(trunk[$"{convs[i]}.weight"].shape);
            classifier[$"features.{features[i]}.bias"] = randn(trunk[$"{convs[i]}.bias"].shape);
        }
        var fc6 = trunk["fc6.weight"].shape;
        classifier["classifier.0.weight"] = randn(new[] { fc6[0], fc6[1] * 49 });
        classifier["classifier.0.bias"] = randn(new[] { fc6[0] });
        classifier["classifier.3.weight"] = randn(new[] { fc6[0], fc6[0] });
        classifier["classifier.3.bias"] = randn(new[] { fc6[0] });
        classifier["classifier.6.weight"] = randn(new[] { 1000L, fc6[0] });
        classifier["classifier.6.bias"] = randn(new[] { 1000L });
        var path = Path.Combine(dir, "vgg16.pth");
        WeightsFile.Write(classifier, path);

        var unused = Surgery.FromClassifier(net, path);
        Assert.Equal(new[] { "classifier.6.weight", "classifier.6.bias" }, unused);
        var own = net.state_dict();
        Assert.True(own["conv3_2.weight"].Equals(classifier["features.12.weight"]));
        Assert.True(own["fc6.weight"].Equals(classifier["classifier.0.weight"].reshape(fc6)));
        Assert.True(own["fc7.weight"].flatten(1).Equals(classifier["classifier.3.weight"]));
        Assert.Equal(0f, own["score_fr.weight"].abs().sum().item<float>());
    }

    // torchvision's other classifiers, by their real keys (a few of each): named for what they are, and the file to use instead.
    [Theory]
    [InlineData("fcn-alexnet", "torchvision's alexnet", "bvlc_reference_caffenet.caffemodel",
        "features.0.weight:64,3,11,11", "features.3.weight:192,64,5,5", "features.10.weight:256,256,3,3", "classifier.1.weight:4096,9216", "classifier.4.weight:4096,4096")]
    [InlineData("fcn-googlenet", "torchvision's googlenet", "bvlc_googlenet.caffemodel",
        "conv1.conv.weight:64,3,7,7", "conv1.bn.running_mean:64", "inception3a.branch1.conv.weight:64,192,1,1")]
    [InlineData("fcn32s", "torchvision's vgg16_bn", "VGG_ILSVRC_16_layers.caffemodel",
        "features.0.weight:64,3,3,3", "features.1.running_mean:64", "features.3.weight:64,64,3,3")]
    public void A_torchvision_classifier_of_another_architecture_is_refused_as_what_it_is(string model, string what, string instead, params string[] keys)
    {
        using var net = ModelZoo.Create(model, 21, W);
        var file = keys.Select(k => k.Split(':')).ToDictionary(k => k[0], k => zeros(k[1].Split(',').Select(long.Parse).ToArray()));
        var path = Path.Combine(dir, model + "-torchvision.pth");
        WeightsFile.Write(file, path);
        var e = Assert.Throws<InvalidDataException>(() => Surgery.FromClassifier(net, path));
        Assert.StartsWith($"{path} is {what}", e.Message);
        Assert.Contains(instead, e.Message);
    }

    [Fact]
    public void The_classifiers_own_scores_become_its_classes_rows_of_score_fr_and_background_keeps_its_zero_start()
    {
        using var net = ModelZoo.Create("fcn8s", 11, W);
        long c = net.state_dict()["score_fr.weight"].shape[1];
        manual_seed(5);
        var file = new Dictionary<string, Tensor> { ["fc8.weight"] = randn(10, c), ["fc8.bias"] = randn(10) };
        Assert.Equal(10, Surgery.ClassifierScores(net, file, firstClass: 1, "fashion.pth"));
        var own = net.state_dict();
        Assert.True(own["score_fr.weight"].narrow(0, 1, 10).flatten(1).Equals(file["fc8.weight"]));
        Assert.True(own["score_fr.bias"].narrow(0, 1, 10).Equals(file["fc8.bias"]));
        Assert.Equal(0f, own["score_fr.weight"][0].abs().sum().item<float>());
        Assert.Equal(0f, own["score_fr.bias"][0].item<float>());
        Assert.Equal(0f, own["score_pool4.weight"].abs().sum().item<float>());   // the skips keep their zero start

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Surgery.ClassifierScores(net, file, firstClass: 2, "fashion.pth"));
        Assert.Contains("10 classes from class 2 do not fit the net's 11", e.Message);
        var wrong = new Dictionary<string, Tensor> { ["fc8.weight"] = randn(10, c + 1), ["fc8.bias"] = randn(10) };
        Assert.Contains($"score_fr needs [K, {c}]", Assert.Throws<InvalidDataException>(() => Surgery.ClassifierScores(net, wrong, 1, "w.pth")).Message);
        Assert.Contains("no fc8.weight", Assert.Throws<InvalidDataException>(() => Surgery.ClassifierScores(net, new Dictionary<string, Tensor>(), 1, "e.pth")).Message);
    }

    [Fact]
    public void A_two_headed_nets_semantic_head_takes_the_classifiers_scores_and_its_other_head_keeps_its_zero_start()
    {
        using var net = new TwoHeadedFcn16s(new Vgg16(W), 11, 4);
        long c = net.state_dict()["score_fr_sem.weight"].shape[1];
        manual_seed(6);
        var file = new Dictionary<string, Tensor> { ["fc8.weight"] = randn(10, c), ["fc8.bias"] = randn(10) };
        Assert.Equal(10, Surgery.ClassifierScores(net, file, firstClass: 1, "fashion.pth", layer: "score_fr_sem"));
        var own = net.state_dict();
        Assert.True(own["score_fr_sem.weight"].narrow(0, 1, 10).flatten(1).Equals(file["fc8.weight"]));
        Assert.Equal(0f, own["score_fr_geo.weight"].abs().sum().item<float>());
        var e = Assert.Throws<ArgumentException>(() => Surgery.ClassifierScores(net, file, 1, "fashion.pth"));
        Assert.Contains("has no score_fr layer", e.Message);
    }

    [Fact]
    public void A_classifier_of_the_wrong_width_is_refused_naming_the_key()
    {
        using var net = ModelZoo.Create("fcn32s", 21, W);
        var path = Path.Combine(dir, "bad.pth");
        WeightsFile.Write(new Dictionary<string, Tensor> { ["conv1_1.weight"] = zeros(new long[] { 64, 3, 3, 3 }) }, path);
        var e = Assert.Throws<InvalidDataException>(() => Surgery.FromClassifier(net, path));
        Assert.Contains("conv1_1.weight", e.Message);
    }

    [Fact]
    public void Saved_weights_load_straight_back_with_the_reference_keys()
    {
        manual_seed(5);
        using var a = ModelZoo.Create("fcn8s", 21, W);
        using (no_grad()) foreach (var p in a.parameters()) p.normal_();
        var path = Path.Combine(dir, "fcn8s.pth");
        FcnWeights.Save(a, path);
        using var b = ModelZoo.Create("fcn8s", 21, W);
        FcnWeights.Load(b, path);
        var sb = b.state_dict();
        foreach (var (k, v) in a.state_dict()) Assert.True(v.Equals(sb[k]), k);

        using var other = ModelZoo.Create("fcn32s", 21, W);
        var e = Assert.Throws<InvalidDataException>(() => FcnWeights.Load(other, path));
        Assert.Contains("fcn8s.pth", e.Message);
    }

    [Fact]
    public void Stage_wise_initialization_copies_what_the_nets_share()
    {
        manual_seed(6);
        using var s32 = ModelZoo.Create("fcn32s", 21, W);
        using (no_grad()) foreach (var p in s32.parameters()) p.normal_();
        using var s16 = ModelZoo.Create("fcn16s", 21, W);
        var report = Surgery.FromCoarser(s16, s32);
        var copied = report.Copied;
        Assert.Contains("score_fr.weight", copied);
        Assert.Contains("fc7.weight", copied);
        Assert.DoesNotContain("score_pool4.weight", copied);
        Assert.DoesNotContain("upscore2.weight", copied);
        Assert.Contains("score_pool4.weight", report.Missing);   // the new skip keeps its zero start
        Assert.Empty(report.Coerced);
        Assert.Empty(report.Widened);
        var p16 = s16.state_dict();
        Assert.True(p16["score_fr.weight"].Equals(s32.state_dict()["score_fr.weight"]));
        Assert.Equal(0f, p16["score_pool4.weight"].abs().sum().item<float>());
    }

    [Fact]
    public void One_rule_coerces_inner_products_widens_colour_filters_and_refuses_other_shapes()
    {
        manual_seed(8);
        using var rgb = ModelZoo.Create("fcn32s", 21, W);
        using (no_grad()) foreach (var p in rgb.parameters()) p.normal_();
        var source = rgb.state_dict().ToDictionary(kv => kv.Key, kv => kv.Key == "fc6.weight" ? kv.Value.flatten(1) : kv.Value);
        using var rgbd = ModelZoo.Create("fcn32s", 21, W, inChannels: 4);
        var report = Surgery.Transplant(rgbd, source, "rgb");
        Assert.Equal(new[] { "fc6.weight" }, report.Coerced);
        Assert.Equal(new[] { "conv1_1.weight" }, report.Widened);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unused);
        Assert.True(rgbd.state_dict()["fc6.weight"].Equals(rgb.state_dict()["fc6.weight"]));

        using var other = ModelZoo.Create("fcn32s", 40, W);
        var e = Assert.Throws<InvalidDataException>(() => Surgery.Transplant(other, source, "rgb.pth"));
        Assert.Contains("rgb.pth", e.Message);
        Assert.Contains("score_fr.weight", e.Message);
    }

    [Fact]
    public void Separately_trained_streams_transplant_into_a_late_fusion_net_and_caffe_names_map()
    {
        manual_seed(9);
        using var color = ModelZoo.Create("fcn32s", 5, W);
        using var hha = ModelZoo.Create("fcn32s", 5, W);
        using (no_grad()) foreach (var p in color.parameters().Concat(hha.parameters())) p.normal_();
        using var fused = new LateFusionFcn(ModelZoo.Create("fcn32s", 5, W), ModelZoo.Create("fcn32s", 5, W));
        var streams = color.state_dict().Select(kv => ("color." + kv.Key, kv.Value))
            .Concat(hha.state_dict().Select(kv => ("other." + kv.Key, kv.Value))).ToDictionary(kv => kv.Item1, kv => kv.Item2);
        var report = Surgery.Transplant(fused, streams, "streams");
        Assert.Equal(fused.state_dict().Count, report.Copied.Count);
        Assert.True(fused.state_dict()["other.fc7.weight"].Equals(hha.state_dict()["fc7.weight"]));

        Assert.Equal("conv1.weight", LayerNames.Trunk("conv1/7x7_s2.weight"));
        Assert.Equal("inception_3a.1x1.bias", LayerNames.Trunk("inception_3a/1x1.bias"));
        Assert.Null(LayerNames.Trunk("loss3/classifier.weight"));
        Assert.Equal("conv3_2.weight", LayerNames.Trunk("features.12.weight"));
    }

    /// <summary>
    /// bvlc_googlenet's names as Caffe writes them ('conv1/7x7_s2', 'inception_3a/1x1', the auxiliary
    /// 'loss1/…' heads and 'loss3/classifier'), from the trunk of a net at test width.
    /// </summary>
    internal static Dictionary<string, Tensor> CaffeGoogLeNet(FcnModel net)
    {
        var stem = new Dictionary<string, string> { ["conv1"] = "conv1/7x7_s2", ["conv2_reduce"] = "conv2/3x3_reduce", ["conv2"] = "conv2/3x3" };
        var file = new Dictionary<string, Tensor>();
        foreach (var (key, t) in net.Trunk.state_dict())
        {
            int dot = key.IndexOf('.');
            string layer = key[..dot], rest = key[(dot + 1)..];
            var caffe = stem.TryGetValue(layer, out var s) ? $"{s}.{rest}" : layer.StartsWith("inception_") ? $"{layer}/{rest}" : key;
            file[caffe] = randn_like(t);
        }
        file["loss1/conv.weight"] = randn(4, 3, 1, 1);
        file["loss3/classifier.weight"] = randn(1000, 8);
        return file;
    }

    [Fact]
    public void A_caffe_named_googlenet_classifier_transplants_every_trunk_parameter()
    {
        using var net = ModelZoo.Create("fcn-googlenet", 21, 1.0 / 32);
        var file = CaffeGoogLeNet(net);
        Assert.Contains("inception_3a/5x5_reduce.weight", file.Keys);
        var path = Path.Combine(dir, "bvlc_googlenet.pth");
        WeightsFile.Write(file, path);
        var unused = Surgery.FromClassifier(net, path);
        Assert.Equal(new[] { "loss1/conv.weight", "loss3/classifier.weight" }, unused);
        var own = net.state_dict();
        Assert.True(own["conv1.weight"].Equals(file["conv1/7x7_s2.weight"]));
        Assert.True(own["inception_4e.pool_proj.bias"].Equals(file["inception_4e/pool_proj.bias"]));
    }
}
