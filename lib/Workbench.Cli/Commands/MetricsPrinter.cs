using System.Globalization;
using System.Text.Json;
using Workbench.Fcn.Metrics;

namespace Workbench.Cli.Commands;

/// <summary>The metrics of §5 as eval and train print them: a table, JSON, or one line per validation.</summary>
internal static class MetricsPrinter
{
    /// <param name="scored">the split scored, named first ("scored sbd val, 1,449 images"); null for label PNGs against ground truth.</param>
    internal static void Print(SegmentationMetrics m, IReadOnlyList<string>? classNames, bool json, DatasetArguments.Opened? scored = null)
    {
        string Name(int i) => classNames is not null && i < classNames.Count ? classNames[i] : i.ToString(CultureInfo.InvariantCulture);
        if (json)
        {
            static double? N(double v) => double.IsNaN(v) ? null : v;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                dataset = scored?.Set.Name, split = scored?.Split, images = scored?.Set.Count,
                pixels = m.Pixels, pixel_acc = N(m.PixelAccuracy), mean_acc = N(m.MeanAccuracy), mean_iu = N(m.MeanIU), fw_iu = N(m.FrequencyWeightedIU),
                class_iu = m.ClassIU.Select((v, i) => new { @class = Name(i), iu = N(v) }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var c = CultureInfo.InvariantCulture;
        if (scored is not null) Console.WriteLine($"scored           {scored.Describe()}");
        Console.WriteLine($"pixels counted   {m.Pixels.ToString("N0", c)}");
        Console.WriteLine($"pixel acc.       {P(m.PixelAccuracy)}");
        Console.WriteLine($"mean acc.        {P(m.MeanAccuracy)}");
        Console.WriteLine($"mean IU          {P(m.MeanIU)}");
        Console.WriteLine($"f.w. IU          {P(m.FrequencyWeightedIU)}");
        Console.WriteLine("per-class IU");
        for (int i = 0; i < m.ClassIU.Count; i++) Console.WriteLine($"  {Name(i),-16} {P(m.ClassIU[i])}");
    }

    /// <summary>"pixel acc. 81.2, mean acc. 40.1, mean IU 30.2, f.w. IU 70.1 (1,234,567 pixels)": a validation pass in one line.</summary>
    internal static string OneLine(SegmentationMetrics m) =>
        $"pixel acc. {P(m.PixelAccuracy).Trim()}, mean acc. {P(m.MeanAccuracy).Trim()}, mean IU {P(m.MeanIU).Trim()}, f.w. IU {P(m.FrequencyWeightedIU).Trim()} " +
        $"({m.Pixels.ToString("N0", CultureInfo.InvariantCulture)} pixels)";

    static string P(double v) => double.IsNaN(v) ? "  n/a" : (100 * v).ToString("F1", CultureInfo.InvariantCulture).PadLeft(5);
}
