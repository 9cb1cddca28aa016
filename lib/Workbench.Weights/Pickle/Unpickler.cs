using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Workbench.Engine;

namespace Workbench.Weights.Pickle;

/// <summary>
/// Reads Python pickles (protocols 0–5, the opcodes CPython's pickler emits) into the plain object
/// graph of <see cref="PyObjects"/>. Nothing is executed: REDUCE of an unknown class makes a
/// <see cref="PyObject"/>. Every length in the stream is checked against the bytes left before
/// anything is allocated, every opcode consumes input, and what the opcodes build is charged against
/// <see cref="ReadLimits.Bytes"/> as it is built (a megabyte of DUP opcodes would otherwise push a
/// billion stack entries), so corrupt or hostile data ends in an <see cref="InvalidDataException"/>,
/// never in a huge allocation or a loop. The reader is iterative: deep nesting costs no stack.
/// </summary>
internal class Unpickler
{
    const int MaxLine = 1 << 16;
    // CPython refuses to convert decimal integers longer than this (sys.int_info.default_max_str_digits):
    // parsing is quadratic in the length.
    const int MaxDigits = 4300;
    // What one opcode's value costs at least (a stack slot, a box or a container, a memo entry):
    // an estimate on the high side, so the budget errs towards refusing early.
    const long OpcodeCost = 64;
    readonly Stream input;
    readonly long end;
    readonly List<object?> stack = new();
    readonly List<int> marks = new();
    readonly Dictionary<long, object?> memo = new(SeededKeys.Instance);
    readonly long budget = ReadLimits.Bytes;
    long spent;
    long opcodeStart;

    /// <summary>The last text read, so an error can say where in the file it happened.</summary>
    protected string? LastString { get; private set; }

    public Unpickler(Stream input)
    {
        this.input = input;
        end = input.Length;
    }

    long Remaining => end - input.Position;

    protected InvalidDataException Error(string message) =>
        new(LastString is null ? $"pickle at byte {opcodeStart}: {message}" : $"pickle at byte {opcodeStart} (after '{Shorten(LastString)}'): {message}");

    static string Shorten(string s) => Printable.Escape(s.Length <= 60 ? s : s[..60] + "…");

    /// <summary>Reads one pickle (up to its STOP) and returns the object it holds.</summary>
    public object? Load()
    {
        stack.Clear();
        marks.Clear();
        memo.Clear();
        spent = 0;
        while (true)
        {
            opcodeStart = input.Position;
            int op = input.ReadByte();
            if (op < 0) throw Error("the data ends before the pickle's STOP opcode (truncated file?)");
            Charge(OpcodeCost);
            switch (op)
            {
                case 0x80: ReadByte(); break; // PROTO
                case 0x95: ReadBytes(8); break; // FRAME: frames are only a read-ahead hint
                case '.': // STOP
                    if (stack.Count != 1 || marks.Count != 0) throw Error($"STOP with {stack.Count} values on the stack (expected 1)");
                    return stack[0];
                case '(': marks.Add(stack.Count); break; // MARK
                case '0': Pop(); break; // POP
                case '1': PopMark(); break; // POP_MARK
                case '2': Push(Peek()); break; // DUP
                case 'N': Push(null); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case 'J': Push((long) BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case 'K': Push((long) ReadByte()); break; // BININT1
                case 'M': Push((long) BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(ReadLength(4))); break; // LONG4
                case 'I': Push(ParseIntLine(ReadLine())); break; // INT
                case 'L': { var line = ReadLine(); Push(ParseIntLine(line.EndsWith('L') ? line[..^1] : line)); break; } // LONG
                case 'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case 'F': Push(ParseFloat(ReadLine())); break; // FLOAT
                case 'X': Push(Text(ReadBytes(ReadLength(4)))); break; // BINUNICODE
                case 0x8c: Push(Text(ReadBytes(ReadByte()))); break; // SHORT_BINUNICODE
                case 0x8d: Push(Text(ReadBytes(ReadLength(8)))); break; // BINUNICODE8
                case 'V': Push(Remember(Unescape(ReadLine()))); break; // UNICODE (raw-unicode-escape)
                case 'T': Push(Latin1(ReadBytes(ReadLength(4)))); break; // BINSTRING (py2 str)
                case 'U': Push(Latin1(ReadBytes(ReadByte()))); break; // SHORT_BINSTRING
                case 'S': Push(ParseQuoted(ReadLine())); break; // STRING
                case 'B': Push(ReadBytes(ReadLength(4))); break; // BINBYTES
                case 'C': Push(ReadBytes(ReadByte())); break; // SHORT_BINBYTES
                case 0x8e: Push(ReadBytes(ReadLength(8))); break; // BINBYTES8
                case 0x96: Push(ReadBytes(ReadLength(8))); break; // BYTEARRAY8
                case ']': Push(new List<object?>()); break; // EMPTY_LIST
                case ')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case '}': Push(new PyDict()); break; // EMPTY_DICT
                case 0x8f: Push(new PySet(new List<object?>())); break; // EMPTY_SET
                case 'l': Push(PopMark()); break; // LIST
                case 't': Push(PopMark().ToArray()); break; // TUPLE
                case 0x85: Push(new[] { Pop() }); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case 'd': Push(DictOf(PopMark())); break; // DICT
                case 0x91: Push(new PySet(PopMark())); break; // FROZENSET
                case 'a': { var v = Pop(); ListAt(Peek()).Add(v); break; } // APPEND
                case 'e': { var items = PopMark(); ListAt(Peek()).AddRange(items); break; } // APPENDS
                case 's': { var v = Pop(); var k = Pop(); DictAt(Peek()).Set(k, v); break; } // SETITEM
                case 'u': // SETITEMS
                {
                    var items = PopMark();
                    if (items.Count % 2 != 0) throw Error("SETITEMS with an odd number of values");
                    var d = DictAt(Peek());
                    for (int i = 0; i < items.Count; i += 2) d.Set(items[i], items[i + 1]);
                    break;
                }
                case 0x90: // ADDITEMS
                {
                    var items = PopMark();
                    if (Peek() is not PySet set) throw Error($"ADDITEMS on {PyDescribe.Of(Peek())}, expected a set");
                    set.Items.AddRange(items);
                    break;
                }
                case 'p': memo[ParseIndex(ReadLine())] = Peek(); break; // PUT
                case 'q': memo[ReadByte()] = Peek(); break; // BINPUT
                case 'r': memo[ReadUInt32()] = Peek(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                case 'g': Push(Recall(ParseIndex(ReadLine()))); break; // GET
                case 'h': Push(Recall(ReadByte())); break; // BINGET
                case 'j': Push(Recall(ReadUInt32())); break; // LONG_BINGET
                case 'c': { var module = ReadLine(); var name = ReadLine(); Push(FindClass(module, name)); break; } // GLOBAL
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string ?? throw Error("STACK_GLOBAL expects a class name string");
                    var module = Pop() as string ?? throw Error("STACK_GLOBAL expects a module name string");
                    Push(FindClass(module, name));
                    break;
                }
                case 'R': { var args = Pop(); var f = Pop(); Push(Call(f, TupleOf(args, "REDUCE"))); break; } // REDUCE
                case 0x81: { var args = Pop(); var cls = Pop(); Push(Call(cls, TupleOf(args, "NEWOBJ"))); break; } // NEWOBJ
                case 0x92: { Pop(); var args = Pop(); var cls = Pop(); Push(Call(cls, TupleOf(args, "NEWOBJ_EX"))); break; } // NEWOBJ_EX
                case 'b': { var state = Pop(); Build(Peek(), state); break; } // BUILD
                case 'Q': Push(PersistentLoad(Pop())); break; // BINPERSID
                case 'P': Push(PersistentLoad(ReadLine())); break; // PERSID
                case 'i': // INST
                {
                    var module = ReadLine(); var name = ReadLine();
                    Push(Call(FindClass(module, name), PopMark().ToArray()));
                    break;
                }
                case 'o': // OBJ
                {
                    var items = PopMark();
                    if (items.Count == 0) throw Error("OBJ without a class");
                    Push(Call(items[0], items.Skip(1).ToArray()));
                    break;
                }
                case 0x97: throw Error("NEXT_BUFFER: out-of-band buffers (pickle protocol 5) are not supported");
                case 0x98: Peek(); break; // READONLY_BUFFER
                default:
                    throw Error($"unknown pickle opcode 0x{op:x2} (expected one of the opcodes of pickle protocols 0-5)");
            }
        }
    }

    // ---- hooks for what a file's classes mean --------------------------------------------------

    /// <summary>Resolves GLOBAL; the default keeps the name.</summary>
    protected virtual object? FindClass(string module, string name)
    {
        if (module.Length == 0 || name.Length == 0) throw Error("GLOBAL with an empty module or class name");
        return new PyGlobal(module, name);
    }

    /// <summary>REDUCE / NEWOBJ: builtins the format needs are interpreted, anything else is kept as a placeholder.</summary>
    protected virtual object? Call(object? callable, object?[] args)
    {
        if (callable is not PyGlobal g) throw Error($"REDUCE on {PyDescribe.Of(callable)}, expected a class or function");
        switch (g.FullName)
        {
            case "collections.OrderedDict":
            case "builtins.dict" or "__builtin__.dict":
                var d = new PyDict { IsOrdered = g.Name == "OrderedDict" };
                if (args.Length > 0 && args[0] is List<object?> pairs)
                    foreach (var p in pairs)
                        if (p is object?[] { Length: 2 } kv) d.Set(kv[0], kv[1]);
                return d;
            case "builtins.set" or "__builtin__.set" or "builtins.frozenset" or "__builtin__.frozenset":
                return new PySet(args.Length > 0 && args[0] is List<object?> l ? l : new List<object?>());
            case "builtins.list" or "__builtin__.list":
                return args.Length > 0 && args[0] is List<object?> l2 ? l2 : new List<object?>();
            case "builtins.tuple" or "__builtin__.tuple":
                return args.Length > 0 && args[0] is List<object?> l3 ? l3.ToArray() : Array.Empty<object?>();
            case "copyreg._reconstructor" or "copy_reg._reconstructor" when args.Length >= 1 && args[0] is PyGlobal cls:
                return new PyObject(cls, Array.Empty<object?>()); // protocol 0/1 spelling of cls.__new__(cls)
            case "_codecs.encode":
                // Python 3 pickles bytes at protocol 2 as _codecs.encode(str, 'latin1').
                if (args.Length >= 1 && args[0] is string s) return Encoding.Latin1.GetBytes(s);
                throw Error("_codecs.encode expects a string");
            case "builtins.bytearray" or "__builtin__.bytearray" or "builtins.bytes" or "__builtin__.bytes":
                return args.Length > 0 && args[0] is byte[] b ? b : Array.Empty<byte>();
            default:
                return new PyObject(g, args);
        }
    }

    protected virtual object? PersistentLoad(object? pid) =>
        throw Error($"persistent id {PyDescribe.Of(pid)} in a pickle that should have none");

    protected virtual void Build(object? target, object? state)
    {
        switch (target)
        {
            case PyObject o: o.State = state; break;
            case PyDict d: d.State = state; break;
            default: break; // attributes on values we keep as plain data are not needed
        }
    }

    // ---- budget ----------------------------------------------------------------------------

    void Charge(long bytes)
    {
        spent += bytes;
        if (spent > budget)
            throw Error($"the pickle builds objects of {ReadLimits.Format(spent)} or more from {end} bytes, {ReadLimits.Hint}");
    }

    // ---- stack -----------------------------------------------------------------------------

    void Push(object? value) => stack.Add(value);

    object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && stack.Count == marks[^1]))
            throw Error("pickle stack underflow (corrupt data)");
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    object? Peek()
    {
        if (stack.Count == 0 || (marks.Count > 0 && stack.Count == marks[^1]))
            throw Error("pickle stack underflow (corrupt data)");
        return stack[^1];
    }

    List<object?> PopMark()
    {
        if (marks.Count == 0) throw Error("an opcode needs a MARK that is not there (corrupt data)");
        int at = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        Charge(16L * (stack.Count - at));   // the copy the opcode makes
        var items = stack.GetRange(at, stack.Count - at);
        stack.RemoveRange(at, stack.Count - at);
        return items;
    }

    object? Recall(long index) =>
        memo.TryGetValue(index, out var v) ? v : throw Error($"memo key {index} was never stored (corrupt data)");

    List<object?> ListAt(object? o) => o as List<object?> ?? throw Error($"APPEND on {PyDescribe.Of(o)}, expected a list");
    PyDict DictAt(object? o) => o as PyDict ?? throw Error($"SETITEM on {PyDescribe.Of(o)}, expected a dict");

    object?[] TupleOf(object? args, string op) => args switch
    {
        object?[] t => t,
        null => Array.Empty<object?>(),
        _ => throw Error($"{op} arguments are {PyDescribe.Of(args)}, expected a tuple"),
    };

    PyDict DictOf(List<object?> items)
    {
        if (items.Count % 2 != 0) throw Error("DICT with an odd number of values");
        var d = new PyDict();
        for (int i = 0; i < items.Count; i += 2) d.Set(items[i], items[i + 1]);
        return d;
    }

    // ---- input -----------------------------------------------------------------------------

    int ReadByte()
    {
        int b = input.ReadByte();
        return b >= 0 ? b : throw Error("the data ends inside an opcode (truncated file?)");
    }

    long ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    long ReadLength(int size)
    {
        var bytes = ReadBytes(size);
        long n = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (n < 0 || n > Remaining) throw Error($"a length of {n} bytes runs past the end of the data ({Remaining} bytes left)");
        return n;
    }

    byte[] ReadBytes(long count)
    {
        if (count > Remaining) throw Error($"{count} bytes needed but only {Remaining} left (truncated file?)");
        Charge(3 * count);   // the bytes, and the string a text opcode decodes them into
        var buffer = new byte[count];
        try
        {
            input.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Error($"the data ends inside a {count}-byte value (truncated file?)");
        }
        return buffer;
    }

    string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = ReadByte();
            if (b == '\n') return Remember(sb.ToString());
            if (sb.Length >= MaxLine) throw Error("a text line of the pickle is longer than 64 KiB (corrupt data)");
            sb.Append((char) b);
            Charge(4);
        }
    }

    string Remember(string s)
    {
        LastString = s;
        return s;
    }

    string Text(byte[] utf8)
    {
        try
        {
            return Remember(new UTF8Encoding(false, true).GetString(utf8));
        }
        catch (DecoderFallbackException)
        {
            throw Error("a string is not valid UTF-8");
        }
    }

    string Latin1(byte[] bytes) => Remember(Encoding.Latin1.GetString(bytes));

    // LONG1 / LONG4: two's complement, little-endian, as CPython's encode_long writes (and torch.load
    // reads) any int beyond 32 bits. Values that fit 64 bits come back as long, like BININT's, so a
    // storage offset or size of 2^31 or more reads as the number it is.
    static object ReadLongBytes(byte[] bytes) => Narrow(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    // Boxed explicitly: in `cond ? (long) v : v` C# converts the long back to BigInteger.
    static object Narrow(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (object) (long) v : v;

    object ReadLong(long n) => n == 0 ? 0L : ReadLongBytes(ReadBytes(n));

    object ParseIntLine(string s)
    {
        if (s == "00") return false;
        if (s == "01") return true;
        if (s.Length > MaxDigits) throw Error($"an integer of {s.Length} digits (more than the {MaxDigits} CPython converts)");
        if (BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return Narrow(v);
        throw Error($"'{Shorten(s)}' is not an integer");
    }

    double ParseFloat(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Error($"'{Shorten(s)}' is not a float");

    long ParseIndex(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw Error($"'{Shorten(s)}' is not a memo index");

    string ParseQuoted(string s)
    {
        if (s.Length >= 2 && (s[0] == '\'' || s[0] == '"') && s[^1] == s[0]) return Remember(Unescape(s[1..^1]));
        throw Error("STRING argument is not quoted");
    }

    static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
            char c = s[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'x' when i + 2 < s.Length && int.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, null, out var x):
                    sb.Append((char) x); i += 2; break;
                case 'u' when i + 4 < s.Length && int.TryParse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, null, out var u):
                    sb.Append((char) u); i += 4; break;
                default: sb.Append('\\').Append(c); break;
            }
        }
        return sb.ToString();
    }
}
