using System.Globalization;

namespace Workbench.Notebooks.Analysis;

/// <summary>
/// One measure of one net over the seeds a notebook ran: its mean and its spread, the range from the
/// lowest seed to the highest. A difference between two nets counts as shown only when it exceeds
/// that spread: <see cref="Compare"/> calls A above B when every seed of A scored above every seed of
/// B, refuted when every seed of B scored above every seed of A, and undecided when the two ranges
/// overlap or a single seed gives no spread at all.
/// </summary>
public sealed class SeedSpread
{
    readonly List<double> values = new();

    public SeedSpread() { }

    public SeedSpread(IEnumerable<double> values) => this.values.AddRange(values);

    public IReadOnlyList<double> Values => values;
    public int Count => values.Count;
    public double Mean => values.Count == 0 ? double.NaN : values.Average();
    public double Min => values.Count == 0 ? double.NaN : values.Min();
    public double Max => values.Count == 0 ? double.NaN : values.Max();

    public SeedSpread Add(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"a seed's value must be finite, got {value}", nameof(value));
        values.Add(value);
        return this;
    }

    /// <summary>
    /// true: <paramref name="a"/> is above <paramref name="b"/> beyond the spread; false: below it beyond the
    /// spread; null: the ranges overlap, or there are fewer than two seeds, so the spread is unknown.
    /// </summary>
    public static bool? Compare(SeedSpread a, SeedSpread b)
    {
        if (a.Count < 2 || b.Count < 2) return null;
        if (a.Min > b.Max) return true;
        if (b.Min > a.Max) return false;
        return null;
    }

    /// <summary>"29.9 (25.4–31.2, 3 seeds)", or the one value where one seed ran.</summary>
    public string ToString(string format) => Count switch
    {
        0 => "no seed",
        1 => values[0].ToString(format, CultureInfo.InvariantCulture) + " (1 seed)",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}, {Count} seeds)"),
    };

    public override string ToString() => ToString("0.0");
}
