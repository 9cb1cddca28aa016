using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// A copy of an SGD's state — momentum buffers by parameter position (group by group, as PyTorch
/// numbers them; null before a parameter's first step) and each group's options — to checkpoint
/// and resume exactly. TorchSharp's own <c>state_dict()</c> returns the optimizer's live objects
/// (a later step changes them) and its <c>load_state_dict</c> throws on a null momentum buffer.
/// </summary>
public sealed class SgdState : IDisposable
{
    public SgdState(IReadOnlyList<Tensor?> momentumBuffers, IReadOnlyList<SgdOptions> groups, IReadOnlyList<int> groupSizes)
    {
        if (groups.Count != groupSizes.Count) throw new ArgumentException($"{groups.Count} groups' options but {groupSizes.Count} group sizes");
        if (groupSizes.Sum() != momentumBuffers.Count) throw new ArgumentException($"the groups hold {groupSizes.Sum()} parameters but there are {momentumBuffers.Count} buffer slots");
        MomentumBuffers = momentumBuffers;
        Groups = groups;
        GroupSizes = groupSizes;
    }

    /// <summary>By parameter position, group by group; null where a parameter has none yet.</summary>
    public IReadOnlyList<Tensor?> MomentumBuffers { get; }
    public IReadOnlyList<SgdOptions> Groups { get; }
    /// <summary>How many parameters each group holds.</summary>
    public IReadOnlyList<int> GroupSizes { get; }

    public static SgdState Capture(SGD sgd)
    {
        var live = sgd.state_dict();
        var buffers = live.State.Select(s => ((SGD.State) s).momentum_buffer is { } b ? b.detach().clone().DetachFromDisposeScope() : null).ToList();
        var groups = live.Options.Cast<SGD.Options>().Select(o => new SgdOptions(o.LearningRate!.Value, o.momentum!.Value, o.dampening!.Value,
            o.weight_decay!.Value, o.nesterov!.Value, o.maximize!.Value)).ToList();
        return new SgdState(buffers, groups, sgd.Groups().Select(g => g.Parameters.Count()).ToList());
    }

    /// <summary>Puts copies of this state into <paramref name="sgd"/>; checks group and parameter counts and shapes first.</summary>
    public void Restore(SGD sgd)
    {
        var live = sgd.state_dict();
        if (Groups.Count != live.Options.Count)
            throw new ArgumentException($"the optimizer state has {Groups.Count} parameter groups, this optimizer {live.Options.Count}");
        var sizes = sgd.Groups().Select(g => g.Parameters.Count()).ToList();
        if (!sizes.SequenceEqual(GroupSizes))
            throw new ArgumentException($"the optimizer state's groups hold [{string.Join(", ", GroupSizes)}] parameters, this optimizer's [{string.Join(", ", sizes)}]");
        var parameters = sgd.Groups().SelectMany(g => g.Parameters).ToList();
        for (int i = 0; i < parameters.Count; i++)
            if (MomentumBuffers[i] is { } b && !b.shape.SequenceEqual(parameters[i].shape))
                throw new ArgumentException($"momentum buffer {i} has shape {StateDicts.Shape(b.shape)}, parameter {StateDicts.Shape(parameters[i].shape)}");
        for (int i = 0; i < parameters.Count; i++)
        {
            var state = (SGD.State) live.State[i];
            state.momentum_buffer?.Dispose();
            state.momentum_buffer = MomentumBuffers[i]?.detach().to(parameters[i].device, copy: true).DetachFromDisposeScope();
        }
        for (int g = 0; g < Groups.Count; g++)
        {
            var o = (SGD.Options) live.Options[g];
            var s = Groups[g];
            (o.LearningRate, o.momentum, o.dampening, o.weight_decay, o.nesterov, o.maximize) =
                (s.LearningRate, s.Momentum, s.Dampening, s.WeightDecay, s.Nesterov, s.Maximize);
        }
    }

    public void Dispose()
    {
        foreach (var b in MomentumBuffers) b?.Dispose();
    }
}
