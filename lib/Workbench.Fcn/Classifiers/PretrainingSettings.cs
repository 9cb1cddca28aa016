using System.Globalization;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// Everything a pretrained classifier depends on. Two runs with equal settings give the same
/// weights, so the settings name the cache file (<see cref="CacheName"/>); <see cref="Recipe"/>
/// is bumped whenever the training procedure changes, so an old file is never taken for a new one.
/// </summary>
/// <param name="SceneSide">0: each image is a Fashion-MNIST item filling the classifier's frame; a scene side
/// (32 to 4096 pixels): each is a <see cref="Workbench.Vision.Datasets.Synthetic.FashionWindows"/> window, the item
/// in context at the size items have in Fashion scenes of that side.</param>
public sealed record PretrainingSettings(string Backbone, double Width, int Images, int Epochs, long Seed, int SceneSide = 0)
{
    /// <summary>The version of the recipe in <see cref="Pretraining"/> (optimizer, schedule, batch, input).</summary>
    public const int Recipe = 1;

    public const double MinWidth = 1.0 / 64, MaxWidth = 1.0;
    public const int MaxImages = 60_000, MaxEpochs = 100;

    /// <summary>Seconds per backbone, so CI runs the whole path (train, evaluate, cache, transfer): width 1/32, 64 images, one epoch.</summary>
    public static PretrainingSettings Smoke(string backbone, long seed = 0) => new(backbone, 1.0 / 32, 64, 1, seed);

    /// <summary>
    /// The CPU miniature (docs/pretraining.md, measured there): width 1/8, the notebooks' small
    /// width, and 3,000 images — 6–15 minutes per backbone on the shared two cores, 66–78% test
    /// accuracy; the budget the notebooks' presets can afford decides whether to raise them.
    /// </summary>
    public static PretrainingSettings Small(string backbone, long seed = 0) => backbone switch
    {
        "vgg16" => new(backbone, 1.0 / 8, 3000, 1, seed),
        "alexnet" => new(backbone, 1.0 / 8, 3000, 2, seed),
        "googlenet" => new(backbone, 1.0 / 8, 3000, 2, seed),
        _ => new PretrainingSettings(backbone, 1.0 / 8, 3000, 1, seed).Validate(),
    };

    /// <summary>Throws, naming the option and its range (one line, as the CLI prints it), when a setting is outside what training accepts.</summary>
    public PretrainingSettings Validate()
    {
        if (!Classifier.Backbones.Contains(Backbone))
            throw new ArgumentException($"--backbone must be one of {string.Join(", ", Classifier.Backbones)}, not '{Backbone}'");
        if (!(Width >= MinWidth && Width <= MaxWidth))
            throw new ArgumentException($"--width must be between 1/64 ({MinWidth.ToString(CultureInfo.InvariantCulture)}) and 1, got {Width.ToString(CultureInfo.InvariantCulture)}");
        if (Images < 1 || Images > MaxImages)
            throw new ArgumentException($"--images must be between 1 and {MaxImages} (Fashion-MNIST's training split), got {Images}");
        if (Epochs < 1 || Epochs > MaxEpochs)
            throw new ArgumentException($"--epochs must be between 1 and {MaxEpochs}, got {Epochs}");
        if (SceneSide != 0 && (SceneSide < 32 || SceneSide > 4096))
            throw new ArgumentException($"--in-context must be 0 (items filling the frame) or a scene side of 32 to 4096 pixels, got {SceneSide}");
        return this;
    }

    /// <summary>The cache file's name: every setting and the recipe, e.g. vgg16-w0.125-n4000-e2-s0-r1.pth.</summary>
    public string CacheName =>
        $"{Backbone}-w{Width.ToString("R", CultureInfo.InvariantCulture)}-n{Images}-e{Epochs}-s{Seed}{(SceneSide > 0 ? $"-c{SceneSide}" : "")}-r{Recipe}.pth";

    public override string ToString() =>
        $"{Backbone}, width {Width.ToString("0.####", CultureInfo.InvariantCulture)}, {Images} images{(SceneSide > 0 ? $" in context (scenes of {SceneSide}²)" : "")}, {Epochs} epoch(s), seed {Seed}";
}
