namespace Workbench.Notebooks.Scales;

/// <summary>
/// Every training notebook's settings per scale, in one place so they can be read side by side.
/// Learning rates: at width 1/32 lr 1e-3 trains; at width 1/8 and above lr 1e-3 diverged within ten
/// updates on these unnormalized (0–255 minus mean) inputs (FCN-VGG16, measured), hence 1e-4 there.
/// At paper scale the rate (and the rest of the solver) is each net's <see cref="Solvers"/> entry, and
/// the updates are the reference's (solve.py), except 04's Fig. 5 run, which is the notebook's own.
/// </summary>
public static class Presets
{
    /// <summary>02: Table 1, the three backbones as FCN-32s.</summary>
    /// <remarks>
    /// Below paper scale the miniature (issue 11): each backbone's own cached classifier of Fashion items in context,
    /// fine-tuned on Fashion scenes as 03's FCN-32s is (FCN-AlexNet at its own rate,
    /// <see cref="Miniature.AlexNetRate"/>), over three seeds at small scale.
    /// </remarks>
    public static TrainingScale Backbones(Scale s) => s.Pick(
        new TrainingScale(s, 12, 4, 64, 64, 1.0 / 32, 25, 1e-2) { Miniature = new Miniature(64) },
        new TrainingScale(s, 200, 100, 192, 192, 1.0 / 8, 2000, 1e-2) { Miniature = new Miniature(192) { AlexNetRate = 3e-3 }, Seeds = 3 },
        new TrainingScale(s, 0, 0, 500, 500, 1.0, 100_000, 1e-4));

    /// <summary>03: Table 2, FCN-32s → 16s → 8s; <see cref="TrainingScale.Updates"/> is per stage.</summary>
    /// <remarks>
    /// Below paper scale the miniature (issue 11): Fashion scenes, the nets fine-tuned from a cached classifier
    /// at a poly rate from 1e-2 (2e-2 diverged within 110 updates), FCN-32s for <see cref="TrainingScale.Updates"/> and each skip stage for
    /// <see cref="Miniature.SkipStageUpdates"/>, over three seeds at small scale (issue 11's minimum; 22 minutes on the
    /// idle 2-core AMD EPYC of the last measurement, 1,156–1,327 s; two seeds 878 s: docs/notebooks.md).</remarks>
    public static TrainingScale Skips(Scale s) => s.Pick(
        new TrainingScale(s, 12, 4, 64, 64, 1.0 / 32, 25, 1e-2) { Miniature = new Miniature(64) },
        new TrainingScale(s, 200, 100, 192, 192, 1.0 / 8, 2500, 1e-2) { Miniature = new Miniature(192) { SkipStageUpdates = 1500 }, Seeds = 3 },
        new TrainingScale(s, 0, 0, 500, 500, 1.0, 100_000, 1e-4));

    /// <summary>04: Fig. 5 on the miniature (as 03's FCN-32s); images of at least 96 pixels, so each holds several 32×32 cells.</summary>
    public static TrainingScale LossSampling(Scale s) => s.Pick(
        new TrainingScale(s, 12, 4, 96, 96, 1.0 / 32, 10, 1e-2) { Miniature = new Miniature(96) },
        new TrainingScale(s, 200, 100, 192, 192, 1.0 / 8, 2500, 1e-2) { Miniature = new Miniature(192) },
        new TrainingScale(s, 0, 0, 500, 500, 1.0, 10_000, 1e-4));

    /// <summary>05: Table 4; below paper scale the miniature's Fashion scenes with depth (<c>FashionRooms</c>), square as the classifier's context.</summary>
    /// <remarks>
    /// Small scale: five nets, the two late-fusion ones of two streams each, within the half hour. Three seeds of 800
    /// updates per single-input net (400 per late-fusion stage) took 371 s of training per seed, and one of the third
    /// seed's RGB nets still predicted only background: too few updates to learn. So two seeds (the fewest that give a
    /// spread) of 1,500 updates (750 per late-fusion stage): about 700 s of training per seed at 0.09 s per 192² update
    /// of a width-1/8 stream on this machine (docs/pretraining.md, "Notebook 05 on the miniature").</remarks>
    public static TrainingScale Nyud(Scale s) => s.Pick(
        new TrainingScale(s, 10, 4, 64, 64, 1.0 / 32, 12, 1e-2) { Miniature = new Miniature(64) },
        new TrainingScale(s, 200, 100, 192, 192, 1.0 / 8, 1500, 1e-2) { Miniature = new Miniature(192) { SkipStageUpdates = 750 }, Seeds = 2 },
        new TrainingScale(s, 0, 0, 480, 640, 1.0, 100_000, 1e-4));

    /// <summary>06: Table 5, SIFT Flow's 256×256 images; below paper scale the miniature's Fashion scenes with their kinds as the second task.</summary>
    public static TrainingScale SiftFlow(Scale s) => s.Pick(
        new TrainingScale(s, 12, 4, 64, 64, 1.0 / 32, 24, 1e-2) { Miniature = new Miniature(64) },
        new TrainingScale(s, 200, 100, 192, 192, 1.0 / 8, 1500, 1e-2) { Miniature = new Miniature(192), Seeds = 3 },
        new TrainingScale(s, 0, 0, 256, 256, 1.0, 100_000, 1e-4));
}
