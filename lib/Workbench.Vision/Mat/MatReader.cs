using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Workbench.Engine;

namespace Workbench.Vision.Mat;

// Parses the data elements after the 128-byte header (MATLAB's "MAT-File Format" document, v5).
// Bounded by design (ReadLimits): nesting stops at ReadLimits.Depth; what the file would make the
// reader build beyond its own bytes — inflated elements, values widened to their class (MATLAB
// stores a double array of small integers as bytes), the array objects themselves — is charged
// against ReadLimits.Bytes before it is allocated.
internal sealed class MatReader(byte[] file, string source, bool bigEndian)
{
    // Data types of data elements (miINT8 …).
    const int miINT8 = 1, miUINT8 = 2, miINT16 = 3, miUINT16 = 4, miINT32 = 5, miUINT32 = 6, miSINGLE = 7,
        miDOUBLE = 9, miINT64 = 12, miUINT64 = 13, miMATRIX = 14, miCOMPRESSED = 15, miUTF8 = 16, miUTF16 = 17, miUTF32 = 18;

    // Array-flag bits (second byte of the flags word).
    const uint FlagComplex = 0x0800, FlagLogical = 0x0200;

    // What one array object costs beside its values (the object, its info, dimensions, path): an estimate on the high side.
    const long ArrayCost = 256;

    string variable = "";
    readonly long budget = ReadLimits.Bytes;
    long spent;

    readonly record struct Element(int Type, byte[] Buffer, int Offset, int Length);

    internal List<MatArray> ReadVariables()
    {
        var variables = new List<MatArray>();
        long position = 128;
        int index = 0;
        while (position < file.Length)
        {
            index++;
            variable = $"#{index}";
            if (file.Length - position < 8)
                throw Error($"truncated: {file.Length - position} bytes at the end of the file, too few for a data element");
            variable = PeekName(file, position) ?? PeekCompressedName(position) ?? variable;
            var element = ReadElement(file, ref position, file.Length);
            if (element.Type == miCOMPRESSED)
            {
                var inflated = Inflate(element);
                variable = PeekName(inflated, 0) ?? variable;
                long inner = 0;
                var matrix = ReadElement(inflated, ref inner, inflated.Length);
                if (matrix.Type != miMATRIX) throw Error($"a compressed element holds data type {matrix.Type}, expected miMATRIX (14)");
                variables.Add(ReadMatrix(matrix, null, 0));
            }
            else if (element.Type == miMATRIX)
            {
                variables.Add(ReadMatrix(element, null, 0));
            }
            else
            {
                throw Error($"top-level data element of type {element.Type}, expected miMATRIX (14) or miCOMPRESSED (15)");
            }
        }
        return variables;
    }

    // The name of the variable whose miMATRIX starts at `position`, read without trusting the
    // element's length, so that an error about a truncated variable can name it.
    string? PeekName(byte[] buffer, long position)
    {
        try
        {
            if (buffer.Length - position < 8 || U32(buffer, position) != miMATRIX) return null;
            long p = position + 8;
            ReadElement(buffer, ref p, buffer.Length);  // flags
            ReadElement(buffer, ref p, buffer.Length);  // dimensions
            var name = ReadElement(buffer, ref p, buffer.Length);
            return name.Length > 0 && name.Length < 64 ? Encoding.ASCII.GetString(name.Buffer, name.Offset, name.Length) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    string? PeekCompressedName(long position)
    {
        if (U32(file, position) != miCOMPRESSED) return null;
        try
        {
            long start = position + 8, length = Math.Min(U32(file, position + 4), file.Length - start);
            using var zlib = new ZLibStream(new MemoryStream(file, (int) start, (int) length, writable: false), CompressionMode.Decompress);
            var head = new byte[256];
            int total = 0, n;
            while (total < head.Length && (n = zlib.Read(head, total, head.Length - total)) > 0) total += n;
            return PeekName(head[..total], 0);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    static string Shorten(string? path) => path is null || path.Length <= 80 ? path ?? "" : $"{path[..40]}…{path[^30..]}";

    InvalidDataException Error(string message) =>
        new($"{source}: variable '{variable}': {message}");

    uint U32(byte[] buffer, long offset) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan((int) offset, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan((int) offset, 4));

    // Reads a tag and steps past the element (and its padding to 8 bytes). In the small data
    // element format the tag's upper 16 bits hold the byte count and the data sits in the tag.
    Element ReadElement(byte[] buffer, ref long position, long end)
    {
        if (end - position < 8) throw Error($"truncated: a data element tag needs 8 bytes at offset {position}, {end - position} left");
        uint first = U32(buffer, position);
        if (first >> 16 != 0)
        {
            int smallType = (int) (first & 0xFFFF), smallLength = (int) (first >> 16);
            if (smallLength > 4) throw Error($"corrupt small data element (length {smallLength} > 4) at offset {position}");
            var small = new Element(smallType, buffer, (int) position + 4, smallLength);
            position += 8;
            return small;
        }
        uint length = U32(buffer, position + 4);
        long start = position + 8;
        if (length > end - start)
            throw Error($"truncated: a data element of {length} bytes at offset {position} runs past the end ({end - start} bytes left)");
        var element = new Element((int) first, buffer, (int) start, (int) length);
        // Compressed elements are not padded.
        position = first == miCOMPRESSED ? start + length : Math.Min(start + ((length + 7L) & ~7L), end);
        return element;
    }

    // Charges bytes the file does not hold (inflated data, widened values, objects) against the read limit.
    void Charge(long bytes, string what)
    {
        spent = bytes < 0 || bytes > long.MaxValue - spent ? long.MaxValue : spent + bytes;
        if (spent > budget) throw Error($"{what} would bring what this file expands into to {ReadLimits.Format(spent)} or more, {ReadLimits.Hint}");
    }

    // The inflated element is a tag (miMATRIX and its length) and that many bytes: the length is read
    // first and checked against the limit, and the buffer grows only as data actually arrives, so
    // neither a lying length nor a compression bomb (2 MB of zlib for 2 GB of zeros) takes more.
    byte[] Inflate(Element element)
    {
        try
        {
            using var input = new MemoryStream(element.Buffer, element.Offset, element.Length, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var tag = new byte[8];
            int got = zlib.ReadAtLeast(tag, 8, throwOnEndOfStream: false);
            if (got < 8) throw Error($"a compressed element inflates to {got} bytes, too few for a data element");
            long declared = U32(tag, 0) >> 16 != 0 ? 8 : 8L + U32(tag, 4);
            Charge(declared, $"a compressed element declaring {declared} bytes");
            var output = new byte[Math.Min(declared, 1L << 20)];
            tag.CopyTo(output, 0);
            long filled = 8;
            while (filled < declared)
            {
                if (filled == output.Length) Array.Resize(ref output, (int) Math.Min(declared, 2L * output.Length));
                int n = zlib.Read(output, (int) filled, output.Length - (int) filled);
                if (n == 0) break;   // shorter than declared: ReadElement reports the truncation
                filled += n;
            }
            if (filled < output.Length) Array.Resize(ref output, (int) filled);
            return output;
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !e.Message.StartsWith(source))
        {
            // ZLibException (an IOException) reports a damaged deflate stream.
            throw Error($"corrupt compressed data: {e.Message}");
        }
    }

    MatArray ReadMatrix(Element matrix, string? path, int depth)
    {
        if (depth > ReadLimits.Depth) throw Error($"'{Shorten(path)}' is nested more than {ReadLimits.Depth} levels deep (cells in cells, structs in structs)");
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            throw Error($"'{Shorten(path)}' is nested too deeply for this thread's stack ({depth} levels)");
        }
        Charge(ArrayCost + 2L * (path?.Length ?? 0), "one more array");
        var buffer = matrix.Buffer;
        long position = matrix.Offset, end = matrix.Offset + (long) matrix.Length;
        if (matrix.Length == 0)
            // MATLAB writes an empty cell element as a bare miMATRIX tag: a 0×0 double.
            return new MatNumericArray(new MatArrayInfo("", path ?? "", source, MatClass.Double, [0, 0]), Array.Empty<double>(), null, false);

        var flags = ReadElement(buffer, ref position, end);
        if (flags.Type != miUINT32 || flags.Length != 8) throw Error($"array flags must be 8 bytes of miUINT32, found type {flags.Type}, {flags.Length} bytes");
        uint flagWord = U32(buffer, flags.Offset);
        var cls = (MatClass) (flagWord & 0xFF);
        bool complex = (flagWord & FlagComplex) != 0, logical = (flagWord & FlagLogical) != 0;

        var dimsElement = ReadElement(buffer, ref position, end);
        if (dimsElement.Type != miINT32 || dimsElement.Length % 4 != 0 || dimsElement.Length < 8)
            throw Error($"dimensions must be two or more miINT32 values, found type {dimsElement.Type}, {dimsElement.Length} bytes");
        if (dimsElement.Length / 4 > ReadLimits.MaxDimensions)
            throw Error($"an array of {dimsElement.Length / 4} dimensions; this reader handles at most {ReadLimits.MaxDimensions}");
        var dims = new int[dimsElement.Length / 4];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = (int) U32(buffer, dimsElement.Offset + 4L * i);
            if (dims[i] < 0) throw Error($"negative dimension {dims[i]} in size {string.Join("x", dims.Take(i + 1))}…");
        }
        long count = dims.Aggregate(1L, (a, d) => ReadLimits.Product(a, d));
        if (count > Array.MaxLength && cls != MatClass.Sparse)
            throw Error($"size {string.Join("x", dims)} has {(count == long.MaxValue ? "more than 2^63" : count)} elements, more than one array holds ({Array.MaxLength})");

        var nameElement = ReadElement(buffer, ref position, end);
        if (nameElement.Type is not (miINT8 or miUINT8 or miUTF8))
            throw Error($"array name must be miINT8, found type {nameElement.Type}");
        var name = Encoding.ASCII.GetString(buffer, nameElement.Offset, nameElement.Length).TrimEnd('\0');
        Charge(2L * name.Length, "the array's name");
        if (path is null)
        {
            path = name;
            variable = name;
        }
        var info = new MatArrayInfo(name, path, source, cls, dims);

        switch (cls)
        {
            case MatClass.Double or MatClass.Single or MatClass.Int8 or MatClass.UInt8 or MatClass.Int16 or MatClass.UInt16
                or MatClass.Int32 or MatClass.UInt32 or MatClass.Int64 or MatClass.UInt64:
            {
                var real = ReadNumeric(ReadElement(buffer, ref position, end), cls, count, path, "real part", matrix.Buffer != file);
                var imaginary = complex ? ReadNumeric(ReadElement(buffer, ref position, end), cls, count, path, "imaginary part", matrix.Buffer != file) : null;
                return new MatNumericArray(info, real, imaginary, logical);
            }
            case MatClass.Char:
                // One string per row, however few characters: a [2^31-1, 0] char array is 2^31 strings.
                Charge(ReadLimits.Product(dims[0], 32) + ReadLimits.Product(count, 4), $"char array '{path}' of size {string.Join("x", dims)}");
                return new MatCharArray(info, ReadChars(ReadElement(buffer, ref position, end), count, path));
            case MatClass.Cell:
            {
                // Each cell is an element of at least 8 bytes: a count the data cannot hold is corrupt.
                if (count * 8 > end - position) throw Error($"cell array of {count} cells in {end - position} bytes");
                var cells = new MatArray[count];
                for (long i = 0; i < count; i++)
                    cells[i] = ReadSubMatrix(buffer, ref position, end, $"{path}{{{i + 1}}}", depth + 1);
                return new MatCell(info, cells);
            }
            case MatClass.Struct or MatClass.Object:
            {
                string? className = null;
                if (cls == MatClass.Object)
                {
                    var classElement = ReadElement(buffer, ref position, end);
                    className = Encoding.ASCII.GetString(buffer, classElement.Offset, classElement.Length).TrimEnd('\0');
                }
                var lengthElement = ReadElement(buffer, ref position, end);
                if (lengthElement.Type != miINT32 || lengthElement.Length != 4) throw Error("struct field name length must be one miINT32");
                int nameLength = (int) U32(buffer, lengthElement.Offset);
                var namesElement = ReadElement(buffer, ref position, end);
                int fields = nameLength <= 0 ? 0 : namesElement.Length / nameLength;
                Charge(ReadLimits.Product(count, 8L * fields) + 2L * namesElement.Length, $"struct '{path}' of {count} elements with {fields} fields");
                var fieldNames = new string[fields];
                for (int f = 0; f < fields; f++)
                {
                    var raw = buffer.AsSpan(namesElement.Offset + f * nameLength, nameLength);
                    int zero = raw.IndexOf((byte) 0);
                    fieldNames[f] = Encoding.ASCII.GetString(zero < 0 ? raw : raw[..zero]);
                }
                if (count * fields * 8 > end - position)
                    throw Error($"struct array of {count} elements with {fields} fields in {end - position} bytes");
                var values = new MatArray[count, fields];
                for (long i = 0; i < count; i++)
                    for (int f = 0; f < fields; f++)
                        values[i, f] = ReadSubMatrix(buffer, ref position, end,
                            count == 1 ? $"{path}.{fieldNames[f]}" : $"{path}({i + 1}).{fieldNames[f]}", depth + 1);
                return new MatStruct(info, fieldNames, values, className);
            }
            case MatClass.Sparse:
            {
                if (dims.Length != 2) throw Error($"a sparse array must be 2-D, found {string.Join("x", dims)}");
                var ir = ToInt32(ReadElement(buffer, ref position, end), "row indices");
                var jc = ToInt32(ReadElement(buffer, ref position, end), "column starts");
                // In long: dims[1] can be 2^31 - 1, and dims[1] + 1 must not wrap.
                if (jc.Length < dims[1] + 1L) throw Error($"sparse column starts hold {jc.Length} values, {dims[1] + 1L} needed for {dims[1]} columns");
                var pr = ReadElement(buffer, ref position, end);
                int nnz = jc[dims[1]];
                if (nnz < 0) throw Error($"sparse array claims {nnz} non-zeros");
                var values = (double[]) ReadNumeric(pr, MatClass.Double, Math.Min(nnz, CountOf(pr)), path, "sparse values", matrix.Buffer != file);
                if (nnz < 0 || nnz > ir.Length || nnz > values.Length) throw Error($"sparse array claims {nnz} non-zeros, holds {Math.Min(ir.Length, values.Length)}");
                for (int c = 0; c < dims[1]; c++)
                    if (jc[c] < 0 || jc[c] > jc[c + 1]) throw Error("sparse column starts are not ascending");
                for (int k = 0; k < nnz; k++)
                    if (ir[k] < 0 || ir[k] >= dims[0]) throw Error($"sparse row index {ir[k]} outside 0..{dims[0] - 1}");
                return new MatSparseArray(info, ir[..nnz], jc[..(dims[1] + 1)], values[..nnz], logical);
            }
            default:
                throw new NotSupportedException(
                    $"{source}: variable '{path}' is of class {cls.MatlabName()} ({(int) cls}), which this reader does not read");
        }
    }

    MatArray ReadSubMatrix(byte[] buffer, ref long position, long end, string path, int depth)
    {
        var element = ReadElement(buffer, ref position, end);
        if (element.Type != miMATRIX) throw Error($"'{path}' should be an miMATRIX element, found type {element.Type}");
        return ReadMatrix(element, path, depth);
    }

    static int ElementSize(int type) => type switch
    {
        miINT8 or miUINT8 or miUTF8 => 1,
        miINT16 or miUINT16 or miUTF16 => 2,
        miINT32 or miUINT32 or miSINGLE or miUTF32 => 4,
        miDOUBLE or miINT64 or miUINT64 => 8,
        _ => 0,
    };

    long CountOf(Element e)
    {
        int size = ElementSize(e.Type);
        if (size == 0) throw Error($"unexpected data type {e.Type} for numeric data");
        return e.Length / size;
    }

    int[] ToInt32(Element e, string what)
    {
        if (e.Type != miINT32 && e.Type != miUINT32) throw Error($"sparse {what} must be miINT32, found type {e.Type}");
        if (e.Buffer != file) Charge(e.Length, $"sparse {what}");
        var values = new int[e.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = (int) U32(e.Buffer, e.Offset + 4L * i);
        return values;
    }

    // Reads stored values (any numeric data type: MATLAB stores e.g. a double array of small
    // integers as miUINT8 to save space) and converts them to the array's class, element by element
    // into the array of that class: no double[] in between.
    Array ReadNumeric(Element e, MatClass cls, long count, string path, string what, bool inflated)
    {
        int size = ElementSize(e.Type);
        if (count < 0) throw Error($"{what} of '{path}': negative count {count}");
        if (size == 0 || e.Type is miUTF8 or miUTF16 or miUTF32)
            throw Error($"{what} of '{path}' has data type {e.Type}, not a numeric type");
        if ((long) e.Length < count * size)
            throw Error($"{what} of '{path}' holds {e.Length / size} values, {count} needed");
        // Values wider in their class than as stored are bytes the file does not hold; so are all
        // the values of an inflated element (its bytes were charged when it was inflated).
        long classBytes = count * ClassSize(cls);
        Charge(inflated ? classBytes : Math.Max(0, classBytes - count * size), $"{what} of '{path}' ({count} values of class {cls.MatlabName()})");
        var span = e.Buffer.AsSpan(e.Offset, (int) (count * size));
        int n = (int) count;
        return cls switch
        {
            MatClass.Double => Convert(span, n, size, e.Type, v => v),
            MatClass.Single => Convert(span, n, size, e.Type, v => (float) v),
            MatClass.Int8 => Convert(span, n, size, e.Type, v => (sbyte) v),
            MatClass.UInt8 => Convert(span, n, size, e.Type, v => (byte) v),
            MatClass.Int16 => Convert(span, n, size, e.Type, v => (short) v),
            MatClass.UInt16 => Convert(span, n, size, e.Type, v => (ushort) v),
            MatClass.Int32 => Convert(span, n, size, e.Type, v => (int) v),
            MatClass.UInt32 => Convert(span, n, size, e.Type, v => (uint) v),
            // 64-bit integers do not survive a trip through double: copied directly when stored as such.
            MatClass.Int64 when e.Type == miINT64 => Read(span, n, 8, s => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s)),
            MatClass.UInt64 when e.Type == miUINT64 => Read(span, n, 8, s => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s)),
            MatClass.Int64 => Convert(span, n, size, e.Type, v => (long) v),
            _ => Convert(span, n, size, e.Type, v => (ulong) v),
        };
    }

    static int ClassSize(MatClass cls) => cls switch
    {
        MatClass.Int8 or MatClass.UInt8 => 1,
        MatClass.Int16 or MatClass.UInt16 => 2,
        MatClass.Single or MatClass.Int32 or MatClass.UInt32 => 4,
        _ => 8,
    };

    T[] Convert<T>(ReadOnlySpan<byte> span, int n, int size, int type, Func<double, T> cast)
    {
        var output = new T[n];
        for (int i = 0; i < n; i++) output[i] = cast(Stored(span.Slice(i * size, size), type));
        return output;
    }

    double Stored(ReadOnlySpan<byte> s, int type) => type switch
    {
        miINT8 => (sbyte) s[0],
        miUINT8 => s[0],
        miINT16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
        miUINT16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
        miINT32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
        miUINT32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
        miSINGLE => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
        miDOUBLE => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
        miINT64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
        _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
    };

    delegate T SpanReader<T>(ReadOnlySpan<byte> s);

    static T[] Read<T>(ReadOnlySpan<byte> span, int n, int size, SpanReader<T> read)
    {
        var output = new T[n];
        for (int i = 0; i < n; i++) output[i] = read(span.Slice(i * size, size));
        return output;
    }

    char[] ReadChars(Element e, long count, string path)
    {
        string text = e.Type switch
        {
            miUTF8 => Encoding.UTF8.GetString(e.Buffer, e.Offset, e.Length),
            miINT8 or miUINT8 => Encoding.Latin1.GetString(e.Buffer, e.Offset, e.Length),
            miUINT16 or miUTF16 or miINT16 => bigEndian
                ? Encoding.BigEndianUnicode.GetString(e.Buffer, e.Offset, e.Length)
                : Encoding.Unicode.GetString(e.Buffer, e.Offset, e.Length),
            miUTF32 or miINT32 or miUINT32 => new UTF32Encoding(bigEndian, false).GetString(e.Buffer, e.Offset, e.Length),
            _ => throw Error($"char data of '{path}' has data type {e.Type}"),
        };
        if (text.Length < count) throw Error($"char array '{path}' holds {text.Length} characters, {count} needed");
        return text.AsSpan(0, (int) count).ToArray();
    }
}
