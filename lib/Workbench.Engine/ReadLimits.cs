using System.Globalization;

namespace Workbench.Engine;

/// <summary>
/// How far the workbench's file readers (pickle/.pth, safetensors, .caffemodel, .mat, JPEG, PNG)
/// may go beyond the bytes a file itself holds. A reader never trusts a size it reads: what the file
/// stores uncompressed is checked against the file's length, and what it would expand into — a
/// decompressed record or element, decoded pixels, a .mat array's values, the objects a pickle
/// builds, the tensors it declares — against <see cref="Bytes"/>, before the memory is taken.
/// Nesting is bounded by <see cref="Depth"/>. A file beyond a limit is refused with a message that
/// names the file, the entry and the override: <c>WORKBENCH_READ_LIMIT</c> (bytes, or with a K/M/G/T
/// suffix) for the rare honest giant.
/// </summary>
public static class ReadLimits
{
    public const string Variable = "WORKBENCH_READ_LIMIT";
    public const long DefaultBytes = 1L << 30;

    /// <summary>Nesting levels a reader follows (cells in cells, dicts in dicts); recursion stops there.</summary>
    public const int Depth = 100;

    /// <summary>Dimensions of one tensor or array: PyTorch's and MATLAB's real files stay far below.</summary>
    public const int MaxDimensions = 64;

    static readonly long fromEnvironment = Parse(Environment.GetEnvironmentVariable(Variable));
    static readonly AsyncLocal<long?> scoped = new();

    /// <summary>The most bytes one read may expand into beyond the file's own bytes (default 1 GiB).</summary>
    public static long Bytes => scoped.Value ?? fromEnvironment;

    /// <summary>
    /// Another limit for the calling flow of control until disposed (tests; a tool that reads one
    /// known giant). Other threads keep theirs.
    /// </summary>
    public static IDisposable Override(long bytes)
    {
        if (bytes < 1) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a read limit is at least one byte");
        var previous = scoped.Value;
        scoped.Value = bytes;
        return new Restore(previous);
    }

    sealed class Restore(long? previous) : IDisposable
    {
        public void Dispose() => scoped.Value = previous;
    }

    /// <summary>The sentence every refusal ends with.</summary>
    public static string Hint => $"more than the read limit of {Format(Bytes)}; set {Variable} higher for an honest file this large";

    /// <summary>Whether <paramref name="bytes"/> (a size computed from a file's declarations) is within the limit.</summary>
    public static bool Allows(long bytes) => bytes >= 0 && bytes <= Bytes;

    /// <summary>n × size without overflow: long.MaxValue when the product does not fit (and so exceeds any limit).</summary>
    public static long Product(long n, long size) =>
        n < 0 || size < 0 ? long.MaxValue : n == 0 || size == 0 ? 0 : n > long.MaxValue / size ? long.MaxValue : n * size;

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 40 => Scaled(bytes, 40, "TiB"),
        >= 1L << 30 => Scaled(bytes, 30, "GiB"),
        >= 1L << 20 => Scaled(bytes, 20, "MiB"),
        >= 1L << 10 => Scaled(bytes, 10, "KiB"),
        _ => $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes",
    };

    static string Scaled(long bytes, int shift, string unit) =>
        ((double) bytes / (1L << shift)).ToString("0.#", CultureInfo.InvariantCulture) + " " + unit;

    /// <summary>"4G", "512M", "1048576": the variable's forms. A value that is not one of them is an error at first use.</summary>
    internal static long Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultBytes;
        var s = text.Trim().ToUpperInvariant();
        if (s.EndsWith('B')) s = s[..^1];
        if (s.EndsWith('I')) s = s[..^1];
        int shift = s.Length == 0 ? 0 : s[^1] switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift > 0) s = s[..^1];
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > long.MaxValue >> shift)
            throw new InvalidOperationException($"{Variable}={text} is not a size (expected bytes, or a number with K, M, G or T, e.g. 4G)");
        return n << shift;
    }
}
