using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// Float32 copies of a module's floating-point parameters and buffers, by state-dict name, while
/// the module itself computes in a narrower type (bfloat16). They are the weights that count: the
/// optimizer updates them (mixed-precision training keeps its small steps, which bfloat16's 8-bit
/// mantissa would round away), checkpoints save them, and <see cref="Dispose"/> puts them back into
/// the module bit for bit, so a net leaves a reduced-precision scope exactly as it entered.
/// libtorch 2.10's autocast is not reachable from TorchSharp 0.107; this is the explicit form of it.
/// </summary>
public sealed class MasterWeights : IDisposable
{
    readonly nn.Module net;
    readonly Dictionary<string, Parameter> masters = new();
    bool disposed;

    public MasterWeights(nn.Module net)
    {
        this.net = net;
        var trainable = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.requires_grad);
        using var noGrad = no_grad();
        foreach (var (name, t) in net.state_dict())
        {
            if (!t.is_floating_point()) continue;
            if (t.dtype != ScalarType.Float32)
                throw new ArgumentException($"{net.GetName()}.{name} is {t.dtype.Name()}; master weights are taken from a float32 module");
            var copy = t.detach().clone().DetachFromDisposeScope();
            masters[name] = new Parameter(copy, trainable.GetValueOrDefault(name));
        }
    }

    /// <summary>The type the module computes in now: float32 until <see cref="CastModule"/>.</summary>
    public ScalarType Compute { get; private set; } = ScalarType.Float32;

    /// <summary>The float32 master of a state-dict entry (a parameter or a floating-point buffer).</summary>
    public Parameter this[string name] => masters.TryGetValue(name, out var m) ? m
        : throw new KeyNotFoundException($"{net.GetName()} has no floating-point parameter or buffer '{name}'");

    /// <summary>The module's state dict with every floating-point entry replaced by its float32 master.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var own = net.state_dict();
        return own.ToDictionary(kv => kv.Key, kv => masters.TryGetValue(kv.Key, out var m) ? (Tensor) m : kv.Value);
    }

    /// <summary>Casts the module's floating-point parameters and buffers to <paramref name="dtype"/> (rounded from the masters).</summary>
    public void CastModule(ScalarType dtype)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        net.to(dtype);
        Compute = dtype;
        PushWeights();
    }

    /// <summary>
    /// Adds the module's gradients, in float32, to the masters' and clears the module's: called
    /// after each backward pass, so iter_size images accumulate in float32, not in bfloat16.
    /// </summary>
    public void AccumulateGradients()
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in net.named_parameters())
        {
            using var g = p.grad;
            if (g is null || !masters.TryGetValue(name, out var m)) continue;
            using var master = m.grad;
            if (master is null) m.grad = g.to(ScalarType.Float32);
            else master.add_(g);
            p.grad = null;
        }
    }

    /// <summary>Rounds the masters into the module, after an optimizer step on the masters.</summary>
    public void PushWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in net.state_dict())
            if (masters.TryGetValue(name, out var m)) t.copy_(m);
    }

    /// <summary>Takes the module's values as the masters (after a checkpoint was loaded into a float32 module).</summary>
    public void PullWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in net.state_dict())
            if (masters.TryGetValue(name, out var m)) m.copy_(t);
    }

    /// <summary>Casts the module back to float32 and copies the masters into it exactly.</summary>
    public void Restore()
    {
        if (Compute == ScalarType.Float32) return;
        net.to(ScalarType.Float32);
        Compute = ScalarType.Float32;
        PushWeights();
    }

    public void Dispose()
    {
        if (disposed) return;
        Restore();
        foreach (var m in masters.Values) m.Dispose();
        masters.Clear();
        disposed = true;
    }
}
