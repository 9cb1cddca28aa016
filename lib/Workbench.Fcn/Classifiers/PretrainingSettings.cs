using System.Globalization;

namespace Workbench.Fcn.Classifiers;

/// <summary>
/// Everything a pretrained classifier depends on. Two runs with equal settings give the same
/// weights, so the settings name the cache file (<see cref="CacheName"/>); <see cref="Recipe"/>
/// is bumped whenever the training procedure changes, so an old file is never taken for a new one.
/// </summary>
public sealed record PretrainingSettings(string Backbone, double Width, int Images, int Epochs, long Seed)
{
    /// <summary>The version of the recipe in <see cref="Pretraining"/> (optimizer, schedule, batch, input).</summary>
    public const int Recipe = 1;

    public const double MinWidth = 1.0 / 64, MaxWidth = 1.0;
    public const int MaxImages = 60_000, MaxEpochs = 100;

    /// <summary>Throws, naming the option and its range, when a setting is outside what training accepts.</summary>
    public PretrainingSettings Validate()
    {
        if (!Classifier.Backbones.Contains(Backbone))
            throw new ArgumentException($"--backbone must be one of {string.Join(", ", Classifier.Backbones)}, not '{Backbone}'");
        if (!(Width >= MinWidth && Width <= MaxWidth))
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"--width must be between 1/64 ({MinWidth}) and 1, got {Width.ToString(CultureInfo.InvariantCulture)}");
        if (Images < 1 || Images > MaxImages)
            throw new ArgumentOutOfRangeException(nameof(Images), Images, $"--images must be between 1 and {MaxImages} (Fashion-MNIST's training split), got {Images}");
        if (Epochs < 1 || Epochs > MaxEpochs)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"--epochs must be between 1 and {MaxEpochs}, got {Epochs}");
        return this;
    }

    /// <summary>The cache file's name: every setting and the recipe, e.g. vgg16-w0.125-n4000-e2-s0-r1.pth.</summary>
    public string CacheName =>
        $"{Backbone}-w{Width.ToString("R", CultureInfo.InvariantCulture)}-n{Images}-e{Epochs}-s{Seed}-r{Recipe}.pth";

    public override string ToString() =>
        $"{Backbone}, width {Width.ToString("0.####", CultureInfo.InvariantCulture)}, {Images} images, {Epochs} epoch(s), seed {Seed}";
}
