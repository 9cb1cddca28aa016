using Workbench.Fcn.Training;
using static TorchSharp.torch;

namespace Workbench.Fcn.Tests;

public class PrefetchTests
{
    [Fact]
    public void Samples_come_in_order_and_kept_ones_survive_their_consumers()
    {
        var cache = new SampleCache<(Tensor, Tensor)>(5, i => (full(new long[] { 1, 2, 2 }, (float) i), full(new long[] { 2, 2 }, (long) i)));
        var source = new SampleSource(5, i => cache[i]);
        for (int pass = 0; pass < 2; pass++)
        {
            using var prefetch = new Prefetch(source);
            for (int i = 0; i < 5; i++)
            {
                using var scope = NewDisposeScope();
                var (image, label) = prefetch.Next();
                Assert.Equal((float) i, image[0, 0, 0].item<float>());
                Assert.Equal(i, label[1, 1].item<long>());
            }
            Assert.Throws<InvalidOperationException>(() => prefetch.Next());
        }
        // The cache's own tensors were handed out as aliases: disposing those freed nothing it keeps.
        Assert.Equal(4f, cache[4].Item1[0, 1, 1].item<float>());
    }

    [Fact]
    public void A_read_that_fails_fails_the_evaluation_with_its_own_error()
    {
        var source = new SampleSource(4, i => i == 2 ? throw new InvalidDataException("sample 2: truncated PNG") : (zeros(3, 8, 8), zeros(new long[] { 8, 8 }, ScalarType.Int64)));
        using var net = Shapes.Net("fcn32s", 1);
        var e = Assert.Throws<InvalidDataException>(() => Inference.Evaluate(net, source));
        Assert.Equal("sample 2: truncated PNG", e.Message);
    }

    [Fact]
    public void The_pipelined_evaluator_scores_exactly_as_one_image_at_a_time()
    {
        var source = Shapes.Source(6, 32, 9);
        using var net = Shapes.Net("fcn8s", 2);
        var pipelined = Inference.Evaluate(net, source);
        var serial = new Metrics.ConfusionMatrix(Shapes.Classes);
        for (int i = 0; i < source.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (image, label) = source[i];
            serial.Add(label, Inference.Predict(net, image).Labels);
        }
        Assert.Equal(serial.Total, pipelined.Total);
        Assert.Equal(serial.Metrics().MeanIU, pipelined.Metrics().MeanIU);
        Assert.Equal(serial.Metrics().PixelAccuracy, pipelined.Metrics().PixelAccuracy);
    }
}
