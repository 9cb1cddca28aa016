namespace Workbench.Vision.Datasets;

/// <summary>Per-channel means subtracted by the FCN reference data layers (docs/data.md).</summary>
public static class Means
{
    /// <summary>PASCAL VOC / SBD, in B, G, R order.</summary>
    public static readonly float[] VocBgr = { 104.00699f, 116.66877f, 122.67892f };

    /// <summary>PASCAL-Context (its own layer rounds the VOC mean).</summary>
    public static readonly float[] ContextBgr = { 104.007f, 116.669f, 122.679f };

    /// <summary>NYUDv2 colour, B, G, R.</summary>
    public static readonly float[] NyudBgr = { 116.190f, 97.203f, 92.318f };

    /// <summary>NYUDv2 HHA, in the HHA image's own channel order (not swapped).</summary>
    public static readonly float[] NyudHha = { 132.431f, 94.076f, 118.477f };

    /// <summary>NYUDv2 mean of log(depth in mm).</summary>
    public const float NyudLogDepth = 7.844f;

    /// <summary>SIFT Flow, B, G, R.</summary>
    public static readonly float[] SiftFlowBgr = { 114.578f, 115.294f, 108.353f };
}
