namespace Workbench.Vision.Datasets;

/// <summary>The names of a sample's network inputs (keys of <see cref="SegmentationSample.Inputs"/>).</summary>
public static class InputKind
{
    /// <summary>3 planes: B, G, R minus the dataset's BGR mean.</summary>
    public const string Color = "color";

    /// <summary>1 plane: log(depth in mm) − 7.844 (FCN's NYUDv2 layer); missing depth → 0.</summary>
    public const string Depth = "depth";

    /// <summary>3 planes: HHA bytes (disparity, height, angle), not swapped, minus the HHA mean.</summary>
    public const string Hha = "hha";

    public static int Channels(string kind) => kind switch
    {
        Color or Hha => 3,
        Depth => 1,
        _ => throw new ArgumentException($"unknown input '{kind}' (expected {Color}, {Depth} or {Hha})"),
    };
}
