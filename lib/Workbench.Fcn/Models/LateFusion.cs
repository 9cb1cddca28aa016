using Workbench.Torch;
using static Workbench.Torch.torch;

namespace Workbench.Fcn.Models;

/// <summary>
/// Late fusion (§5, NYUDv2 "RGB-HHA"): two full streams, one per input (colour, HHA), whose class
/// scores are averaged. The input is the streams' inputs concatenated along channels. Both
/// streams upsample with the same fixed bilinear deconvolutions, which are linear, so averaging
/// their outputs is averaging their scores before upsampling.
/// </summary>
public sealed class LateFusion : nn.Module<Tensor, Tensor>
{
    readonly FcnModel color;
    readonly FcnModel hha;
    readonly long colorChannels;

    public LateFusion(FcnModel color, FcnModel hha) : base(nameof(LateFusion))
    {
        if (color.NumClasses != hha.NumClasses)
            throw new ArgumentException($"the streams score {color.NumClasses} and {hha.NumClasses} classes");
        this.color = color;
        this.hha = hha;
        colorChannels = InChannels(color);
        RegisterComponents();
    }

    public FcnModel Color => color;
    public FcnModel Hha => hha;

    static long InChannels(FcnModel net) =>
        net.Trunk.modules().OfType<Workbench.Torch.Modules.Conv2d>().First().in_channels;

    public override Tensor forward(Tensor input)
    {
        long total = input.shape[1], hhaChannels = InChannels(hha);
        if (total != colorChannels + hhaChannels)
            throw new ArgumentException($"late fusion takes {colorChannels} + {hhaChannels} input channels, got {total}");
        using var scope = NewDisposeScope();
        var a = color.forward(input.narrow(1, 0, colorChannels));
        var b = hha.forward(input.narrow(1, colorChannels, hhaChannels));
        return ((a + b) * 0.5).MoveToOuterDisposeScope();
    }
}
