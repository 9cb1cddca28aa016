using System.Globalization;

namespace Workbench.Cli.Commands;

/// <summary>A duration as a person reads an estimate: "2 h 43 min", "5 min 10 s", "8.4 s".</summary>
internal static class Durations
{
    public static string Format(TimeSpan t)
    {
        var c = CultureInfo.InvariantCulture;
        if (t.TotalSeconds < 60) return t.TotalSeconds.ToString(t.TotalSeconds < 10 ? "0.0" : "0", c) + " s";
        if (t.TotalMinutes < 60) return $"{(int) t.TotalMinutes} min {t.Seconds} s";
        if (t.TotalHours < 48) return $"{(int) t.TotalHours} h {t.Minutes} min";
        return $"{t.TotalDays.ToString("0.0", c)} days";
    }
}
