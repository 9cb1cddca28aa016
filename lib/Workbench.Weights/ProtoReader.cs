namespace Workbench.Weights;

/// <summary>
/// A minimal protobuf wire-format reader over a byte array: tags, varints, fixed32/64 and
/// length-delimited fields, each length checked against the bytes of the enclosing message.
/// </summary>
internal struct ProtoReader(byte[] data, int start, int end)
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;
    int pos = start;

    public readonly bool AtEnd => pos >= end;
    public readonly int Position => pos;

    public (int Field, int Wire) ReadTag()
    {
        ulong tag = ReadVarint();
        int field = (int) Math.Min(tag >> 3, int.MaxValue);
        if (field == 0) throw new InvalidDataException($"protobuf field number 0 at byte {pos} (corrupt data)");
        return (field, (int) (tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (pos >= end) throw new InvalidDataException($"a protobuf varint runs past the end of its message at byte {pos} (truncated file?)");
            byte b = data[pos++];
            result |= (ulong) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException($"a protobuf varint is longer than 10 bytes at byte {pos} (corrupt data)");
    }

    /// <summary>The extent of a length-delimited field, checked to lie inside this message.</summary>
    public (int Start, int Length) ReadBlock()
    {
        ulong n = ReadVarint();
        if (n > (ulong) (end - pos)) throw new InvalidDataException($"a protobuf field of {n} bytes at byte {pos} runs past the end of its message ({end - pos} bytes left; truncated file?)");
        int s = pos;
        pos += (int) n;
        return (s, (int) n);
    }

    public ProtoReader ReadMessage()
    {
        var (s, n) = ReadBlock();
        return new ProtoReader(data, s, s + n);
    }

    public string ReadString()
    {
        var (s, n) = ReadBlock();
        return System.Text.Encoding.UTF8.GetString(data, s, n);
    }

    public (int Start, int Length) ReadFixed(int size)
    {
        if (end - pos < size) throw new InvalidDataException($"a {size}-byte protobuf value at byte {pos} runs past the end of its message (truncated file?)");
        int s = pos;
        pos += size;
        return (s, size);
    }

    public void Skip(int wire)
    {
        switch (wire)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: ReadFixed(8); break;
            case LengthDelimited: ReadBlock(); break;
            case Fixed32: ReadFixed(4); break;
            default: throw new InvalidDataException($"protobuf wire type {wire} at byte {pos} (groups and unknown wire types are not expected in a caffemodel)");
        }
    }
}
