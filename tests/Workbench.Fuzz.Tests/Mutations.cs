using System.Buffers.Binary;

namespace Workbench.Fuzz.Tests;

/// <summary>Byte-level damage to a valid file: flips, boundary integers, cuts, repeats, splices.</summary>
internal static class Mutations
{
    static readonly uint[] Interesting = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x10000, 64, 1000, 65535];

    public static byte[] Apply(byte[] source, Random r)
    {
        var bytes = new List<byte>(source);
        int count = 1 + r.Next(8);
        for (int i = 0; i < count && bytes.Count > 0; i++)
        {
            int at = r.Next(bytes.Count);
            switch (r.Next(9))
            {
                case 0: bytes[at] ^= (byte) (1 << r.Next(8)); break;
                case 1: bytes[at] = (byte) r.Next(256); break;
                case 2: bytes[at] = (byte) Interesting[r.Next(6)]; break;
                case 3 or 4:
                {
                    // A boundary integer at a random place, either byte order: lengths, counts, dims.
                    if (bytes.Count < 4) break;
                    at = Math.Min(at, bytes.Count - 4);
                    Span<byte> v = stackalloc byte[4];
                    uint x = Interesting[r.Next(Interesting.Length)];
                    if (r.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(v, x); else BinaryPrimitives.WriteUInt32BigEndian(v, x);
                    for (int k = 0; k < 4; k++) bytes[at + k] = v[k];
                    break;
                }
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;   // truncation
                case 6:
                {
                    int n = Math.Min(1 + r.Next(64), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, n));      // a repeated run
                    break;
                }
                case 7: bytes.RemoveRange(at, Math.Min(1 + r.Next(64), bytes.Count - at)); break;
                default:
                {
                    var junk = new byte[1 + r.Next(16)];
                    r.NextBytes(junk);
                    bytes.InsertRange(at, junk);
                    break;
                }
            }
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// A size for a bomb or a nesting of up to <paramref name="max"/>: one time in twenty near the
    /// top (where the limits are), otherwise spread evenly over the orders of magnitude up to a
    /// hundredth of it, so that a long run reaches the limits often without spending its time there.
    /// </summary>
    public static int Scale(Random r, int max) =>
        r.Next(20) == 0 ? r.Next(Math.Max(1, max / 10), max + 1) : (int) Math.Exp(r.NextDouble() * Math.Log(Math.Max(2, max / 100)));

    /// <summary>An <see cref="Edgy"/> value made non-negative (long.MinValue becomes long.MaxValue).</summary>
    public static long EdgyNonNegative(Random r) => Mutations.Edgy(r) is var v && v >= 0 ? v : v == long.MinValue ? long.MaxValue : -v;

    /// <summary>A random integer near a boundary: what lengths, sizes and counts go wrong with.</summary>
    public static long Edgy(Random r) => r.Next(14) switch
    {
        0 => 0,
        1 => -1,
        2 => int.MaxValue,
        3 => (long) int.MaxValue + 1,
        4 => uint.MaxValue,
        5 => long.MaxValue,
        6 => long.MinValue,
        7 => 1L << 40,
        8 => 1L << 62,
        9 => -(1L << 31),
        10 => 65536,
        11 => 1_000_000,
        12 => r.Next(1, 100_000),
        _ => r.Next(0, 16),
    };
}
