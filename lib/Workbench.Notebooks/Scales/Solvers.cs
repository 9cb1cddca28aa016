using System.Globalization;
using Workbench.Fcn.Losses;
using Workbench.Fcn.Training;

namespace Workbench.Notebooks.Scales;

/// <summary>
/// One net's SGD settings: a learning rate (fixed, as the paper's and the reference's, or Caffe's
/// poly decay where <see cref="PolyPower"/> is set), momentum, weight decay, images per update
/// (Caffe's iter_size), the loss normalization and the number of updates, with where they come from.
/// Per-parameter multipliers are the reference's everywhere (weights lr ×1 decay ×1, biases lr ×2
/// decay ×0, fixed bilinear upsampling out of the solver: <see cref="ParameterGroups.Reference"/>).
/// </summary>
public sealed record Solver(string Name, string Source, double LearningRate, double Momentum, double WeightDecay,
                            int IterSize, LossNormalization Normalization, long Iterations)
{
    /// <summary>0: the rate is fixed. Otherwise Caffe's poly: lr · (1 − update/updates)^power (the miniature's, <see cref="Miniature"/>).</summary>
    public double PolyPower { get; init; }

    public TrainerOptions Options(long seed, TorchSharp.torch.Device? device = null) => new()
    {
        LearningRate = PolyPower > 0 ? new LearningRate.Poly(LearningRate, PolyPower) : new LearningRate.Fixed(LearningRate),
        Momentum = Momentum, WeightDecay = WeightDecay,
        IterSize = IterSize, Normalization = Normalization, MaxIterations = Iterations, Seed = seed, Device = device,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"solver {Name} ({Source}): lr {LearningRate:0.###e+0} {(PolyPower > 0 ? $"poly (power {PolyPower}, to zero at the last update)" : "fixed")}, momentum {Momentum}, weight decay {WeightDecay:0.####}, " +
        $"{IterSize} image{(IterSize == 1 ? "" : "s")} per update, loss {(Normalization == LossNormalization.Sum ? "summed over pixels" : "averaged over pixels")}, " +
        $"{Iterations:#,0} updates");
}

/// <summary>
/// The solvers of paper scale, per net, in one table (issue 12, item 1). <c>reference</c> (the
/// default) is fcn.berkeleyvision.org's solver.prototxt and solve.py for that net; <c>paper</c> is
/// §4.3's "Optimization" paragraph. Below paper scale the notebooks keep their own recipe
/// (<see cref="Presets"/>: one image per update, momentum 0.9, the loss averaged over pixels), so
/// smoke and small runs train as they did. Nets are named by the reference's directories.
/// </summary>
public static class Solvers
{
    public static readonly IReadOnlyList<string> Names = new[] { "reference", "paper" };

    // The reference's nets: (backbone for §4.3's rates, skip stage 0/1/2 for 32s/16s/8s, the reference's solver or null).
    // Every reference number below is from that directory's solver.prototxt (base_lr, momentum, iter_size,
    // weight_decay) and net.py (SoftmaxWithLoss normalize); updates are solve.py's loop (steps × solver.step(n)),
    // which ends before max_iter where the two differ. Commit 1305c73 of shelhamer/fcn.berkeleyvision.org.
    static readonly Dictionary<string, (string Backbone, int Stage, Solver? Reference)> Nets = new()
    {
        // voc-fcn32s: base_lr 1e-10, momentum 0.99, iter_size 1, weight_decay 5e-4, normalize False; 25 × step(4000).
        ["voc-fcn32s"] = ("vgg16", 0, Ref("voc-fcn32s", 1e-10, 0.99, 1, LossNormalization.Sum, 100_000)),
        // voc-fcn16s: base_lr 1e-12 (from voc-fcn32s), otherwise as voc-fcn32s; 25 × step(4000).
        ["voc-fcn16s"] = ("vgg16", 1, Ref("voc-fcn16s", 1e-12, 0.99, 1, LossNormalization.Sum, 100_000)),
        // voc-fcn8s: base_lr 1e-14 (from voc-fcn16s); 25 × step(4000).
        ["voc-fcn8s"] = ("vgg16", 2, Ref("voc-fcn8s", 1e-14, 0.99, 1, LossNormalization.Sum, 100_000)),
        // voc-fcn8s-atonce: base_lr 1e-10 straight from VGG16 (skips scaled in net.py); 75 × step(4000).
        ["voc-fcn8s-atonce"] = ("vgg16", 0, Ref("voc-fcn8s-atonce", 1e-10, 0.99, 1, LossNormalization.Sum, 300_000)),
        // voc-fcn-alexnet: base_lr 1e-4, momentum 0.9, iter_size 20, normalize True; 25 × step(4000).
        ["voc-fcn-alexnet"] = ("alexnet", 0, Ref("voc-fcn-alexnet", 1e-4, 0.9, 20, LossNormalization.Mean, 100_000)),
        // FCN-GoogLeNet: the reference has none (README: "coming soon"), so its reference is §4.3's solver.
        ["voc-fcn-googlenet"] = ("googlenet", 0, null),
        // nyud-fcn32s-color, -color-d, -hha: base_lr 1e-10, momentum 0.99, normalize False; 50 × step(2000).
        ["nyud-fcn32s-color"] = ("vgg16", 0, Ref("nyud-fcn32s-color", 1e-10, 0.99, 1, LossNormalization.Sum, 100_000)),
        ["nyud-fcn32s-color-d"] = ("vgg16", 0, Ref("nyud-fcn32s-color-d", 1e-10, 0.99, 1, LossNormalization.Sum, 100_000)),
        ["nyud-fcn32s-hha"] = ("vgg16", 0, Ref("nyud-fcn32s-hha", 1e-10, 0.99, 1, LossNormalization.Sum, 100_000)),
        // nyud-fcn32s-color-hha: base_lr 1e-12, from the separately trained color and HHA nets; 50 × step(2000).
        ["nyud-fcn32s-color-hha"] = ("vgg16", 0, Ref("nyud-fcn32s-color-hha", 1e-12, 0.99, 1, LossNormalization.Sum, 100_000)),
        // No nyud 16s in the reference: §4.2's rule (the rate ÷ 100 from the net it starts from, 1e-12) on its recipe.
        ["nyud-fcn16s-color-hha"] = ("vgg16", 1, Ref("nyud-fcn16s-color-hha", 1e-14, 0.99, 1, LossNormalization.Sum, 100_000,
            "no reference solver: nyud-fcn32s-color-hha's, lr ÷ 100 as §4.2")),
        // siftflow-fcn32s: base_lr 1e-10; 16s and 8s: 1e-12 (from the coarser net); normalize False; 50 × step(2000).
        ["siftflow-fcn32s"] = ("vgg16", 0, Ref("siftflow-fcn32s", 1e-10, 0.99, 1, LossNormalization.Sum, 100_000)),
        ["siftflow-fcn16s"] = ("vgg16", 1, Ref("siftflow-fcn16s", 1e-12, 0.99, 1, LossNormalization.Sum, 100_000)),
        ["siftflow-fcn8s"] = ("vgg16", 2, Ref("siftflow-fcn8s", 1e-12, 0.99, 1, LossNormalization.Sum, 100_000)),
        // pascalcontext-fcn32s/16s/8s: base_lr 1e-10 / 1e-12 / 1e-14, momentum 0.99, normalize False; 50 × step(8000).
        ["pascalcontext-fcn32s"] = ("vgg16", 0, Ref("pascalcontext-fcn32s", 1e-10, 0.99, 1, LossNormalization.Sum, 400_000)),
        ["pascalcontext-fcn16s"] = ("vgg16", 1, Ref("pascalcontext-fcn16s", 1e-12, 0.99, 1, LossNormalization.Sum, 400_000)),
        ["pascalcontext-fcn8s"] = ("vgg16", 2, Ref("pascalcontext-fcn8s", 1e-14, 0.99, 1, LossNormalization.Sum, 400_000)),
        // No at-once net for PASCAL-Context in the reference: voc-fcn8s-atonce's rate, for the three stages' updates.
        ["pascalcontext-fcn8s-atonce"] = ("vgg16", 0, Ref("pascalcontext-fcn8s-atonce", 1e-10, 0.99, 1, LossNormalization.Sum, 1_200_000,
            "no reference solver: voc-fcn8s-atonce's rate, 3 × pascalcontext-fcn32s's updates")),
    };

    // §4.3 "Optimization": "minibatch size of 20 images and fixed learning rates of 1e-3, 1e-4, and 5e-5 for FCN-AlexNet,
    // FCN-VGG16, and FCN-GoogLeNet", momentum 0.9, weight decay 5e-4 (the paper: "5e-4 or 2e-4"), biases' lr doubled.
    static readonly Dictionary<string, double> PaperRates = new() { ["alexnet"] = 1e-3, ["vgg16"] = 1e-4, ["googlenet"] = 5e-5 };

    /// <summary>The reference nets this table knows, by the reference's directory names.</summary>
    public static IEnumerable<string> Known => Nets.Keys;

    /// <summary>
    /// <paramref name="net"/>'s solver at scale paper: <paramref name="choice"/> <c>reference</c> or <c>paper</c>.
    /// §4.3's solver: its rate for the backbone, ÷ 100 per skip stage (§4.2: "the learning rate is decreased by a
    /// factor of 100"), 20 images per update, momentum 0.9, the loss averaged over pixels (the paper does not say;
    /// at its rates a summed loss over 20 whole images diverges, and the reference's FCN-AlexNet, trained at 1e-4 in
    /// batches of 20, normalizes), and the reference's number of updates (the paper gives none).
    /// </summary>
    public static Solver For(string choice, string net)
    {
        if (!Nets.TryGetValue(net, out var n))
            throw new ArgumentException($"no solver for net '{net}'; known: {string.Join(", ", Nets.Keys)}", nameof(net));
        var paper = new Solver("paper", "§4.3" + (n.Stage > 0 ? $", lr ÷ {Math.Pow(100, n.Stage):0} for skip stage {n.Stage} (§4.2)" : ""),
            PaperRates[n.Backbone] / Math.Pow(100, n.Stage), 0.9, 5e-4, 20, LossNormalization.Mean, n.Reference?.Iterations ?? 100_000);
        return choice switch
        {
            "reference" => n.Reference ?? paper with { Name = "reference", Source = "no reference solver for FCN-GoogLeNet: §4.3's" },
            "paper" => paper,
            _ => throw new ArgumentException($"-p solver must be {string.Join(" or ", Names)}, not '{choice}'", nameof(choice)),
        };
    }

    /// <summary>
    /// The solver a notebook trains <paramref name="net"/> with: below paper scale the notebook's own recipe
    /// (the preset's rate and updates, momentum 0.9, weight decay 5e-4, one image per update, the loss averaged);
    /// at paper scale <see cref="For"/>, with the dry run's iterations where they were given.
    /// </summary>
    public static Solver For(TrainingScale preset, string choice, string net)
    {
        if (!Names.Contains(choice))
            throw new ArgumentException($"-p solver must be {string.Join(" or ", Names)}, not '{choice}'", nameof(choice));
        if (!preset.Scale.IsPaper && preset.Miniature is { } mini)
        {
            int stage = Nets.TryGetValue(net, out var n) ? n.Stage : throw new ArgumentException($"no solver for net '{net}'; known: {string.Join(", ", Nets.Keys)}", nameof(net));
            bool alexnet = n.Backbone == "alexnet" && mini.AlexNetRate > 0;
            return new Solver(preset.Scale.Name + " scale", "the miniature of §3.1 (docs/pretraining.md)" + (alexnet ? ", FCN-AlexNet's own rate" : "") + (stage > 0 ? $", lr ÷ {Math.Pow(mini.StageDrop, stage):0} for skip stage {stage}" : ""),
                (alexnet ? mini.AlexNetRate : preset.LearningRate) / Math.Pow(mini.StageDrop, stage), 0.9, 5e-4, 1, LossNormalization.Mean,
                stage > 0 && mini.SkipStageUpdates > 0 && preset.DryRunIterations == 0 ? mini.SkipStageUpdates : preset.Updates) { PolyPower = mini.PolyPower };
        }
        if (!preset.Scale.IsPaper)
            return new Solver(preset.Scale.Name + " scale", "the notebook's own recipe below paper scale", preset.LearningRate, 0.9, 5e-4, 1, LossNormalization.Mean, preset.Updates);
        var s = For(choice, net);
        return preset.DryRunIterations > 0 ? s with { Iterations = preset.DryRunIterations } : s;
    }

    static Solver Ref(string dir, double lr, double momentum, int iterSize, LossNormalization normalization, long iterations, string? note = null) =>
        new("reference", note ?? $"fcn.berkeleyvision.org {dir}/solver.prototxt", lr, momentum, 5e-4, iterSize, normalization, iterations);
}
