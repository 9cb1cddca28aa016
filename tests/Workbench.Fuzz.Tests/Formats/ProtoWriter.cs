using System.Text;

namespace Workbench.Fuzz.Tests;

/// <summary>Protobuf wire format, written field by field (so a test can also write what no encoder would).</summary>
internal sealed class ProtoWriter
{
    readonly MemoryStream s = new();

    public ProtoWriter Varint(ulong v)
    {
        do
        {
            byte b = (byte) (v & 0x7f);
            v >>= 7;
            s.WriteByte(v != 0 ? (byte) (b | 0x80) : b);
        } while (v != 0);
        return this;
    }

    public ProtoWriter Tag(int field, int wire) => Varint(((ulong) field << 3) | (uint) wire);
    public ProtoWriter Int(int field, long v) => Tag(field, 0).Varint((ulong) v);
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> b) { Tag(field, 2).Varint((ulong) b.Length); s.Write(b); return this; }
    public ProtoWriter Message(int field, ProtoWriter m) => Bytes(field, m.ToArray());
    public ProtoWriter String(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));
    public ProtoWriter Raw(ReadOnlySpan<byte> b) { s.Write(b); return this; }
    public byte[] ToArray() => s.ToArray();
}
