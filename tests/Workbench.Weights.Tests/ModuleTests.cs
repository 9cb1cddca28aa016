using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Weights.Tests;

public class ModuleTests
{
    sealed class TinyNet : nn.Module<Tensor, Tensor>
    {
        public readonly Conv2d conv1_1;
        public readonly ReLU relu1_1;
        public readonly MaxPool2d pool1;
        public readonly Conv2d score_fr;
        public readonly ConvTranspose2d upscore;

        public TinyNet(long channels = 4) : base(nameof(TinyNet))
        {
            conv1_1 = nn.Conv2d(3, channels, 3, padding: 1);
            relu1_1 = nn.ReLU(inplace: true);
            pool1 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
            score_fr = nn.Conv2d(channels, 2, 1);
            upscore = nn.ConvTranspose2d(2, 2, 4, stride: 2, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = relu1_1.forward(conv1_1.forward(x));
            h = score_fr.forward(pool1.forward(h));
            return upscore.forward(h).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void ParametersAreNamedAfterTheFieldsInOrder()
    {
        using var net = new TinyNet();
        var names = net.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[] { "conv1_1.weight", "conv1_1.bias", "score_fr.weight", "score_fr.bias", "upscore.weight" }, names);
        Assert.Equal(new long[] { 4, 3, 3, 3 }, net.conv1_1.weight.shape);
        Assert.Equal(new long[] { 2, 2, 4, 4 }, net.upscore.weight.shape);
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(new[] { "", "conv1_1", "relu1_1", "pool1", "score_fr", "upscore" }, net.named_modules().Select(m => m.name));
    }

    [Fact]
    public void StateDictRoundTripsIntoAFreshModule()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var a = new TinyNet();
        using var b = new TinyNet();
        var x = randn(1, 3, 9, 9);
        Assert.False(a.forward(x).equal(b.forward(x)));
        var (missing, unexpected) = b.load_state_dict((IReadOnlyDictionary<string, Tensor>) a.state_dict());
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.True(a.forward(x).equal(b.forward(x)));
        // load_state_dict copies: changing a afterwards leaves b alone.
        using (no_grad()) a.conv1_1.weight.add_(1);
        Assert.False(a.forward(x).equal(b.forward(x)));
    }

    [Fact]
    public void LoadStateDictNamesMissingUnexpectedAndMisShapedKeys()
    {
        using var scope = NewDisposeScope();
        using var net = new TinyNet();
        var source = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        source.Remove("score_fr.bias");
        source["fc8.weight"] = zeros(3);
        source["conv1_1.weight"] = zeros(5, 3, 3, 3);
        var e = Assert.Throws<StateDictException>(() => net.load_state_dict(source));
        Assert.Equal(new[] { "score_fr.bias" }, e.Missing);
        Assert.Equal(new[] { "fc8.weight" }, e.Unexpected);
        Assert.Equal(new[] { "conv1_1.weight: expected [4, 3, 3, 3], got [5, 3, 3, 3]" }, e.Mismatched);
        Assert.Contains("missing keys: score_fr.bias", e.Message);

        // Not strict: missing and unexpected keys are reported, shapes still must match.
        source["conv1_1.weight"] = ones(4, 3, 3, 3);
        var (missing, unexpected) = net.load_state_dict((IReadOnlyDictionary<string, Tensor>) source, strict: false);
        Assert.Equal(new[] { "score_fr.bias" }, missing);
        Assert.Equal(new[] { "fc8.weight" }, unexpected);
        Assert.Equal(108f, net.conv1_1.weight.sum().item<float>());
    }

    [Fact]
    public void TrainAndEvalSwitchDropout()
    {
        using var scope = NewDisposeScope();
        using var drop = nn.Sequential(("drop6", nn.Dropout(0.5)));
        var x = ones(1000);
        Assert.True(drop.training);
        Assert.True(drop.forward(x).eq(0).sum().item<long>() > 300);
        drop.eval();
        Assert.False(drop[0].training);
        Assert.True(drop.forward(x).equal(x));
    }

    [Fact]
    public void DefaultInitialisationFollowsPyTorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var conv = nn.Conv2d(64, 64, 3);
        double bound = 1 / Math.Sqrt(64 * 9);
        Assert.True(conv.weight.abs().max().item<float>() <= bound);
        Assert.True(conv.weight.abs().max().item<float>() > 0.9 * bound);
        Assert.True(conv.bias!.abs().max().item<float>() <= bound);
    }

    [Fact]
    public void LayersComputeTheExpectedShapes()
    {
        using var scope = NewDisposeScope();
        using var net = new TinyNet();
        Assert.Equal(new long[] { 1, 2, 12, 12 }, net.forward(randn(1, 3, 9, 9)).shape); // ceil(9/2)=5 → (5-1)*2+4
        using var lrn = nn.LocalResponseNorm(5, 1e-4, 0.75);
        Assert.Equal(new long[] { 1, 8, 4, 4 }, lrn.forward(randn(1, 8, 4, 4)).shape);
        using var linear = nn.Linear(6, 2);
        Assert.Equal(new long[] { 3, 2 }, linear.forward(randn(3, 6)).shape);
        using var grouped = nn.Conv2d(4, 6, 3, groups: 2);
        Assert.Equal(new long[] { 6, 2, 3, 3 }, grouped.weight.shape);
        using var avg = nn.AvgPool2d(2);
        Assert.Equal(2.5f, avg.forward(arange(1f, 5f).reshape(1, 1, 2, 2)).item<float>());
    }
}
