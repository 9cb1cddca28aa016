namespace Workbench.Engine;

/// <summary>A state dict that does not fit a module: which keys are missing, unexpected or mis-shaped.</summary>
public sealed class StateDictException : Exception
{
    public StateDictException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(module, missing, unexpected, mismatched))
    {
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    public IReadOnlyList<string> Missing { get; }
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Entries like "fc6.weight: expected [4096, 512, 7, 7], got [4096, 25088]".</summary>
    public IReadOnlyList<string> Mismatched { get; }

    static string Describe(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing keys: {string.Join(", ", missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected keys: {string.Join(", ", unexpected)}");
        if (mismatched.Count > 0) parts.Add($"shape mismatch: {string.Join("; ", mismatched)}");
        return $"Error loading the state dict into {module}: {string.Join(". ", parts)}.";
    }
}
