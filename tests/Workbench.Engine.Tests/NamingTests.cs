using TorchSharp;
using TorchSharp.Modules;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

// Parameter names must be the reference's (conv1_1.weight, score_pool4.weight), the keys of
// pytorch-fcn's .pth files, however the modules nest.
public class NamingTests
{
    sealed class Trunk : NamedModule<Tensor, Tensor>
    {
        public readonly Conv2d conv1_1;
        public readonly ReLU relu1_1;
        public readonly MaxPool2d pool1;
        public Tensor Cached = zeros(1);   // a plain tensor field is not a buffer

        public Trunk(long channels = 4) : base(nameof(Trunk))
        {
            conv1_1 = nn.Conv2d(3, channels, 3, padding: 1);
            relu1_1 = nn.ReLU(inplace: true);
            pool1 = nn.MaxPool2d(2, stride: 2, ceil_mode: true);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => pool1.forward(relu1_1.forward(conv1_1.forward(x)));
    }

    sealed class Head : NamedModule<Tensor, Tensor>
    {
        readonly Conv2d score_fr;
        readonly ConvTranspose2d upscore;

        public Head(Trunk trunk) : base(nameof(Head))
        {
            Body = trunk;   // a property: its compiler-generated backing field is no component
            foreach (var (name, child) in trunk.named_children()) register_module(name, child);
            score_fr = nn.Conv2d(4, 2, 1);
            upscore = nn.ConvTranspose2d(2, 2, 4, stride: 2, bias: false);
            RegisterComponents();
        }

        public Trunk Body { get; }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return upscore.forward(score_fr.forward(Body.forward(x))).MoveToOuterDisposeScope();
        }
    }

    sealed class Fusion : NamedModule<Tensor, Tensor>
    {
        readonly Head color;
        readonly Head other;

        public Fusion() : base(nameof(Fusion))
        {
            color = new Head(new Trunk());
            other = new Head(new Trunk());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => color.forward(x) + other.forward(x);
    }

    [Fact]
    public void KeysAreTheFieldNamesInDeclarationOrder()
    {
        using var head = new Head(new Trunk());
        Assert.Equal(new[] { "conv1_1.weight", "conv1_1.bias", "score_fr.weight", "score_fr.bias", "upscore.weight" },
            head.state_dict().Keys);
        // Unlike PyTorch's, TorchSharp's named_modules leaves out the root ("").
        Assert.Equal(new[] { "conv1_1", "relu1_1", "pool1", "score_fr", "upscore" }, head.named_modules().Select(m => m.name));
    }

    [Fact]
    public void NestedNetsKeepTheirPrefixesAndNoBackingFields()
    {
        // TorchSharp's own RegisterComponents gave keys like color.<Body>k__BackingField.conv1_1.weight here.
        using var fused = new Fusion();
        var keys = fused.state_dict().Keys.ToList();
        Assert.Equal(10, keys.Count);
        Assert.Equal("color.conv1_1.weight", keys[0]);
        Assert.Equal("other.upscore.weight", keys[^1]);
        Assert.DoesNotContain(keys, k => k.Contains('<') || k.Contains("Body") || k.Contains("Cached"));
    }

    [Fact]
    public void CheckedLoadNamesMissingUnexpectedAndMisShapedKeys()
    {
        using var scope = NewDisposeScope();
        using var net = new Head(new Trunk());
        var source = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        source.Remove("score_fr.bias");
        source["fc8.weight"] = zeros(3);
        // Broadcastable into [4, 3, 3, 3]: TorchSharp's load_state_dict would copy it silently.
        source["conv1_1.weight"] = zeros(1, 3, 3, 3);
        var e = Assert.Throws<StateDictException>(() => net.load_checked(source));
        Assert.Equal(new[] { "score_fr.bias" }, e.Missing);
        Assert.Equal(new[] { "fc8.weight" }, e.Unexpected);
        Assert.Equal(new[] { "conv1_1.weight: expected [4, 3, 3, 3], got [1, 3, 3, 3]" }, e.Mismatched);
        Assert.Contains("missing keys: score_fr.bias", e.Message);

        // Not strict: missing and unexpected keys are reported, shapes still must match.
        source["conv1_1.weight"] = ones(4, 3, 3, 3);
        var (missing, unexpected) = net.load_checked(source, strict: false);
        Assert.Equal(new[] { "score_fr.bias" }, missing);
        Assert.Equal(new[] { "fc8.weight" }, unexpected);
        Assert.Equal(108f, net.state_dict()["conv1_1.weight"].sum().item<float>());
    }

    [Fact]
    public void CheckedLoadCopiesIntoAFreshModule()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var a = new Head(new Trunk());
        using var b = new Head(new Trunk());
        var x = randn(1, 3, 9, 9);
        Assert.False(a.forward(x).allclose(b.forward(x)));
        b.load_checked(a.state_dict());
        Assert.True(a.forward(x).allclose(b.forward(x), 0, 0));
        using (no_grad()) a.state_dict()["conv1_1.weight"].add_(1);
        Assert.False(a.forward(x).allclose(b.forward(x)));
    }

    [Fact]
    public void MovingToADtypeReplacesTheParameterObjects()
    {
        // Why optimizers are built after module.to(…): their parameter lists would point at the old objects.
        using var net = new Trunk();
        var before = net.parameters().ToList();
        net.to(ScalarType.Float64);
        var after = net.parameters().ToList();
        Assert.All(after, p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(after.Zip(before), pair => Assert.NotSame(pair.First, pair.Second));
    }

    [Fact]
    public void GetNameIsAMethod()
    {
        using var net = new Trunk();
        Assert.Equal("Trunk", net.GetName());
    }
}
