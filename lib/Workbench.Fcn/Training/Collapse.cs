using Workbench.Fcn.Metrics;

namespace Workbench.Fcn.Training;

/// <summary>
/// A trained net whose predictions collapsed — every pixel one class, or two — has learned the class
/// prior, not to segment: its numbers compare nothing, so a run that means to compare nets stops
/// there and says so, rather than reporting them (issue 11: a degenerate result is a bug).
/// </summary>
public static class Collapse
{
    /// <summary>Fewest classes a net must predict over the scored images to count as segmenting.</summary>
    public const int MinimumClasses = 3;

    /// <summary>Throws, naming the net and what it predicted, when <paramref name="scored"/> holds fewer than <see cref="MinimumClasses"/> predicted classes.</summary>
    public static void ThrowIfCollapsed(string net, ConfusionMatrix scored, string advice = "train longer or at a higher learning rate")
    {
        int predicted = scored.PredictedClasses;
        if (predicted >= Math.Min(MinimumClasses, scored.NumClasses)) return;
        var m = scored.Metrics();
        throw new InvalidOperationException(
            $"{net} collapsed: it predicts {predicted} of {scored.NumClasses} classes over {scored.Total:#,0} scored pixels " +
            $"(mean IU {100 * m.MeanIU:0.#}, pixel accuracy {100 * m.PixelAccuracy:0.#}); its numbers would compare nothing — {advice}");
    }
}
