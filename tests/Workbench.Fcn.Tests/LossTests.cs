using Workbench.Fcn.Losses;
using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class LossTests
{
    [Fact]
    public void An_averaged_loss_over_only_void_pixels_is_zero_not_nan()
    {
        using var scope = NewDisposeScope();
        var scores = randn(new long[] { 1, 3, 2, 2 }, requires_grad: true);
        var loss = SegmentationLoss.CrossEntropy(scores, full(new long[] { 1, 2, 2 }, 255L), LossNormalization.Mean);
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.Equal(0f, scores.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Summed_loss_ignores_void_and_equals_the_mean_times_the_counted_pixels()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var scores = randn(new long[] { 2, 4, 5, 6 });
        var labels = randint(0, 4, new long[] { 2, 5, 6 }, uint8);
        labels = labels.masked_fill(rand(new long[] { 2, 5, 6 }) < 0.3, 255);
        long counted = labels.ne(255).sum().item<long>();
        var sum = SegmentationLoss.CrossEntropy(scores, labels).item<float>();
        var mean = SegmentationLoss.CrossEntropy(scores, labels, LossNormalization.Mean).item<float>();
        Assert.Equal(sum, mean * counted, 2);
        // By hand: −log softmax at the label, over counted pixels.
        var logp = nn.functional.log_softmax(scores, 1);
        double manual = 0;
        var lp = logp.contiguous().ToArray<float>();
        var lab = labels.ToArray<byte>();
        for (int n = 0; n < 2; n++)
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 6; x++)
        {
            int l = lab[(n * 5 + y) * 6 + x];
            if (l == 255) continue;
            manual -= lp[((n * 4 + l) * 5 + y) * 6 + x];
        }
        Assert.Equal(manual, sum, 2);
    }

    [Fact]
    public void Loss_sampling_with_p_1_is_the_full_loss()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var scores = randn(new long[] { 1, 3, 70, 45 });
        var labels = randint(0, 3, new long[] { 1, 70, 45 });
        var full = SegmentationLoss.CrossEntropy(scores, labels).item<float>();
        var sampled = SegmentationLoss.CrossEntropy(scores, LossSampling.Sample(labels, 1.0)).item<float>();
        Assert.Equal(full, sampled);
    }

    [Fact]
    public void Loss_sampling_drops_whole_cells_at_about_the_rate_asked()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var labels = zeros(new long[] { 4, 320, 320 }, int64);
        var sampled = LossSampling.Sample(labels, 0.25, stride: 32);
        var kept = sampled.ne(255).to(float32);
        // Every 32×32 cell is all kept or all dropped.
        var cells = kept.reshape(4, 10, 32, 10, 32).mean(new long[] { 2, 4 });
        var values = cells.ToArray<float>();
        Assert.All(values, v => Assert.True(v == 0 || v == 1));
        double rate = values.Average();
        Assert.InRange(rate, 0.15, 0.35); // 400 cells, p = 0.25
    }

    [Fact]
    public void Class_weights_scale_each_pixel_loss()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var scores = randn(new long[] { 1, 2, 3, 3 });
        var labels = ones(new long[] { 1, 3, 3 }, int64);
        var plain = SegmentationLoss.CrossEntropy(scores, labels).item<float>();
        var weighted = SegmentationLoss.CrossEntropy(scores, labels, classWeights: tensor(new float[] { 1f, 3f })).item<float>();
        Assert.Equal(3 * plain, weighted, 3);
    }

    [Fact]
    public void A_label_outside_the_classes_is_an_error()
    {
        using var scope = NewDisposeScope();
        var scores = zeros(new long[] { 1, 3, 2, 2 });
        var labels = tensor(new long[] { 0, 1, 7, 255 }, new long[] { 1, 2, 2 });
        var e = Assert.Throws<ArgumentException>(() => SegmentationLoss.CrossEntropy(scores, labels));
        Assert.Contains("label 7", e.Message);
        Assert.Throws<ArgumentException>(() => SegmentationLoss.CrossEntropy(scores, zeros(new long[] { 1, 3, 2 }, int64)));
    }
}
