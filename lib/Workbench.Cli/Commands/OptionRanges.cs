using System.Globalization;
using Workbench.Fcn.Models;

namespace Workbench.Cli.Commands;

/// <summary>
/// The ranges of the numeric options of train, eval and predict, checked before any file is read or
/// any tensor allocated: a value out of range names the option, the value and what is accepted.
/// </summary>
internal static class OptionRanges
{
    /// <summary>Synthetic image side: the paper's images are about 500 pixels; 4096 is a 16-megapixel image.</summary>
    public const int MaxImageSize = 4096;
    public const int MinImageSize = 8;
    public const int MaxSyntheticCount = 1_000_000;

    public static void Require(bool ok, string option, object value, string range)
    {
        if (!ok) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} {value} is out of range; accepted: {range}"));
    }

    public static void Classes(long classes, string option = "--classes") =>
        Require(classes is >= 1 and <= ModelLimits.MaxClasses, option, classes, $"1 to {ModelLimits.MaxClasses} (the paper's datasets have 21 to 40)");

    public static void Width(double width) =>
        Require(double.IsFinite(width) && width > 0 && width <= ModelLimits.MaxWidth, "--width", width,
            string.Create(CultureInfo.InvariantCulture, $"a number in (0, {ModelLimits.MaxWidth}] (1 is the paper's net)"));

    /// <summary>--size and --count matter only for the synthetic dataset, but are checked whatever the dataset.</summary>
    public static void Synthetic(int size, int count)
    {
        Require(size is >= MinImageSize and <= MaxImageSize, "--size", size, $"{MinImageSize} to {MaxImageSize} pixels");
        Require(count is >= 1 and <= MaxSyntheticCount, "--count", count, $"1 to {MaxSyntheticCount:N0} images");
    }

    /// <summary>"--leave-out 0,3": class indices, each in 0..classes−1.</summary>
    public static List<int> ClassList(string? text, int classes, string option = "--leave-out")
    {
        var result = new List<int>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c >= classes)
                throw new ArgumentException($"{option}: '{Workbench.Engine.Printable.Escape(item)}' is not a class; accepted: comma-separated indices 0 to {classes - 1}");
            result.Add(c);
        }
        return result;
    }
}
