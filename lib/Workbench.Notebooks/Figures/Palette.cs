namespace Workbench.Notebooks.Figures;

/// <summary>Colours for series (Tableau 10: distinct, and readable by most colour-blind readers) and a sequential scale.</summary>
public static class Palette
{
    public static readonly IReadOnlyList<string> Categorical = new[]
    {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    };

    public static string Series(int index) => Categorical[index % Categorical.Count];

    // Viridis at 9 stops, interpolated linearly: perceptually even, prints in grey.
    static readonly (double R, double G, double B)[] ViridisStops =
    {
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    };

    /// <summary>A colour for t in [0, 1] (clamped; NaN is light grey).</summary>
    public static string Sequential(double t)
    {
        if (double.IsNaN(t)) return "#eeeeee";
        t = Math.Clamp(t, 0, 1) * (ViridisStops.Length - 1);
        int i = Math.Min((int) t, ViridisStops.Length - 2);
        double f = t - i;
        var (a, b) = (ViridisStops[i], ViridisStops[i + 1]);
        int R(double x, double y) => (int) Math.Round(x + (y - x) * f);
        return $"#{R(a.R, b.R):x2}{R(a.G, b.G):x2}{R(a.B, b.B):x2}";
    }

    /// <summary>Text that stays readable on a sequential colour.</summary>
    public static string TextOn(double t) => double.IsNaN(t) || t > 0.6 ? "#222" : "white";
}
