using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Weights;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// The classifier an FCN is adapted from (§3.1), at CPU scale: a trunk — the very layers an FCN
/// uses, conv1_1 … fc7 (GoogLeNet: conv1 … inception_5b and its 7×7 average pool) — and a
/// 10-way fc8 on top, with the ILSVRC classifier's own conv1 padding (VGG16 1, CaffeNet 0,
/// GoogLeNet 3; the FCN's 100 is added at convolutionalization, as the reference does) and its
/// input size (<see cref="InputSize"/>: 224, 227, 224). There the trunk's top is a single cell:
/// fc6's kernel covers all of pool5 (VGG16 7×7, AlexNet 6×6), so fc6 and fc7 compute exactly the
/// fully connected layers of a classifier (GoogLeNet's average pool covers all of inception_5b).
/// The parameter keys are the trunk's flat names plus fc8, so the weights load into an FCN by
/// name (<see cref="Fcn.Weights.Surgery.FromClassifier(Models.FcnModel, string)"/>).
/// </summary>
public sealed class Classifier : NamedModule<Tensor, Tensor>
{
    readonly Linear fc8;

    public Classifier(string backbone, double width, long numClasses = 10, long inChannels = 3) : base(nameof(Classifier))
    {
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "a classifier needs at least two classes");
        Backbone = backbone;
        // GoogLeNet keeps bvlc_googlenet's 7×7 average pool (no parameters), which the FCN discards (§4.1).
        Trunk = backbone switch
        {
            "vgg16" => new Vgg16(width, inChannels, conv1Padding: 1),
            "alexnet" => new AlexNet(width, inChannels, conv1Padding: 0),
            "googlenet" => new GoogLeNet(width, inChannels, averagePool: true, conv1Padding: 3),
            _ => throw new ArgumentException($"unknown backbone '{backbone}'; known: {string.Join(", ", Backbones)}", nameof(backbone)),
        };
        NumClasses = numClasses;
        InputSize = ClassifierInput.Size(backbone, Trunk);
        Pitch = ClassifierInput.Stride(Trunk);
        fc8 = nn.Linear(Trunk.TopChannels, numClasses);
        // The trunk's layers are registered on the classifier itself, as FcnModel does, so the
        // keys are conv1_1.weight … fc7.bias and fc8.weight — the names of a Caffe classifier.
        foreach (var (name, child) in Trunk.named_children()) register_module(name, child);
        RegisterComponents();
    }

    public static readonly IReadOnlyList<string> Backbones = new[] { "vgg16", "alexnet", "googlenet" };

    public string Backbone { get; }
    public Backbone Trunk { get; }
    public long NumClasses { get; }

    /// <summary>The side of the square input, the ILSVRC classifier's: the trunk's top is exactly one cell there.</summary>
    public long InputSize { get; }

    /// <summary>How far apart (in input pixels) neighbouring windows of the trunk's top are: its total stride, 32.</summary>
    public long Pitch { get; }

    /// <summary>
    /// Class scores for every window at once (§3.1's dense pass): [N, classes, h, w] for an input
    /// [N, C, InputSize + Pitch·(h − 1), …]; fc8's inner product applied at every cell is a 1×1
    /// convolution. Cell (0, 0) of a one-window input is <see cref="forward"/>'s output.
    /// </summary>
    public Tensor DenseScores(Tensor input)
    {
        using var scope = NewDisposeScope();
        var top = Trunk.forward(input);
        return nn.functional.linear(top.permute(0, 2, 3, 1), fc8.weight, fc8.bias).permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>Class scores [N, classes] of a batch [N, C, InputSize, InputSize].</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.ndim != 4 || input.shape[2] != InputSize || input.shape[3] != InputSize)
            throw new ArgumentException($"the {Backbone} classifier takes [N, C, {InputSize}, {InputSize}] (its fc6 sees exactly its kernel there), " +
                                        $"got [{string.Join(", ", input.shape)}]");
        using var scope = NewDisposeScope();
        var top = Trunk.forward(input);
        return fc8.forward(top.flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>He-normal convolutions and fc8 with zero biases (no ImageNet weights on these machines).</summary>
    public void Initialize(double inputScale)
    {
        using var noGrad = no_grad();
        bool first = true;
        foreach (var m in Trunk.modules())
        {
            if (m is not Conv2d c) continue;
            nn.init.kaiming_normal_(c.weight);
            // The inputs are 0–255 minus the mean (the FCN's preprocessing, kept so the weights
            // transfer as they are); dividing the first filters by the inputs' spread starts every
            // layer at unit scale, as He's derivation assumes unit-variance inputs.
            if (first) c.weight.div_(inputScale);
            first = false;
            if (c.bias is not null) nn.init.zeros_(c.bias);
        }
        nn.init.normal_(fc8.weight, 0, 0.01);
        nn.init.zeros_(fc8.bias!);
    }

    /// <summary>Reads weights <see cref="SaveAsClassifier"/> wrote (fc6 and fc7 as matrices), every key checked against this classifier's.</summary>
    public void LoadClassifier(string path)
    {
        var state = WeightsFile.Load(path);
        try
        {
            var own = state_dict();
            var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unknown = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
                throw new InvalidDataException($"{path}: not a {Backbone} classifier of this width (missing: {string.Join(", ", missing.Take(5))}; unknown: {string.Join(", ", unknown.Take(5))})");
            using var noGrad = no_grad();
            foreach (var (key, value) in own)
            {
                var stored = state[key];
                if (stored.numel() != value.numel())
                    throw new InvalidDataException($"{path}: {key} has {stored.numel()} values, this {Backbone} classifier's has {value.numel()} ([{string.Join(", ", value.shape)}])");
                value.copy_(stored.reshape(value.shape));
            }
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Writes the weights in the form a classifier's take (Caffe's InnerProduct, torchvision's
    /// Linear): fc6 and fc7 as 2-D [outputs, inputs] matrices, so that convolutionalizing them
    /// (<see cref="Fcn.Weights.Surgery.FromClassifier(Models.FcnModel, string)"/>) is the same step as for real ILSVRC weights.
    /// A PyTorch .pth (zip) file, written through AtomicFile.
    /// </summary>
    public void SaveAsClassifier(string path)
    {
        var state = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (key, value) in state_dict())
                state[key] = key is "fc6.weight" or "fc7.weight" ? value.detach().cpu().reshape(value.shape[0], -1) : value.detach().cpu();
            WeightsFile.Write(state, path);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }
}
