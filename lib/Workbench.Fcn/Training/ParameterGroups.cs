using Workbench.Fcn.Models;
using TorchSharp;
using Workbench.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Fcn.Training;

/// <summary>A parameter's multipliers of the base learning rate and weight decay (Caffe's lr_mult, decay_mult).</summary>
public readonly record struct Multipliers(double LearningRate, double Decay);

/// <summary>
/// Splits a net's parameters into SGD parameter groups by multipliers. The reference rule:
/// weights lr ×1 and decay ×1, biases lr ×2 and no decay, fixed parameters (fixed bilinear
/// deconvolutions, requires_grad false) left out of the optimizer altogether.
/// </summary>
public static class ParameterGroups
{
    public static Multipliers? Reference(string name, Parameter p) =>
        !p.requires_grad ? null : name.EndsWith(".bias") ? new Multipliers(2, 0) : new Multipliers(1, 1);

    public sealed record Group(Multipliers Multipliers, IReadOnlyList<(string Name, Parameter Parameter)> Parameters);

    public static IReadOnlyList<Group> Split(nn.Module net, Func<string, Parameter, Multipliers?>? rule = null)
    {
        rule ??= Reference;
        var groups = new List<(Multipliers m, List<(string, Parameter)> ps)>();
        foreach (var (name, p) in net.named_parameters())
        {
            if (rule(name, p) is not { } m) continue;
            int i = groups.FindIndex(g => g.m == m);
            if (i < 0)
            {
                groups.Add((m, new List<(string, Parameter)>()));
                i = groups.Count - 1;
            }
            groups[i].ps.Add((name, p));
        }
        return groups.Select(g => new Group(g.m, g.ps)).ToList();
    }

    /// <summary>An SGD over the groups; <paramref name="baseLr"/> and <paramref name="weightDecay"/> are scaled per group.</summary>
    public static SGD Optimizer(IReadOnlyList<Group> groups, double baseLr, double momentum, double weightDecay) =>
        Sgd.Create(groups.Select(g => (g.Parameters.Select(p => p.Parameter),
            new SgdOptions(baseLr * g.Multipliers.LearningRate, momentum, WeightDecay: weightDecay * g.Multipliers.Decay))));
}
