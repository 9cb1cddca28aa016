using Workbench.Fcn.Backbones;
using Workbench.Fcn.Graph;
using Workbench.Torch;
using Workbench.Torch.Modules;
using static Workbench.Torch.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// The two-headed FCN-16s of §5 (SIFT Flow): one trunk, a semantic and a geometric score path
/// (score_fr_sem, score_pool4_sem, upscore2_sem, upscore16_sem and the same with _geo, as the
/// reference siftflow-fcn16s). Training sums the two losses.
/// </summary>
public sealed class TwoHeadedFcn16s : nn.Module<Tensor, (Tensor Semantic, Tensor Geometric)>
{
    readonly Conv2d score_fr_sem, score_pool4_sem, score_fr_geo, score_pool4_geo;
    readonly ConvTranspose2d upscore2_sem, upscore16_sem, upscore2_geo, upscore16_geo;

    public TwoHeadedFcn16s(Backbone trunk, long semanticClasses = 33, long geometricClasses = 3, Upsampling upsampling = Upsampling.Fixed)
        : base(nameof(TwoHeadedFcn16s))
    {
        Trunk = trunk;
        // Each head is an FCN-16s head; building them as such reuses its initialization and geometry.
        Semantic = new Fcn16s(trunk, semanticClasses, upsampling);
        Geometric = new Fcn16s(trunk, geometricClasses, upsampling);
        var s = Semantic.named_children().ToDictionary(c => c.name, c => c.module);
        var g = Geometric.named_children().ToDictionary(c => c.name, c => c.module);
        score_fr_sem = (Conv2d) s["score_fr"]; score_pool4_sem = (Conv2d) s["score_pool4"];
        upscore2_sem = (ConvTranspose2d) s["upscore2"]; upscore16_sem = (ConvTranspose2d) s["upscore16"];
        score_fr_geo = (Conv2d) g["score_fr"]; score_pool4_geo = (Conv2d) g["score_pool4"];
        upscore2_geo = (ConvTranspose2d) g["upscore2"]; upscore16_geo = (ConvTranspose2d) g["upscore16"];
        foreach (var (name, child) in trunk.named_children()) register_module(name, child);
        register_module(nameof(score_fr_sem), score_fr_sem);
        register_module(nameof(upscore2_sem), upscore2_sem);
        register_module(nameof(score_pool4_sem), score_pool4_sem);
        register_module(nameof(upscore16_sem), upscore16_sem);
        register_module(nameof(score_fr_geo), score_fr_geo);
        register_module(nameof(upscore2_geo), upscore2_geo);
        register_module(nameof(score_pool4_geo), score_pool4_geo);
        register_module(nameof(upscore16_geo), upscore16_geo);
    }

    public Backbone Trunk { get; }

    /// <summary>The semantic head as an FCN-16s sharing this net's trunk (for inference and metrics of one task).</summary>
    public Fcn16s Semantic { get; }

    /// <summary>The geometric head as an FCN-16s sharing this net's trunk.</summary>
    public Fcn16s Geometric { get; }

    public override (Tensor Semantic, Tensor Geometric) forward(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"{GetName} takes a batch [N, C, H, W], got [{string.Join(", ", input.shape)}]");
        var flow = new TensorFlow(input, Semantic.CropOffsets);
        var features = Trunk.Features(flow, input);
        flow.Keep(features.Stride16);
        flow.Keep(features.Top);
        var sem = Head(flow, features, input, score_fr_sem, upscore2_sem, score_pool4_sem, upscore16_sem);
        var geo = Head(flow, features, input, score_fr_geo, upscore2_geo, score_pool4_geo, upscore16_geo);
        flow.Finish(sem);
        return (sem, geo);
    }

    static Tensor Head(TensorFlow f, Features<Tensor> x, Tensor data, Conv2d score_fr, ConvTranspose2d upscore2, Conv2d score_pool4,
        ConvTranspose2d upscore16)
    {
        var h = f.Apply(score_fr, x.Top);
        h = f.Apply(upscore2, h);
        var up = f.Keep(h);
        h = f.Apply(score_pool4, x.Stride16);
        h = f.Crop("score_pool4c", h, up);
        h = f.Add(up, h);
        h = f.Apply(upscore16, h);
        return f.Crop("score", h, data);
    }
}
