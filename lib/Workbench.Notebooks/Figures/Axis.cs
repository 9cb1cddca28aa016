namespace Workbench.Notebooks.Figures;

/// <summary>Maps data values to pixels along one axis, linearly or logarithmically.</summary>
internal sealed class Axis
{
    public Axis(double min, double max, double pixelStart, double pixelEnd, bool log)
    {
        if (log && !(min > 0)) throw new ArgumentException($"a log axis needs positive values, the smallest is {min}");
        Min = min;
        Max = max;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
        IsLog = log;
    }

    public double Min { get; }
    public double Max { get; }
    public double PixelStart { get; }
    public double PixelEnd { get; }
    public bool IsLog { get; }

    double T(double v) => IsLog ? Math.Log10(v) : v;

    public double this[double value]
    {
        get
        {
            double lo = T(Min), hi = T(Max);
            double f = hi > lo ? (T(value) - lo) / (hi - lo) : 0.5;
            return PixelStart + f * (PixelEnd - PixelStart);
        }
    }

    /// <summary>Tick positions chosen by the caller (e.g. the factors 4, 8, …, 128), or null for automatic ones.</summary>
    public double[]? Explicit { get; init; }

    public double[] Ticks() =>
        Explicit?.Where(t => t >= Min && t <= Max).ToArray() ?? (IsLog ? Figures.Ticks.Log(Min, Max) : Figures.Ticks.Linear(Min, Max));

    /// <summary>The axis for a set of values: a nice range on linear axes, whole decades on log ones.</summary>
    public static Axis For(IEnumerable<double> values, double pixelStart, double pixelEnd, bool log, double? min = null, double? max = null)
    {
        var finite = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToList();
        double lo = min ?? (finite.Count > 0 ? finite.Min() : log ? 1 : 0);
        double hi = max ?? (finite.Count > 0 ? finite.Max() : log ? 10 : 1);
        if (log)
        {
            // Whole decades when the data spans several; otherwise a little room either side.
            double span = Math.Log10(hi) - Math.Log10(lo), pad = Math.Max(0.05, 0.05 * span);
            bool decades = span >= 2;
            if (min is null) lo = decades ? Math.Pow(10, Math.Floor(Math.Log10(lo))) : lo / Math.Pow(10, pad);
            if (max is null) hi = decades ? Math.Pow(10, Math.Ceiling(Math.Log10(hi))) : hi * Math.Pow(10, pad);
            if (!(hi > lo)) hi = lo * 10;
        }
        else
        {
            var (nlo, nhi) = Figures.Ticks.NiceRange(lo, hi);
            if (min is null) lo = nlo;
            if (max is null) hi = nhi;
            if (!(hi > lo)) (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        return new Axis(lo, hi, pixelStart, pixelEnd, log);
    }
}
