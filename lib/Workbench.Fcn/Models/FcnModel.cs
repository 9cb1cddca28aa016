using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// A fully convolutional net: a trunk and a head of score layers, upsampling and crops. The
/// trunk's layers are registered on the net itself, so parameter keys are the reference's flat
/// names (conv1_1.weight, …, fc7.weight, score_fr.weight, upscore2.weight), the keys of
/// pytorch-fcn's .pth files.
/// </summary>
public abstract class FcnModel : NamedModule<Tensor, Tensor>, IFlowModule
{
    protected FcnModel(string name, Backbone trunk, long numClasses, Upsampling upsampling) : base(name)
    {
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "need at least one class");
        Trunk = trunk;
        NumClasses = numClasses;
        Upsampling = upsampling;
    }

    public Backbone Trunk { get; }
    public long NumClasses { get; }
    public Upsampling Upsampling { get; }

    /// <summary>The crop offsets, by crop name (score_pool4c, score_pool3c, score), derived from the geometry.</summary>
    public IReadOnlyDictionary<string, long> CropOffsets { get; private set; } = new Dictionary<string, long>();

    /// <summary>The whole forward pass, written once for tensors and for geometry.</summary>
    public abstract T Forward<T>(Flow<T> f, T data);

    public override Tensor forward(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"{GetName()} takes a batch [N, C, H, W], got [{string.Join(", ", input.shape)}]");
        var flow = new TensorFlow(input, CropOffsets);
        return flow.Finish(Forward(flow, input));
    }

    /// <summary>A 1×1 score layer starting at zero, for this net's classes or one head's (<paramref name="classes"/>).</summary>
    protected Conv2d ScoreLayer(long inChannels, long? classes = null)
    {
        var score = nn.Conv2d(inChannels, classes ?? NumClasses, 1);
        using (no_grad())
        {
            score.weight.zero_();
            score.bias!.zero_();
        }
        return score;
    }

    protected ConvTranspose2d UpsamplingLayer(long factor, bool final, long? classes = null)
    {
        long c = classes ?? NumClasses;
        var deconv = nn.ConvTranspose2d(c, c, Trunk.UpsamplingKernel(factor), stride: factor,
            padding: final ? 0 : Trunk.InnerUpsamplingPadding, bias: false);
        BilinearKernel.Initialize(deconv);
        deconv.weight.requires_grad = Upsampling == Upsampling.LearnAll || (Upsampling == Upsampling.LearnInner && !final);
        return deconv;
    }

    /// <summary>
    /// Registers the trunk's layers, then the head's fields, under their names, and derives the
    /// crop offsets; every head's constructor ends with it.
    /// </summary>
    protected void Build()
    {
        foreach (var (name, child) in Trunk.named_children()) register_module(name, child);
        RegisterComponents();
        CropOffsets = Graph.CropOffsets.Derive(this);
    }
}
