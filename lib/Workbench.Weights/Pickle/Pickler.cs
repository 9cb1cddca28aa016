using TorchSharp;
using Workbench.Engine;
using System.Buffers.Binary;
using System.Text;

namespace Workbench.Weights.Pickle;

/// <summary>
/// Writes a protocol-2 pickle of a .pth object tree as torch.save lays it out. A tensor is
/// <c>torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())</c>, its
/// storage the persistent id <c>('storage', torch.XStorage, key, 'cpu', numel)</c>, key i being
/// record data/i; an OrderedDict is <c>collections.OrderedDict()</c> filled by SETITEMS; dicts, lists,
/// tuples, strings, ints, floats, bools and None are pickle's own opcodes.
/// </summary>
internal sealed class Pickler
{
    readonly MemoryStream output = new();
    readonly List<torch.Tensor> storages = new();

    /// <summary>The pickle, and the tensors whose storages are records data/0, data/1, … in that order.</summary>
    public static (byte[] Pickle, IReadOnlyList<torch.Tensor> Storages) Write(object? root)
    {
        var p = new Pickler();
        p.Op(0x80); p.Op(2); // PROTO 2
        p.Value(root, 0);
        p.Op('.');
        return (p.output.ToArray(), p.storages);
    }

    const int MaxDepth = 100;

    void Value(object? value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"the object tree is nested deeper than {MaxDepth} levels");
        switch (value)
        {
            case null: Op('N'); break;
            case bool b: Op(b ? 0x88 : 0x89); break;
            case int i: Int(i); break;
            case long l: Int(l); break;
            case double d: Float(d); break;
            case float f: Float(f); break;
            case string s: Unicode(s); break;
            case torch.Tensor t: Tensor(t); break;
            case PthDict d: Dict(d, depth); break;
            case object?[] tuple: Tuple(tuple, depth); break;
            case System.Collections.IList list: List(list, depth); break;
            default: throw new ArgumentException($"a .pth object tree cannot hold a {value.GetType().Name}");
        }
    }

    void Dict(PthDict d, int depth)
    {
        if (d.Ordered) { Global("collections", "OrderedDict"); Op(')'); Op('R'); }
        else Op('}');
        if (d.Count == 0) return;
        Op('(');
        for (int i = 0; i < d.Count; i++)
        {
            var (k, v) = d.Items[i];
            Value(k, depth + 1);
            Value(v, depth + 1);
            if (i % 1000 == 999 && i + 1 < d.Count) { Op('u'); Op('('); } // SETITEMS in batches, as CPython does
        }
        Op('u');
    }

    void List(System.Collections.IList list, int depth)
    {
        Op(']');
        if (list.Count == 0) return;
        Op('(');
        for (int i = 0; i < list.Count; i++)
        {
            Value(list[i], depth + 1);
            if (i % 1000 == 999 && i + 1 < list.Count) { Op('e'); Op('('); } // APPENDS in batches
        }
        Op('e');
    }

    void Tuple(object?[] items, int depth)
    {
        if (items.Length == 0) { Op(')'); return; }
        Op('(');
        foreach (var v in items) Value(v, depth + 1);
        Op('t');
    }

    void Tensor(torch.Tensor t)
    {
        int key = storages.Count;
        storages.Add(t);
        var shape = t.shape;
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        {
            Op('(');
            Unicode("storage");
            Global("torch", StorageType.NameOf(t.dtype));
            Unicode(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Unicode("cpu");
            Int(t.numel());
            Op('t');
            Op('Q'); // BINPERSID
            Int(0);
            Ints(shape);
            Ints(ContiguousStrides(shape));
            Op(0x89); // False: requires_grad
            Global("collections", "OrderedDict");
            Op(')'); Op('R');
        }
        Op('t');
        Op('R');
    }

    static long[] ContiguousStrides(long[] shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Math.Max(shape[i], 1);
        }
        return s;
    }

    void Op(int code) => output.WriteByte((byte) code);

    void Global(string module, string name)
    {
        Op('c');
        output.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    void Unicode(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Op('X');
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(n, (uint) bytes.Length);
        output.Write(n);
        output.Write(bytes);
    }

    void Int(long v)
    {
        Span<byte> b = stackalloc byte[8];
        if (v is >= 0 and < 256) { Op('K'); Op((int) v); }
        else if (v is >= 0 and < 65536) { Op('M'); BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort) v); output.Write(b[..2]); }
        else if (v is >= int.MinValue and <= int.MaxValue) { Op('J'); BinaryPrimitives.WriteInt32LittleEndian(b, (int) v); output.Write(b[..4]); }
        else { Op(0x8a); Op(8); BinaryPrimitives.WriteInt64LittleEndian(b, v); output.Write(b); } // LONG1, 8 bytes two's complement
    }

    void Float(double d)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, d);
        Op('G'); // BINFLOAT: big-endian IEEE 754
        output.Write(b);
    }

    void Ints(long[] values)
    {
        switch (values.Length)
        {
            case 0: Op(')'); return;
            case 1: Int(values[0]); Op(0x85); return;
            case 2: Int(values[0]); Int(values[1]); Op(0x86); return;
            case 3: Int(values[0]); Int(values[1]); Int(values[2]); Op(0x87); return;
            default:
                Op('(');
                foreach (var v in values) Int(v);
                Op('t');
                return;
        }
    }
}
