namespace Workbench.Notebooks.Scales;

/// <summary>
/// The three scales every notebook runs at: <c>smoke</c> proves the pipeline in seconds (CI, `make demo`),
/// <c>small</c> is the CPU miniature (at most about half an hour per notebook on 2 cores), <c>paper</c> is
/// the paper's protocol on its datasets (a GPU). A notebook's `scale` parameter is parsed once here.
/// </summary>
public sealed class Scale
{
    public static readonly IReadOnlyList<string> Names = new[] { "smoke", "small", "paper" };

    Scale(string name) => Name = name;

    public string Name { get; }
    public bool IsPaper => Name == "paper";

    public static Scale Parse(string name) =>
        Names.Contains(name) ? new Scale(name) : throw new ArgumentException($"scale must be {string.Join(", ", Names)}, not '{name}'", nameof(name));

    /// <summary>The value for this scale, one argument per scale.</summary>
    public T Pick<T>(T smoke, T small, T paper) => Name switch { "smoke" => smoke, "small" => small, _ => paper };

    public override string ToString() => Name;
}
