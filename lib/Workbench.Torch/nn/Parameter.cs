namespace Workbench.Torch.Modules;

/// <summary>
/// A learnable tensor owned by a module: a leaf that requires grad. Parameters are never
/// tracked by dispose scopes; their module disposes them.
/// </summary>
public sealed class Parameter : torch.Tensor
{
    internal Parameter(IntPtr native) : base(native, trackInScope: false) { }

    /// <summary>Makes a parameter that shares <paramref name="data"/>'s storage, detached from its graph.</summary>
    public static Parameter From(torch.Tensor data, bool requires_grad = true)
    {
        var detached = Native.NativeMethods.wb_detach(data.Handle);
        var p = new Parameter(TorchException.Check(detached, "Parameter"));
        p.requires_grad = requires_grad;
        return p;
    }
}

public static class ParameterExtensions
{
    /// <summary>Moves the native tensor of <paramref name="source"/> into <paramref name="target"/>, keeping target's identity.</summary>
    internal static void TakeHandleOf(this torch.Tensor target, torch.Tensor source)
    {
        var detached = TorchException.Check(Native.NativeMethods.wb_detach(source.Handle), "to");
        target.ReplaceHandle(detached);
        source.Dispose();
    }
}

