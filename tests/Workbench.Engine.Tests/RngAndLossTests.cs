using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Workbench.Engine.Tests;

public class RngAndLossTests
{
    [Fact]
    public void TheGeneratorStateReplaysDropoutExactly()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var x = ones(1000);
        using var state = get_rng_state();
        var first = F.dropout(x, 0.5, training: true).ToArray<float>();
        var second = F.dropout(x, 0.5, training: true).ToArray<float>();
        Assert.NotEqual(first, second);
        set_rng_state(state);
        Assert.Equal(first, F.dropout(x, 0.5, training: true).ToArray<float>());
        manual_seed(7);
        Assert.Equal(first, F.dropout(x, 0.5, training: true).ToArray<float>());
    }

    [Fact]
    public void CrossEntropyIgnoresVoidPixels()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var scores = randn(1, 3, 2, 2);
        var labels = tensor(new long[] { 0, 255, 2, 255 }).reshape(1, 2, 2);
        var sum = F.cross_entropy(scores, labels, ignore_index: 255, reduction: nn.Reduction.Sum).item<float>();
        var mean = F.cross_entropy(scores, labels, ignore_index: 255, reduction: nn.Reduction.Mean).item<float>();
        // By hand: −log softmax at the two labelled pixels.
        var logp = F.log_softmax(scores, 1);
        double expected = -(logp[0, 0, 0, 0].item<float>() + logp[0, 2, 1, 0].item<float>());
        Assert.Equal(expected, sum, 5);
        Assert.Equal(expected / 2, mean, 5);
    }

    [Fact]
    public void AShapeMistakeIsAnExceptionNotACrash()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsAny<System.Runtime.InteropServices.ExternalException>(() => ones(2, 3) + ones(4, 5));
        Assert.Contains("must match the size", e.Message);
        Assert.ThrowsAny<System.Runtime.InteropServices.ExternalException>(() => F.conv2d(ones(1, 3, 8, 8), ones(4, 2, 3, 3)));
    }
}
