using System.Buffers.Binary;
using System.Text;

namespace Workbench.Torch.Serialization.Pickle;

/// <summary>
/// Writes the protocol-2 pickle of a state dict exactly as torch.save lays it out: an OrderedDict whose
/// values are <c>torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())</c>,
/// each storage a persistent id <c>('storage', torch.XStorage, key, 'cpu', numel)</c>; key i is record data/i.
/// </summary>
internal sealed class Pickler
{
    readonly MemoryStream output = new();

    public static byte[] StateDict(IReadOnlyList<KeyValuePair<string, torch.Tensor>> entries)
    {
        var p = new Pickler();
        p.Op(0x80); p.Op(2); // PROTO 2
        p.Global("collections", "OrderedDict");
        p.Op(')'); p.Op('R'); // OrderedDict()
        p.Op('(');
        for (int i = 0; i < entries.Count; i++)
        {
            var (name, t) = entries[i];
            var shape = t.shape;
            var strides = ContiguousStrides(shape);
            p.Unicode(name);
            p.Global("torch._utils", "_rebuild_tensor_v2");
            p.Op('(');
            {
                p.Op('(');
                p.Unicode("storage");
                p.Global("torch", StorageType.NameOf(t.dtype));
                p.Unicode(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                p.Unicode("cpu");
                p.Int(t.numel());
                p.Op('t');
                p.Op('Q'); // BINPERSID
                p.Int(0);
                p.Tuple(shape);
                p.Tuple(strides);
                p.Op(0x89); // False: requires_grad
                p.Global("collections", "OrderedDict");
                p.Op(')'); p.Op('R');
            }
            p.Op('t');
            p.Op('R');
            if (i % 1000 == 999 && i + 1 < entries.Count) { p.Op('u'); p.Op('('); } // SETITEMS in batches, as CPython does
        }
        p.Op('u');
        p.Op('.');
        return p.output.ToArray();
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

    void Tuple(long[] values)
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
