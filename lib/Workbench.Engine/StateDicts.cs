using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// Loading a state dict into a module, checked. TorchSharp's <c>load_state_dict</c> copies a
/// broadcastable but mis-shaped tensor silently and does not name missing keys; this names every
/// missing, unexpected and mis-shaped key before anything is copied.
/// </summary>
public static class StateDicts
{
    /// <summary>
    /// Copies <paramref name="source"/> into the module's parameters and buffers (onto their device
    /// and dtype). A shape mismatch is always an error, missing and unexpected keys when
    /// <paramref name="strict"/>; on error nothing is copied.
    /// </summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) load_checked(
        this nn.Module module, IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var own = module.state_dict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (key, target) in own)
        {
            if (!source.TryGetValue(key, out var value)) continue;
            if (!target.shape.SequenceEqual(value.shape))
                mismatched.Add($"{key}: expected {Shape(target.shape)}, got {Shape(value.shape)}");
        }
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictException(module.GetName(), missing, unexpected, mismatched);
        using (no_grad())
            foreach (var (key, target) in own)
                if (source.TryGetValue(key, out var value))
                    target.copy_(value);
        return (missing, unexpected);
    }

    public static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
