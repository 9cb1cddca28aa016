using System.Numerics;
using System.Runtime.CompilerServices;

namespace Workbench.Weights.Pickle;

/// <summary>
/// Hashes for dict keys and memo indices read from a file. .NET randomizes string hashes per
/// process but not those of integers and floats (a long's hash is its two halves XORed), so a
/// crafted pickle of keys that all land in one bucket would make each insertion scan all the
/// others: a megabyte of pickle, minutes of work. HashCode mixes both halves with a per-process
/// seed (HashCode.Combine(aLong) alone would mix the long's own, colliding, hash).
/// </summary>
internal sealed class SeededKeys : IEqualityComparer<object>, IEqualityComparer<long>
{
    public static readonly SeededKeys Instance = new();

    public new bool Equals(object? x, object? y) => object.Equals(x, y);

    public int GetHashCode(object o) => o switch
    {
        long l => Of(l),
        double d => Of(BitConverter.DoubleToInt64Bits(d)),
        bool b => HashCode.Combine(b),
        BigInteger big => Bytes(big),
        string s => s.GetHashCode(),
        object?[] or List<object?> => RuntimeHelpers.GetHashCode(o),   // identity, as they compare
        _ => HashCode.Combine(o.GetHashCode()),
    };

    static int Bytes(BigInteger big)
    {
        var h = new HashCode();
        h.AddBytes(big.ToByteArray());
        return h.ToHashCode();
    }

    static int Of(long l) => HashCode.Combine((int) l, (int) (l >> 32));

    public bool Equals(long x, long y) => x == y;
    public int GetHashCode(long l) => Of(l);
}
