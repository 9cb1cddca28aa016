using TorchSharp.Modules;
using Workbench.Fcn.Classifiers;
using Workbench.Fcn.Models;
using Workbench.Fcn.Training;
using Workbench.Fcn.Weights;
using Workbench.Weights;

namespace Workbench.Notebooks.Scales;

/// <summary>
/// The paper's method below paper scale (§3.1, issue 11): a backbone trained first as a classifier —
/// Fashion-MNIST items in context, standing in for ILSVRC's photos — then convolutionalized into the
/// FCN and fine-tuned on Fashion scenes of <see cref="SceneSide"/> pixels. Every choice here was
/// measured on this project's 2-core machine (docs/pretraining.md, each section named below):
/// <list type="bullet">
/// <item>the classifier trained on items in context at the scenes' scale ("Items in context");</item>
/// <item>its fc8 kept as score_fr's rows of the item classes, a departure from §4.1 that the notebooks
/// name ("Keeping the classifier's scores"): the classifier was trained on the scenes' own classes;</item>
/// <item>conv1's rate ×1e-4, because pretraining divided conv1's weights by the 0–255 inputs' spread
/// and SGD would otherwise take steps 10⁴ times too large there ("first measurements");</item>
/// <item>Caffe's poly rate in place of the fixed one, a second departure the notebooks name ("A
/// decaying rate"): the miniature must settle within thousands of updates, not 100,000;</item>
/// <item>each skip stage's rate ÷ <see cref="StageDrop"/> from the net it starts from: ÷ 10, where §4.2 and the reference
/// drop it ÷ 100. At this scale ÷ 100 leaves the stages where they start (FCN-8s 12.8 against FCN-32s's 12.3 after
/// 1,500-update stages), ÷ 10 gives 16.0 and 16.5 ("Staged nets", a third departure the notebooks name).</item>
/// </list>
/// </summary>
public sealed record Miniature(int SceneSide, double PolyPower = 0.9, double StageDrop = 10, double Conv1LrMult = 1e-4)
{
    /// <summary>
    /// FCN-AlexNet's starting rate where set (0: the preset's, as every other net's). Measured on seed 0 from the 54.1%
    /// classifier, 2,000 poly updates: 3e-3 reaches 11.4 mean IU (1.72× the background), 1e-2 7.4 (1.12×), 3e-2
    /// collapses to background (docs/pretraining.md, "Notebook 02 on the miniature"). The paper gives AlexNet 10× VGG16's
    /// rate; here it needs a third of it.
    /// </summary>
    public double AlexNetRate { get; init; }

    /// <summary>Updates of each skip stage (FCN-16s from FCN-32s, FCN-8s from FCN-16s); 0: as many as the first stage.</summary>
    public int SkipStageUpdates { get; init; }

    /// <summary>The scenes' class of Fashion-MNIST label 0 (background is class 0).</summary>
    public const int FirstItemClass = 1;

    /// <summary>
    /// The classifier a net of <paramref name="width"/> starts from: at smoke scale seconds of training
    /// (<see cref="PretrainingSettings.Smoke"/>), at small scale VGG16 of 3,000 windows × 3 epochs, the
    /// one every fine-tuning measurement used (57.9–59.0% on held-out windows: the same seed on other CPUs rounds
    /// otherwise, docs/pretraining.md "The cache"); AlexNet and GoogLeNet of 6,000 windows × 4 epochs, because at
    /// 3,000 × 3 they knew the items far less well (44.1% and 24.6%, against 54.1% and 44.8%: "Notebook 02 on the
    /// miniature"); all on items in context.
    /// </summary>
    public PretrainingSettings Classifier(Scale scale, string backbone, double width, long seed = 0)
    {
        var s = scale.Name == "smoke" ? PretrainingSettings.Smoke(backbone, seed)
            : backbone == "vgg16" ? PretrainingSettings.Small(backbone, seed) with { Epochs = 3 }
            : PretrainingSettings.Small(backbone, seed) with { Images = 6000, Epochs = 4 };
        return (s with { Width = width, SceneSide = SceneSide }).Validate();
    }

    /// <summary>
    /// The net's start: the classifier's trunk convolutionalized (fc6, fc7 as convolutions) and its fc8 as the item rows
    /// of <paramref name="scores"/> (a two-headed net's semantic head: score_fr_sem); null where the net's classes are
    /// not the items (the kinds of 06's second task): its score layer keeps the zero start, as §4.1's.
    /// </summary>
    public static void Start(FcnModel net, PretrainingResult classifier, string? scores = "score_fr")
    {
        Surgery.FromClassifier(net, classifier.WeightsPath);
        if (scores is null) return;
        var file = WeightsFile.Load(classifier.WeightsPath);
        try
        {
            Surgery.ClassifierScores(net, file, FirstItemClass, classifier.WeightsPath, scores);
        }
        finally
        {
            foreach (var t in file.Values) t.Dispose();
        }
    }

    /// <summary>The per-parameter rule: <paramref name="rule"/> (the reference's when null) with conv1's rate × <see cref="Conv1LrMult"/>.</summary>
    public Func<string, Parameter, Multipliers?> Rule(Func<string, Parameter, Multipliers?>? rule = null)
    {
        rule ??= ParameterGroups.Reference;
        return (name, p) => rule(name, p) is { } m && IsConv1(name) ? m with { LearningRate = m.LearningRate * Conv1LrMult } : rule(name, p);
    }

    // A late-fusion net's streams name their layers under a prefix ("color.conv1_1.weight").
    static bool IsConv1(string name) => name.StartsWith("conv1", StringComparison.Ordinal) || name.Contains(".conv1", StringComparison.Ordinal);

    /// <summary>
    /// The solver of a net that starts from nets already fine-tuned, as the reference's late fusion (nyud-fcn32s-color-hha
    /// from the trained colour and HHA nets, at their rate ÷ 100): <paramref name="solver"/>'s rate ÷ <see cref="StageDrop"/>
    /// and <see cref="SkipStageUpdates"/> updates (where set), as a skip stage's.
    /// </summary>
    public Solver FromTrained(Solver solver) => solver with
    {
        Source = solver.Source + string.Create(System.Globalization.CultureInfo.InvariantCulture, $", lr ÷ {StageDrop:0} more: it starts from trained nets"),
        LearningRate = solver.LearningRate / StageDrop,
        Iterations = SkipStageUpdates > 0 && solver.Iterations > SkipStageUpdates ? SkipStageUpdates : solver.Iterations,
    };

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"the miniature: a classifier of items in context at {SceneSide}², fc8 kept, rate poly (power {PolyPower}), ÷ {StageDrop} per skip stage, conv1 ×{Conv1LrMult}") +
        (SkipStageUpdates > 0 ? $", {SkipStageUpdates} updates per skip stage" : "");
}
