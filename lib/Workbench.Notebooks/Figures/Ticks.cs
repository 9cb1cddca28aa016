using System.Globalization;

namespace Workbench.Notebooks.Figures;

/// <summary>Axis ticks at "nice" numbers (1, 2, 5 × 10^k), and at powers of ten on log axes.</summary>
public static class Ticks
{
    public static double[] Linear(double min, double max, int target = 6)
    {
        if (!(max > min)) return new[] { min };
        double step = NiceStep((max - min) / Math.Max(1, target - 1));
        double first = Math.Ceiling(min / step - 1e-9) * step;
        var ticks = new List<double>();
        for (double v = first; v <= max + step * 1e-9; v += step) ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return ticks.ToArray();
    }

    public static double NiceStep(double raw)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>The nice range that contains [min, max].</summary>
    public static (double Min, double Max) NiceRange(double min, double max, int target = 6)
    {
        if (!(max > min)) return (min - 0.5, max + 0.5);
        double step = NiceStep((max - min) / Math.Max(1, target - 1));
        return (Math.Floor(min / step + 1e-9) * step, Math.Ceiling(max / step - 1e-9) * step);
    }

    public static double[] Log(double min, double max)
    {
        int lo = (int) Math.Floor(Math.Log10(min) + 1e-9), hi = (int) Math.Ceiling(Math.Log10(max) - 1e-9);
        var ticks = Enumerable.Range(lo, hi - lo + 1).Select(k => Math.Pow(10, k)).Where(t => t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)).ToList();
        if (ticks.Count < 3)
        {
            // Less than a couple of decades: 1, 2 and 5 times the powers of ten.
            ticks = Enumerable.Range(lo - 1, hi - lo + 2).SelectMany(k => new[] { 1.0, 2, 5 }.Select(m => m * Math.Pow(10, k)))
                .Where(t => t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)).ToList();
        }
        int every = Math.Max(1, (int) Math.Ceiling(ticks.Count / 8.0));
        return ticks.Where((_, i) => i % every == 0).ToArray();
    }

    public static string Label(double v)
    {
        if (v == 0) return "0";
        double a = Math.Abs(v);
        return a >= 1e5 || a < 1e-3 ? v.ToString("0.##e0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
