using System.Buffers.Binary;
using System.IO.Compression;

namespace Workbench.Vision.Datasets.Classification;

/// <summary>
/// One array of an IDX file (LeCun's MNIST format, which Fashion-MNIST keeps): unsigned bytes
/// and their dimensions, outermost first (images: [count, rows, columns]; labels: [count]).
/// </summary>
public sealed record IdxArray(IReadOnlyList<int> Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];

    /// <summary>Bytes of one item: the product of all dimensions but the first.</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, d) => a * d);
}

/// <summary>
/// Reads IDX files, plain or gzip-compressed (as Debian's dataset-fashion-mnist ships them): a
/// big-endian magic 0x00 0x00 type rank (type 0x08 = unsigned byte; 0x00000803 images,
/// 0x00000801 labels), one big-endian int32 per dimension, then the data. The header is checked
/// against the data actually present before anything is allocated, so a corrupt or truncated
/// file is an error naming it, not an out-of-memory or a short array.
/// </summary>
public static class IdxFile
{
    /// <summary>The largest array we accept (1 GiB): Fashion-MNIST's training images are 47 MB.</summary>
    public const long MaxBytes = 1L << 30;

    const byte UnsignedByte = 0x08;

    /// <summary>Reads <paramref name="path"/>; <paramref name="rank"/>, when given, is the number of dimensions required.</summary>
    public static IdxArray Read(string path, int? rank = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such IDX file", path);
        using var file = File.OpenRead(path);
        bool gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        // Plain files can be checked against their length up front; a gzip stream only as it ends.
        return Read(stream, path, gzip ? null : file.Length, rank);
    }

    public static IdxArray Read(Stream stream, string origin, long? length = null, int? rank = null)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadExactly(stream, magic, origin, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException($"{origin}: not an IDX file (magic {Hex(magic)}, expected 00 00 08 0N)");
        if (magic[2] != UnsignedByte)
            throw new InvalidDataException($"{origin}: IDX element type 0x{magic[2]:x2} is not supported (expected 0x08, unsigned bytes)");
        int dims = magic[3];
        if (dims < 1) throw new InvalidDataException($"{origin}: IDX file with no dimensions (magic {Hex(magic)})");
        if (rank is { } r && dims != r)
            throw new InvalidDataException($"{origin}: {dims} dimension(s) (magic {Hex(magic)}), expected {r} (0x0000080{r})");

        var shape = new int[dims];
        Span<byte> word = stackalloc byte[4];
        long total = 1;
        for (int i = 0; i < dims; i++)
        {
            ReadExactly(stream, word, origin, $"dimension {i} of {dims}");
            int d = BinaryPrimitives.ReadInt32BigEndian(word);
            if (d < 0) throw new InvalidDataException($"{origin}: dimension {i} is {d}, negative");
            shape[i] = d;
            total *= d;
            if (total > MaxBytes)
                throw new InvalidDataException($"{origin}: dimensions [{string.Join(", ", shape.Take(i + 1))}…] need over {MaxBytes} bytes; refusing");
        }
        long header = 4 + 4L * dims;
        if (length is { } n && n != header + total)
            throw new InvalidDataException($"{origin}: dimensions [{string.Join(", ", shape)}] need {header + total} bytes, the file has {n}");

        var data = new byte[total];
        ReadExactly(stream, data, origin, $"{total} data bytes for dimensions [{string.Join(", ", shape)}]");
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"{origin}: data continues past the {total} bytes its dimensions [{string.Join(", ", shape)}] hold");
        return new IdxArray(shape, data);
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, string origin, string what)
    {
        int got = 0;
        try
        {
            while (got < buffer.Length)
            {
                int n = stream.Read(buffer[got..]);
                if (n == 0) break;
                got += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{origin}: corrupt gzip stream while reading {what}: {e.Message}", e);
        }
        if (got < buffer.Length)
            throw new InvalidDataException($"{origin}: truncated: {what} needed {buffer.Length} bytes, only {got} remain");
    }

    static string Hex(ReadOnlySpan<byte> b) => string.Join(" ", b.ToArray().Select(x => x.ToString("x2")));
}
