namespace Workbench.Fuzz.Tests;

/// <summary>What a .pth holds: the pickled object and the storages it names (key, element count, bytes).</summary>
internal sealed record PthContent(byte[] Pickle, List<(string Key, long Numel, byte[] Bytes)> Storages);

/// <summary>
/// Hostile pickles by structure, shared by the zip and the legacy container: bombs of DUP and memo
/// opcodes, deep nesting, integers in every encoding and at their limits, strides that are zero,
/// negative or overlapping, shapes of huge sizes or a million dimensions, many tensors on one
/// storage, colliding keys, the rebuild functions called wrongly.
/// </summary>
internal static class PickleAttacks
{
    public static readonly (string Name, Func<Random, PthContent> Make)[] All =
    [
        ("state-dict-any-int-encoding", StateDict),
        ("zero-stride", ZeroStride),
        ("overlapping-stride", Overlapping),
        ("negative-stride", r => OneTensor(r, 6, 0, [2, 3], [-1, 1])),
        ("huge-size", r => OneTensor(r, 8, 0, [Mutations.Edgy(r), Mutations.Edgy(r)], [1, 1])),
        ("huge-numel", r => OneTensor(r, Mutations.Edgy(r), 0, [2], [1], recordElements: r.Next(4))),
        ("edge-offset", r => OneTensor(r, 8, Mutations.Edgy(r), [2], [1])),
        ("many-dimensions", ManyDimensions),
        ("dup-bomb", DupBomb),
        ("deep-tuples", DeepTuples),
        ("deep-dicts", DeepDicts),
        ("memo-bomb", MemoBomb),
        ("colliding-keys", CollidingKeys),
        ("many-tensors", ManyTensors),
        ("big-integers", BigIntegers),
        ("random-opcodes", RandomOpcodes),
        ("rebuild-misuse", RebuildMisuse),
    ];

    static PickleWriter Writer(Random r) => new() { Encodings = r };

    static PthContent StateDict(Random r)
    {
        var w = Writer(r).Proto().Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark();
        var storages = new List<(string, long, byte[])>();
        int n = 1 + r.Next(5);
        for (int i = 0; i < n; i++)
        {
            long rows = 1 + r.Next(5), cols = 1 + r.Next(5);
            bool transposed = r.Next(2) == 0;
            w.Str($"layer{i}.weight").Tensor($"{i}", rows * cols, 0, [rows, cols], transposed ? [1, rows] : [cols, 1]);
            storages.Add(($"{i}", rows * cols, PthBuilder.Floats(rows * cols, r)));
        }
        return new(w.SetItems().Stop().ToArray(), storages);
    }

    static PthContent OneTensor(Random r, long numel, long offset, long[] size, long[] stride, long? recordElements = null)
    {
        var w = Writer(r).Proto().EmptyDict().Str("x").Tensor("0", numel, offset, size, stride).SetItem().Stop();
        long bytes = recordElements ?? Math.Clamp(numel, 0, 1 << 16);
        return new(w.ToArray(), [("0", numel, PthBuilder.Floats(bytes))]);
    }

    static PthContent ZeroStride(Random r)
    {
        long a = r.Next(2) == 0 ? 100_000 : r.Next(1, 5000), b = r.Next(2) == 0 ? 10_000 : r.Next(1, 5000);
        return OneTensor(r, 1, 0, [a, b], [0, 0]);
    }

    static PthContent Overlapping(Random r)
    {
        long a = Mutations.Scale(r, 200_000), b = Mutations.Scale(r, 200_000);
        return OneTensor(r, a + b - 1, 0, [a, b], [1, 1]);
    }

    static PthContent ManyDimensions(Random r)
    {
        int dims = r.Next(20) == 0 ? 1_000_000 : new[] { 64, 65, 1000, 100_000 }[r.Next(4)];
        var ones = Enumerable.Repeat(1L, dims).ToArray();
        return OneTensor(new Random(r.Next()) , 1, 0, ones, ones);
    }

    static PthContent DupBomb(Random r)
    {
        int n = Mutations.Scale(r, 20_000_000);
        var w = new PickleWriter().Proto().EmptyList();
        var dups = new byte[n];
        Array.Fill(dups, (byte) '2');
        w.Raw(dups).Stop();
        return new(w.ToArray(), []);
    }

    static PthContent DeepTuples(Random r)
    {
        int depth = Mutations.Scale(r, 1_000_000);
        var w = new PickleWriter().Proto().EmptyDict().Str("deep").None();
        var levels = new byte[depth];
        Array.Fill(levels, (byte) 0x85);   // TUPLE1
        w.Raw(levels).SetItem().Str("w").Tensor("0", 2, 0, [2], [1]).SetItem().Stop();
        return new(w.ToArray(), [("0", 2, PthBuilder.Floats(2))]);
    }

    static PthContent DeepDicts(Random r)
    {
        int depth = Mutations.Scale(r, 5000);
        var w = new PickleWriter().Proto();
        for (int i = 0; i < depth; i++) w.EmptyDict().Str("state_dict");
        w.EmptyDict().Str("w").Tensor("0", 2, 0, [2], [1]).SetItem();
        for (int i = 0; i < depth; i++) w.SetItem();
        return new(w.Stop().ToArray(), [("0", 2, PthBuilder.Floats(2))]);
    }

    static PthContent MemoBomb(Random r)
    {
        var w = new PickleWriter().Proto().EmptyList();
        int n = Mutations.Scale(r, 200_000);
        for (int i = 0; i < n; i++)
        {
            w.Op((byte) 'r').Raw(BitConverter.GetBytes(r.Next(3) == 0 ? (uint) r.Next() * 2u : (uint) i));
            if (r.Next(4) == 0) w.Op((byte) 'j').Raw(BitConverter.GetBytes((uint) r.Next(i + 1))).Append();
        }
        return new(w.Stop().ToArray(), []);
    }

    static PthContent CollidingKeys(Random r)
    {
        // k·(2^32 + 1): the two halves XOR to 0, so all would share one hash bucket unseeded.
        int n = Mutations.Scale(r, 150_000);
        var w = new PickleWriter().Proto().EmptyDict();
        for (int i = 0; i < n; i += 1000)
        {
            w.Mark();
            for (int k = i; k < Math.Min(n, i + 1000); k++) w.Long1(((long) k << 32) + k).None();
            w.SetItems();
        }
        return new(w.Str("w").Tensor("0", 2, 0, [2], [1]).SetItem().Stop().ToArray(), [("0", 2, PthBuilder.Floats(2))]);
    }

    static PthContent ManyTensors(Random r)
    {
        int n = Mutations.Scale(r, 50_000);
        var w = new PickleWriter().Proto().EmptyDict();
        for (int i = 0; i < n; i += 1000)
        {
            w.Mark();
            for (int k = i; k < Math.Min(n, i + 1000); k++) w.Str($"t{k}").Tensor("0", 16, k % 16, [1], [1]);
            w.SetItems();
        }
        return new(w.Stop().ToArray(), [("0", 16, PthBuilder.Floats(16))]);
    }

    static PthContent BigIntegers(Random r)
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("x");
        w.Global("torch._utils", "_rebuild_tensor_v2").Mark();
        w.Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(4).Op((byte) 't').BinPersId();
        switch (r.Next(4))
        {
            case 0: w.Long4(System.Numerics.BigInteger.Pow(2, 8 * (8 + Mutations.Scale(r, 1 << 17))) - 1); break;       // an offset of up to a million bits
            case 1: w.Raw(PthBuilder.Ascii("I" + new string('9', 10 + Mutations.Scale(r, 70_000)) + "\n")); break;     // digits for a quadratic parse
            case 2: w.Long4(5, lyingLength: r.Next(2) == 0 ? int.MaxValue : -1); break;                   // a length past the end
            default: w.Long1(System.Numerics.BigInteger.One << r.Next(60, 70)); break;                      // just past 64 bits
        }
        w.IntTuple([4]).IntTuple([1]).False().Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce().SetItem().Stop();
        return new(w.ToArray(), [("0", 4, PthBuilder.Floats(4))]);
    }

    static PthContent RandomOpcodes(Random r)
    {
        const string ops = "(01]})tlad.suehKMJNGXVpqgj\u0080\u0085\u0086\u0087\u0088\u0089\u008a\u008c\u0094\u0093RQcb";
        var w = new PickleWriter().Proto();
        int n = r.Next(1, 400);
        for (int i = 0; i < n; i++)
        {
            char op = ops[r.Next(ops.Length)];
            w.Op((byte) op);
            if (op is 'K' or 'q' or 'h') w.Op((byte) r.Next(256));
            else if (op is 'J' or 'M') w.Raw(BitConverter.GetBytes(r.Next()).AsSpan(0, op == 'J' ? 4 : 2));
            else if (op == '\u008c') w.Op((byte) r.Next(4)).Raw("abcd"u8[..r.Next(4)]);
            else if (op == 'c') w.Raw(PthBuilder.Ascii(r.Next(2) == 0 ? "torch._utils\n_rebuild_tensor_v2\n" : "os\nsystem\n"));
        }
        return new(w.Stop().ToArray(), [("0", 4, PthBuilder.Floats(4))]);
    }

    static PthContent RebuildMisuse(Random r)
    {
        var w = new PickleWriter().Proto().EmptyDict().Str("x");
        switch (r.Next(5))
        {
            case 0: w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Int(1).Int(2).Tuple().Reduce(); break;
            case 1: w.Global("torch._utils", "_rebuild_parameter").Mark().Str("no tensor").Tuple().Reduce(); break;
            case 2:
            {
                // torch.Size(torch.Size(…)) nested: no recursion may follow it.
                int depth = Mutations.Scale(r, 100_000);
                w.Global("torch._utils", "_rebuild_tensor_v2").Mark();
                w.Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(4).Tuple().BinPersId().Int(0);
                for (int i = 0; i < depth; i++) w.Global("torch", "Size");
                w.Mark().Int(4).Tuple();
                for (int i = 0; i < depth; i++) w.Op(0x85).Reduce();   // Size((inner,))
                w.IntTuple([1]).False().Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce();
                break;
            }
            case 3: w.Global("os", "system").Mark().Str("echo pwned").Tuple().Reduce(); break;
            default: w.Global("torch._utils", "_rebuild_qtensor").Mark().Int(1).Tuple().Reduce(); break;
        }
        return new(w.SetItem().Stop().ToArray(), [("0", 4, PthBuilder.Floats(4))]);
    }
}
