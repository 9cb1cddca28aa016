using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Workbench.Fuzz.Tests;

/// <summary>
/// Writes pickle opcodes directly, so a test can choose each one: an integer as BININT1, BININT2,
/// BININT, LONG1, LONG4 or the text forms (all of which torch.load accepts), a tensor as
/// _rebuild_tensor_v2 of a persistent storage, and the things no pickler writes but a file can hold.
/// </summary>
internal sealed class PickleWriter
{
    readonly MemoryStream s = new();
    public Random? Encodings { get; init; }

    public PickleWriter Op(byte op) { s.WriteByte(op); return this; }
    public PickleWriter Raw(ReadOnlySpan<byte> b) { s.Write(b); return this; }

    public PickleWriter Proto(int v = 2) => Op(0x80).Op((byte) v);
    public PickleWriter Stop() => Op((byte) '.');
    public PickleWriter Mark() => Op((byte) '(');
    public PickleWriter Tuple() => Op((byte) 't');
    public PickleWriter EmptyDict() => Op((byte) '}');
    public PickleWriter EmptyList() => Op((byte) ']');
    public PickleWriter EmptyTuple() => Op((byte) ')');
    public PickleWriter SetItems() => Op((byte) 'u');
    public PickleWriter SetItem() => Op((byte) 's');
    public PickleWriter Append() => Op((byte) 'a');
    public PickleWriter Reduce() => Op((byte) 'R');
    public PickleWriter Dup() => Op((byte) '2');
    public PickleWriter BinPersId() => Op((byte) 'Q');
    public PickleWriter False() => Op(0x89);
    public PickleWriter None() => Op((byte) 'N');

    public PickleWriter Global(string module, string name) =>
        Op((byte) 'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleWriter Str(string text)
    {
        var b = Encoding.UTF8.GetBytes(text);
        if (b.Length < 256) Op(0x8c).Op((byte) b.Length);
        else { Op((byte) 'X'); Int32(b.Length); }
        return Raw(b);
    }

    void Int32(int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        s.Write(b);
    }

    /// <summary>An integer, in the smallest encoding or (with <see cref="Encodings"/>) any valid one.</summary>
    public PickleWriter Int(BigInteger v)
    {
        bool fits32 = v >= int.MinValue && v <= int.MaxValue;
        int choice = Encodings?.Next(5) ?? 0;   // 0 the smallest binary form, 1 LONG1, 2 LONG4, 3 INT text, 4 LONG text
        if (choice == 0 && !fits32) choice = 1;
        switch (choice)
        {
            case 1: return Long1(v);
            case 2: return Long4(v);
            case 3: return Raw(Encoding.ASCII.GetBytes($"I{v}\n"));
            case 4: return Raw(Encoding.ASCII.GetBytes($"L{v}L\n"));
        }
        long l = (long) v;
        if (l is >= 0 and < 256) return Op((byte) 'K').Op((byte) l);
        if (l is >= 0 and < 65536) return Op((byte) 'M').Raw([(byte) l, (byte) (l >> 8)]);
        Op((byte) 'J');
        Int32((int) l);
        return this;
    }

    public PickleWriter Long1(BigInteger v)
    {
        var b = v.IsZero ? Array.Empty<byte>() : v.ToByteArray(isUnsigned: false, isBigEndian: false);
        return Op(0x8a).Op((byte) b.Length).Raw(b);
    }

    public PickleWriter Long4(BigInteger v, int? lyingLength = null)
    {
        var b = v.IsZero ? Array.Empty<byte>() : v.ToByteArray(isUnsigned: false, isBigEndian: false);
        Op(0x8b);
        Int32(lyingLength ?? b.Length);
        return Raw(b);
    }

    public PickleWriter IntTuple(IReadOnlyList<long> values)
    {
        Mark();
        foreach (var v in values) Int(v);
        return Tuple();
    }

    /// <summary>torch._utils._rebuild_tensor_v2(('storage', torch.TYPE, key, 'cpu', numel), offset, size, stride, False, OrderedDict()).</summary>
    public PickleWriter Tensor(string key, long numel, long offset, IReadOnlyList<long> size, IReadOnlyList<long> stride, string type = "FloatStorage")
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Mark();
        Mark().Str("storage").Global("torch", type).Str(key).Str("cpu").Int(numel).Tuple().BinPersId();
        Int(offset).IntTuple(size).IntTuple(stride).False();
        Global("collections", "OrderedDict").EmptyTuple().Reduce();
        Tuple().Reduce();
        return this;
    }

    public byte[] ToArray() => s.ToArray();
}
