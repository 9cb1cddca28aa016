namespace Workbench.Fcn.Models;

/// <summary>Which in-network upsampling layers learn (§3.3).</summary>
public enum Upsampling
{
    /// <summary>Every deconvolution stays bilinear, as the reference Caffe nets and pytorch-fcn.</summary>
    Fixed,

    /// <summary>The paper: intermediate upsampling learns from its bilinear start; the final one stays bilinear.</summary>
    LearnInner,

    /// <summary>Every deconvolution learns.</summary>
    LearnAll,
}
