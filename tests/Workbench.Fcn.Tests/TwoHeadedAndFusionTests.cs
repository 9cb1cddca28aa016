using Workbench.Fcn.Losses;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class TwoHeadedAndFusionTests
{
    static void Randomize(nn.Module net, long seed)
    {
        manual_seed(seed);
        using (no_grad())
            foreach (var (name, p) in net.named_parameters())
                if (p.requires_grad) p.copy_(randn(p.shape) * 0.05);
    }

    [Fact]
    public void The_two_headed_net_derives_the_crops_of_both_heads_and_returns_input_sized_scores_for_each()
    {
        using var net = new TwoHeadedFcn16s(new Backbones.Vgg16(1.0 / 32), 33, 3);
        // The same geometry as the one-headed FCN-16s: pool4 crop 5, final crop 27, for each head.
        Assert.Equal(5, net.CropOffsets["score_pool4c_sem"]);
        Assert.Equal(27, net.CropOffsets["score_sem"]);
        Assert.Equal(5, net.CropOffsets["score_pool4c_geo"]);
        Assert.Equal(27, net.CropOffsets["score_geo"]);
        using var x = randn(1, 3, 45, 61);
        using var scores = net.forward(x);
        Assert.Equal(new long[] { 1, 36, 45, 61 }, scores.shape);
        var (s, g) = net.Split(scores);
        Assert.Equal(new long[] { 1, 33, 45, 61 }, s.shape);
        Assert.Equal(new long[] { 1, 3, 45, 61 }, g.shape);
        Assert.Contains(net.named_parameters(), p => p.name == "score_fr_geo.weight");
        Assert.Contains(net.named_parameters(), p => p.name == "upscore16_sem.weight");
    }

    [Fact]
    public void Each_head_of_the_two_headed_net_computes_what_a_one_headed_FCN16s_with_its_weights_computes()
    {
        using var twin = new TwoHeadedFcn16s(new Backbones.Vgg16(1.0 / 32), 5, 3);
        Randomize(twin, 3);
        using var semantic = new Fcn16s(new Backbones.Vgg16(1.0 / 32), 5);
        using var geometric = new Fcn16s(new Backbones.Vgg16(1.0 / 32), 3);
        var weights = twin.state_dict();
        string Strip(string key) => key.Replace("_sem.", ".").Replace("_geo.", ".");
        semantic.load_checked(weights.Where(kv => !kv.Key.Contains("_geo.")).ToDictionary(kv => Strip(kv.Key), kv => kv.Value), strict: true);
        geometric.load_checked(weights.Where(kv => !kv.Key.Contains("_sem.")).ToDictionary(kv => Strip(kv.Key), kv => kv.Value), strict: true);
        twin.eval(); semantic.eval(); geometric.eval();
        using var x = randn(1, 3, 50, 40);
        using var _ = no_grad();
        var (s, g) = twin.Split(twin.forward(x));
        Assert.True((s - semantic.forward(x)).abs().max().item<float>() < 1e-5f);
        Assert.True((g - geometric.forward(x)).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void The_two_headed_fcn32s_has_fcn32s_heads_and_its_trained_weights_start_the_two_headed_fcn16s()
    {
        using var coarse = new TwoHeadedFcn32s(new Backbones.Vgg16(1.0 / 32), 5, 3);
        Assert.Equal(19, coarse.CropOffsets["score_sem"]);   // FCN-32s's crop, for each head
        Assert.Equal(19, coarse.CropOffsets["score_geo"]);
        Randomize(coarse, 4);
        using var semantic = new Fcn32s(new Backbones.Vgg16(1.0 / 32), 5);
        var weights = coarse.state_dict();
        semantic.load_checked(weights.Where(kv => !kv.Key.Contains("_geo.")).ToDictionary(kv => kv.Key.Replace("_sem.", "."), kv => kv.Value), strict: true);
        coarse.eval(); semantic.eval();
        using var x = randn(1, 3, 44, 52);
        using (no_grad())
        {
            var (s, g) = coarse.Split(coarse.forward(x));
            Assert.Equal(new long[] { 1, 3, 44, 52 }, g.shape);
            Assert.True((s - semantic.forward(x)).abs().max().item<float>() < 1e-5f);
        }

        // siftflow-fcn16s from siftflow-fcn32s: the trunk and both score_fr layers carry over; the pool4 skips start at zero.
        using var fine = new TwoHeadedFcn16s(new Backbones.Vgg16(1.0 / 32), 5, 3);
        var report = Workbench.Fcn.Weights.Surgery.FromCoarser(fine, coarse);
        Assert.Contains("score_fr_sem.weight", report.Copied);
        Assert.Contains("score_fr_geo.bias", report.Copied);
        Assert.Contains("conv5_3.weight", report.Copied);
        Assert.Equal(new[] { "score_pool4_geo.bias", "score_pool4_geo.weight", "score_pool4_sem.bias", "score_pool4_sem.weight" },
            report.Missing.Where(k => k.StartsWith("score")).Order());
        Assert.Equal(0f, fine.named_parameters().First(p => p.name == "score_pool4_sem.weight").parameter.abs().max().item<float>());
        var carried = fine.named_parameters().First(p => p.name == "score_fr_geo.weight").parameter;
        var trained = coarse.named_parameters().First(p => p.name == "score_fr_geo.weight").parameter;
        Assert.Equal(0f, (carried - trained).abs().max().item<float>());
        Assert.True(trained.abs().max().item<float>() > 0, "the trained weights should not be the zero start");
    }

    [Fact]
    public void The_two_headed_loss_is_the_sum_of_the_heads_losses_and_refuses_wrong_shapes()
    {
        using var net = new TwoHeadedFcn16s(new Backbones.Vgg16(1.0 / 32), 4, 2);
        manual_seed(1);
        using var scores = randn(1, 6, 8, 8);
        using var sem = randint(0, 4, new long[] { 1, 8, 8 });
        using var geo = randint(0, 2, new long[] { 1, 8, 8 });
        var expected = SegmentationLoss.CrossEntropy(scores.narrow(1, 0, 4), sem).item<float>()
                     + SegmentationLoss.CrossEntropy(scores.narrow(1, 4, 2), geo).item<float>();
        Assert.Equal(expected, net.Loss(scores, sem, geo).item<float>(), 3);
        Assert.Throws<ArgumentException>(() => net.Split(randn(1, 5, 8, 8)));
    }

    [Fact]
    public void Late_fusion_sums_the_scores_of_its_two_streams_and_refuses_mismatched_streams()
    {
        using var color = ModelZoo.Create("fcn32s", 4, 1.0 / 32);
        using var hha = ModelZoo.Create("fcn32s", 4, 1.0 / 32);
        using var fused = new LateFusionFcn(color, hha);
        Randomize(fused, 7);
        fused.eval();
        using var x = randn(1, 6, 40, 36);
        using var _ = no_grad();
        var expected = color.forward(x.narrow(1, 0, 3)) + hha.forward(x.narrow(1, 3, 3));
        var got = fused.forward(x);
        Assert.Equal(new long[] { 1, 4, 40, 36 }, got.shape);
        Assert.True((got - expected).abs().max().item<float>() < 1e-5f);
        Assert.True(expected.abs().max().item<float>() > 1e-3f); // the streams' scores are not trivially zero
        Assert.Contains(fused.named_parameters(), p => p.name == "other.conv1_1.weight");
        Assert.Throws<ArgumentException>(() => fused.forward(randn(1, 3, 40, 36)));
        using var three = ModelZoo.Create("fcn32s", 3, 1.0 / 32);
        Assert.Throws<ArgumentException>(() => new LateFusionFcn(color, three));
    }

    [Fact]
    public void The_trainer_lowers_the_summed_loss_of_a_two_headed_net_and_evaluates_each_head()
    {
        manual_seed(2);
        using var net = new TwoHeadedFcn16s(new Backbones.Vgg16(1.0 / 16), Shapes.Classes, 2);
        Initialization.HeNormalTrunk(net);
        var data = Shapes.Source(4, 40, 3);
        Tensor Geometric(Tensor label) => label.masked_fill(label.eq(2), 1); // rectangle and disc: "object"
        var options = new TrainerOptions { LearningRate = new LearningRate.Fixed(1e-3), Momentum = 0.9, MaxIterations = 30, Seed = 2 };
        var drawn = new List<int>();
        var training = new Trainer(net, data.Count, i =>
        {
            drawn.Add(i);
            var (image, label) = data[i];
            var l = label.unsqueeze(0);
            return net.Loss(net.forward(image.unsqueeze(0)), l, Geometric(l), LossNormalization.Mean);
        }, options);
        training.Run();
        Assert.Equal(30, training.Losses.Count);
        Assert.True(training.Losses.Skip(26).Average() < training.Losses.Take(4).Average(),
            $"loss did not fall: {string.Join(", ", training.Losses.Select(v => v.ToString("0.###")))}");
        Assert.True(training.Seconds.Zip(training.Seconds.Skip(1)).All(p => p.Second >= p.First));
        var order = new EpochOrder(data.Count, 2);
        Assert.Equal(Enumerable.Range(0, 30).Select(k => order.At(k)), drawn);   // the trainer's one epoch order
        var m = Inference.Evaluate(net, data.Count, i => (data[i].Image.unsqueeze(0), Geometric(data[i].Label)), 2, s => net.Split(s).Geometric);
        Assert.Equal(4L * 40 * 40, m.Total + CountVoid(data));
    }

    [Fact]
    public void The_trainer_accumulates_iter_size_images_per_update_of_any_module()
    {
        manual_seed(3);
        using var fused = new LateFusionFcn(ModelZoo.Create("fcn32s", Shapes.Classes, 1.0 / 32), ModelZoo.Create("fcn32s", Shapes.Classes, 1.0 / 32));
        var data = Shapes.Source(5, 32, 3);
        var options = new TrainerOptions { LearningRate = new LearningRate.Fixed(1e-4), Momentum = 0.9, MaxIterations = 3, IterSize = 4, Seed = 5 };
        int calls = 0;
        var training = new Trainer(fused, data.Count, i =>
        {
            calls++;
            var (image, label) = data[i];
            var x = image.unsqueeze(0);
            return SegmentationLoss.CrossEntropy(fused.forward(cat(new List<Tensor> { x, x }, 1)), label.unsqueeze(0), LossNormalization.Mean);
        }, options);
        training.Run();
        Assert.Equal(12, calls);
        Assert.Equal(3, training.Iteration);
        Assert.Throws<ArgumentException>(() => new Trainer(fused, 0, _ => zeros(1), options));
        var scalarOnly = new Trainer(fused, data.Count, _ => fused.parameters().First().sum() * zeros(2), options);
        Assert.Contains("scalar", Assert.Throws<ArgumentException>(() => scalarOnly.Run()).Message);
    }

    static long CountVoid(SampleSource data)
    {
        long n = 0;
        for (int i = 0; i < data.Count; i++) n += data[i].Label.eq(255).sum().item<long>();
        return n;
    }
}
