namespace Workbench.Notebooks.Analysis;

/// <summary>
/// Loss curves of one-image updates are noisy; a trailing moving average lets the trend show. The
/// window is a fraction of the curve, so a curve of any length keeps about <c>windows</c> bumps.
/// Linear in the curve's length; a NaN inside a window makes that point NaN (a divergence stays visible).
/// </summary>
public static class LossSmoothing
{
    public static double[] Trailing(IReadOnlyList<double> values, int windows = 20)
    {
        if (windows < 1) throw new ArgumentOutOfRangeException(nameof(windows), windows, "at least one window");
        int w = Math.Max(1, values.Count / windows);
        var smoothed = new double[values.Count];
        double sum = 0;
        int nans = 0;
        for (int i = 0; i < values.Count; i++)
        {
            Add(values[i], +1);
            if (i >= w) Add(values[i - w], -1);
            smoothed[i] = nans > 0 ? double.NaN : sum / Math.Min(w, i + 1);
        }
        return smoothed;

        void Add(double v, int sign)
        {
            if (double.IsFinite(v)) sum += sign * v;
            else nans += sign;
        }
    }
}
