namespace Workbench.Vision.Mat;

/// <summary>One line of `workbench inspect mat`: an array's path, class, shape and, for numbers, sum/min/max.</summary>
public sealed record MatSummary(string Path, string Class, string Shape, double? Sum, double? Min, double? Max, string? Text)
{
    /// <summary>Every variable, with the fields of structs and the cells of cell arrays below it (up to <paramref name="maxChildren"/> each).</summary>
    public static List<MatSummary> Of(MatFile file, int maxChildren = 32)
    {
        var lines = new List<MatSummary>();
        foreach (var v in file.Variables) Add(v, lines, maxChildren);
        return lines;
    }

    static void Add(MatArray a, List<MatSummary> lines, int maxChildren)
    {
        switch (a)
        {
            case MatNumericArray n:
                var cls = n.IsLogical ? "logical" : n.Class.MatlabName();
                if (n.IsComplex) cls = "complex " + cls;
                lines.Add(new(a.Path, cls, a.Shape, n.IsEmpty ? null : n.Sum(), n.IsEmpty ? null : n.Min(), n.IsEmpty ? null : n.Max(), null));
                break;
            case MatCharArray c:
                lines.Add(new(a.Path, "char", a.Shape, null, null, null, c.Value.Length > 60 ? c.Value[..60] + "…" : c.Value));
                break;
            case MatSparseArray s:
                // Unstored entries are zeros and count towards min and max when there are any.
                bool zeros = s.NonZeroCount < s.Count;
                double? min = s.Count == 0 ? null : s.NonZeroCount == 0 ? 0 : zeros ? Math.Min(0, s.Values.Min()) : s.Values.Min();
                double? max = s.Count == 0 ? null : s.NonZeroCount == 0 ? 0 : zeros ? Math.Max(0, s.Values.Max()) : s.Values.Max();
                lines.Add(new(a.Path, s.IsLogical ? "sparse logical" : "sparse", a.Shape, s.Values.Sum(), min, max,
                    $"{s.NonZeroCount} non-zeros"));
                break;
            case MatCell cell:
                lines.Add(new(a.Path, "cell", a.Shape, null, null, null, null));
                foreach (var child in cell.Cells.Take(maxChildren)) Add(child, lines, maxChildren);
                if (cell.Cells.Length > maxChildren)
                    lines.Add(new($"{a.Path}{{…}}", "", "", null, null, null, $"{cell.Cells.Length - maxChildren} more cells"));
                break;
            case MatStruct st:
                lines.Add(new(a.Path, st.ClassName ?? "struct", a.Shape, null, null, null, $"fields: {string.Join(", ", st.FieldNames)}"));
                for (int i = 0; i < Math.Min(st.Count, maxChildren); i++)
                    foreach (var f in st.FieldNames) Add(st.Field(f, i), lines, maxChildren);
                break;
        }
    }
}
