using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>One parameter group's SGD hyper-parameters, all of them explicit.</summary>
public sealed record SgdOptions(double LearningRate, double Momentum = 0, double Dampening = 0, double WeightDecay = 0,
    bool Nesterov = false, bool Maximize = false);

/// <summary>
/// TorchSharp's SGD (PyTorch's update rule), built and used so that it behaves as PyTorch's:
/// every group gets all its options (a TorchSharp <c>SGD.ParamGroup</c> left without them gets
/// lr 0.001, not the optimizer's), parameter lists are materialized once (a group's parameters
/// are an IEnumerable that TorchSharp enumerates at every step), and gradients are cleared to
/// none (TorchSharp's <c>zero_grad</c> zeroes them, so a parameter without a gradient this step
/// would still get decay and momentum). Build the optimizer after moving the model to its device:
/// <c>module.to(device)</c> replaces the Parameter objects.
/// </summary>
public static class Sgd
{
    public static SGD Create(IEnumerable<(IEnumerable<Parameter> Parameters, SgdOptions Options)> groups)
    {
        var list = groups.Select(g => new SGD.ParamGroup(g.Parameters.ToList(), Options(g.Options))).ToList();
        if (list.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter group", nameof(groups));
        var seen = new HashSet<IntPtr>();
        foreach (var p in list.SelectMany(g => g.Parameters))
            if (!seen.Add(p.Handle)) throw new ArgumentException("a parameter appears in more than one parameter group", nameof(groups));
        var first = list[0].Options;
        return optim.SGD(list, first.LearningRate!.Value, first.momentum!.Value, first.dampening!.Value, first.weight_decay!.Value, first.nesterov!.Value, first.maximize!.Value);
    }

    public static SGD Create(IEnumerable<Parameter> parameters, SgdOptions options) => Create(new[] { (parameters, options) });

    static SGD.Options Options(SgdOptions o)
    {
        if (!(o.LearningRate >= 0) || double.IsInfinity(o.LearningRate)) throw new ArgumentOutOfRangeException(nameof(o), o.LearningRate, "the learning rate must be a finite number ≥ 0");
        if (!(o.Momentum >= 0) || double.IsInfinity(o.Momentum)) throw new ArgumentOutOfRangeException(nameof(o), o.Momentum, "the momentum must be a finite number ≥ 0");
        if (!(o.WeightDecay >= 0) || double.IsInfinity(o.WeightDecay)) throw new ArgumentOutOfRangeException(nameof(o), o.WeightDecay, "the weight decay must be a finite number ≥ 0");
        if (o.Nesterov && (o.Momentum <= 0 || o.Dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", nameof(o));
        return new SGD.Options
        {
            LearningRate = o.LearningRate, InitialLearningRate = o.LearningRate, momentum = o.Momentum, dampening = o.Dampening,
            weight_decay = o.WeightDecay, nesterov = o.Nesterov, maximize = o.Maximize,
        };
    }

    /// <summary>The groups' parameter lists, in order.</summary>
    public static IReadOnlyList<SGD.ParamGroup> Groups(this SGD sgd) => sgd.ParamGroups.Cast<SGD.ParamGroup>().ToList();

    /// <summary>
    /// Clears every gradient of the optimizer's parameters; <paramref name="set_to_none"/> true
    /// (PyTorch 2's default) sets them to none, false zeroes them as TorchSharp's zero_grad().
    /// </summary>
    public static void zero_grad(this SGD sgd, bool set_to_none)
    {
        if (!set_to_none)
        {
            sgd.zero_grad();
            return;
        }
        foreach (var g in sgd.Groups())
        foreach (var p in g.Parameters)
            p.grad = null;
    }
}
