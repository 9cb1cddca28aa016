namespace Workbench.Torch;

/// <summary>
/// Tracks every tensor created on this thread while it is the innermost open scope and disposes
/// them when it is disposed, so a loop body's tensors are freed each iteration (native memory is
/// invisible to the GC). Open one with <c>torch.NewDisposeScope()</c>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;

    readonly HashSet<torch.Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    readonly DisposeScope? outer;
    bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    public static DisposeScope? Current => current;

    /// <summary>The tensors this scope will dispose.</summary>
    public int Count => tensors.Count;

    internal static void Register(torch.Tensor t)
    {
        var scope = current;
        if (scope is null) return;
        scope.tensors.Add(t);
        t.OwningScope = scope;
    }

    /// <summary>Hands <paramref name="t"/> to the enclosing scope (or to no scope at all).</summary>
    internal void MoveToOuter(torch.Tensor t)
    {
        if (!tensors.Remove(t)) return;
        t.OwningScope = null;
        if (outer is { disposed: false })
        {
            outer.tensors.Add(t);
            t.OwningScope = outer;
        }
    }

    internal void Detach(torch.Tensor t)
    {
        if (tensors.Remove(t)) t.OwningScope = null;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in tensors)
        {
            t.OwningScope = null;
            t.DisposeHandle();
        }
        tensors.Clear();
        if (ReferenceEquals(current, this)) current = outer;
        // An inner scope left open past this one's end unwinds past it when it closes.
        while (current is { disposed: true }) current = current.outer;
    }
}

public static partial class torch
{
    /// <summary>Opens a dispose scope on this thread (TorchSharp's name).</summary>
    public static DisposeScope NewDisposeScope() => new();
}
