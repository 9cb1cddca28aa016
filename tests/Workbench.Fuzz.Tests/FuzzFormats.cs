namespace Workbench.Fuzz.Tests;

/// <summary>Every reader the fuzzer drives, by name.</summary>
internal static class FuzzFormats
{
    static readonly Lazy<IReadOnlyList<FuzzFormat>> all = new(() =>
        new FuzzFormat[] { new PthZipFuzz(), new PthLegacyFuzz(), new SafeTensorsFuzz(), new CaffeModelFuzz(), new MatFuzz(), new JpegFuzz(), new PngFuzz() });

    public static IReadOnlyList<FuzzFormat> All => all.Value;

    public static FuzzFormat Get(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"no fuzz format '{name}' (known: {string.Join(", ", All.Select(f => f.Name))})");
}
