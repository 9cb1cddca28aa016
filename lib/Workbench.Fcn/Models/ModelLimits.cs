using System.Globalization;

namespace Workbench.Fcn.Models;

/// <summary>
/// The sizes a model (and its confusion matrix) may be built at. The bounds are far above any
/// dataset of the paper (21, 33, 40 classes; width 1) and low enough that nothing built within them
/// overflows an index or asks for tens of gigabytes: a classes² confusion matrix of 1024 classes is
/// 8 MiB, one of 65536 would be 32 GiB.
/// </summary>
public static class ModelLimits
{
    public const int MaxClasses = 1024;
    public const double MaxWidth = 4;
    public const int MaxInChannels = 64;

    // ArgumentException, not ...OutOfRange: its message is the whole sentence, with no "(Parameter ...)" tail.
    public static void CheckClasses(long classes, string name = "class count")
    {
        if (classes < 1 || classes > MaxClasses)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} is {classes}; accepted: 1 to {MaxClasses} (the paper's datasets have 21 to 40)"));
    }

    public static void CheckWidth(double width, string name = "width multiplier")
    {
        if (!double.IsFinite(width) || width <= 0 || width > MaxWidth)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} is {width}; accepted: a number in (0, {MaxWidth}] (1 is the paper's net)"));
    }

    public static void CheckInChannels(long channels)
    {
        if (channels < 1 || channels > MaxInChannels)
            throw new ArgumentException($"input channels are {channels}; accepted: 1 to {MaxInChannels}");
    }
}
