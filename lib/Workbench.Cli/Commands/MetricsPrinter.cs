using System.Globalization;
using System.Text.Json;
using Workbench.Fcn.Metrics;

namespace Workbench.Cli.Commands;

internal static class MetricsPrinter
{
    internal static void Print(SegmentationMetrics m, IReadOnlyList<string>? classNames, bool json, long pixels)
    {
        string Name(int i) => classNames is not null && i < classNames.Count ? classNames[i] : i.ToString(CultureInfo.InvariantCulture);
        if (json)
        {
            static double? N(double v) => double.IsNaN(v) ? null : v;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                pixels, pixel_acc = N(m.PixelAccuracy), mean_acc = N(m.MeanAccuracy), mean_iu = N(m.MeanIU), fw_iu = N(m.FrequencyWeightedIU),
                class_iu = m.ClassIU.Select((v, i) => new { @class = Name(i), iu = N(v) }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var c = CultureInfo.InvariantCulture;
        string P(double v) => double.IsNaN(v) ? "  n/a" : (100 * v).ToString("F1", c).PadLeft(5);
        Console.WriteLine($"pixels counted   {pixels.ToString("N0", c)}");
        Console.WriteLine($"pixel acc.       {P(m.PixelAccuracy)}");
        Console.WriteLine($"mean acc.        {P(m.MeanAccuracy)}");
        Console.WriteLine($"mean IU          {P(m.MeanIU)}");
        Console.WriteLine($"f.w. IU          {P(m.FrequencyWeightedIU)}");
        Console.WriteLine("per-class IU");
        for (int i = 0; i < m.ClassIU.Count; i++) Console.WriteLine($"  {Name(i),-16} {P(m.ClassIU[i])}");
    }
}
