using TorchSharp;
using Workbench.Engine;
using static TorchSharp.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// Late fusion (§5, NYUDv2, Table 4 "RGB-HHA"): two whole FCN streams, one on color and one on a
/// second input (HHA), whose class scores are summed, as the reference nyud-fcn32s-color-hha's
/// Eltwise SUM. The input is both inputs stacked along channels, color first. The reference sums
/// before its final upsampling; each stream here upsamples its own scores first, which is the same
/// number when the final upsampling is fixed bilinear (a linear map shared by both streams), and
/// keeps each stream a complete net that can be trained or evaluated alone.
/// Parameter keys are the streams' own under "color." and "other." prefixes.
/// </summary>
public sealed class LateFusionFcn : NamedModule<Tensor, Tensor>
{
    readonly FcnModel color;
    readonly FcnModel other;

    public LateFusionFcn(FcnModel color, FcnModel other, long colorChannels = 3) : base(nameof(LateFusionFcn))
    {
        if (color.NumClasses != other.NumClasses)
            throw new ArgumentException($"the streams score different class counts ({color.NumClasses} and {other.NumClasses})", nameof(other));
        if (colorChannels < 1) throw new ArgumentOutOfRangeException(nameof(colorChannels), colorChannels, "the color stream needs at least one channel");
        this.color = color;
        this.other = other;
        ColorChannels = colorChannels;
        RegisterComponents();
    }

    public FcnModel Color => color;
    public FcnModel Other => other;
    public long ColorChannels { get; }
    public long NumClasses => color.NumClasses;

    public override Tensor forward(Tensor input)
    {
        if (input.ndim != 4 || input.shape[1] <= ColorChannels)
            throw new ArgumentException($"{GetName()} takes [N, C, H, W] with the {ColorChannels} color channels first and the other input after them, got [{string.Join(", ", input.shape)}]", nameof(input));
        using var scope = NewDisposeScope();
        var a = color.forward(input.narrow(1, 0, ColorChannels));
        var b = other.forward(input.narrow(1, ColorChannels, input.shape[1] - ColorChannels));
        return (a + b).MoveToOuterDisposeScope();
    }
}
