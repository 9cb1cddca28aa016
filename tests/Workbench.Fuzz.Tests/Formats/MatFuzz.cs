using Workbench.Vision.Mat;
using static Workbench.Fuzz.Tests.MatBuilder;

namespace Workbench.Fuzz.Tests;

/// <summary>.mat: nested cells, compression bombs, lying element lengths, huge and many dimensions, sparse and struct extremes.</summary>
internal sealed class MatFuzz : FuzzFormat
{
    public override string Name => "mat";
    public override string FileName => "case.mat";

    public override IReadOnlyList<(string Name, Func<Random, byte[]> Make)> Generators { get; } =
    [
        ("valid", Valid),
        ("nested-cells", NestedCells),
        ("compression-bomb", CompressionBomb),
        ("lying-lengths", LyingLengths),
        ("huge-dimensions", r => File(Numeric("x", [Mutations.Edgy(r), Mutations.Edgy(r), r.Next(0, 70000)], mxUINT8, miUINT8, new byte[r.Next(0, 64)]))),
        ("many-dimensions", r => File(Numeric("x", Enumerable.Repeat(1L, r.Next(20) == 0 ? 1_000_000 : new[] { 64, 65, 1000 }[r.Next(3)]).ToArray(), mxDOUBLE, miUINT8, [1]))),
        ("sparse-extremes", Sparse),
        ("struct-lies", Struct),
        ("char-rows", r => File(Matrix(mxCHAR, [r.Next(2) == 0 ? int.MaxValue : Mutations.Scale(r, 1 << 20), r.Next(0, 2)], "c", Element(miUINT16, new byte[2 * r.Next(0, 4)])))),
        ("many-empty-cells", ManyEmptyCells),
    ];

    public override IReadOnlyList<byte[]> Seeds { get; } = Fixtures.Files(".mat").Append(Valid(new Random(6))).ToList();

    public override void Read(string path)
    {
        var mat = MatFile.Read(path);
        foreach (var line in MatSummary.Of(mat)) _ = line.ToString();
    }

    public override bool IsClear(Exception e, string path) =>
        e is InvalidDataException or NotSupportedException && e.Message.StartsWith(path + ":", StringComparison.Ordinal);

    static byte[] Valid(Random r)
    {
        var values = new byte[6];
        r.NextBytes(values);
        var x = Numeric("x", [2, 3], mxDOUBLE, miUINT8, values);
        return File(r.Next(2) == 0 ? Compressed(x) : x, Numeric("y", [1, 2], mxUINT8, miUINT8, [1, 2]));
    }

    // A cell in a cell in a cell…: ~3,100 levels crashed the process with a stack overflow before.
    static byte[] NestedCells(Random r)
    {
        int depth = r.Next(3) == 0 ? r.Next(1, 120) : Mutations.Scale(r, 6000);
        var inner = Numeric("", [1, 1], mxDOUBLE, miDOUBLE, BitConverter.GetBytes(1.0));
        for (int i = 0; i < depth; i++) inner = Matrix(mxCELL, [1, 1], i == depth - 1 ? "c" : "", inner);
        return File(r.Next(2) == 0 ? Compressed(inner) : inner);
    }

    static byte[] CompressionBomb(Random r)
    {
        // The declared array matches the zeros that follow (an honest giant) or claims more (a lying one).
        long zeros = Mutations.Scale(r, 64 << 20);
        long declared = r.Next(3) == 0 ? Mutations.EdgyNonNegative(r) % uint.MaxValue : zeros;
        int cls = r.Next(2) == 0 ? mxDOUBLE : mxUINT8;   // a double array stored as bytes widens 8×
        var head = MatrixHead(cls, [declared, 1], "bomb", miUINT8, declared);
        return File(CompressedZeros(head, zeros));
    }

    static byte[] LyingLengths(Random r)
    {
        var x = Numeric("x", [2, 2], mxDOUBLE, miDOUBLE, new byte[32]);
        return r.Next(3) switch
        {
            0 => File(Compressed(x, lie: (uint) Mutations.Edgy(r))),
            1 => File(Element(miMATRIX, x.AsSpan(8), lie: (uint) Mutations.Edgy(r))),
            _ => File(Matrix(mxDOUBLE, [2, 2], "x", Element(miDOUBLE, new byte[32], lie: (uint) Mutations.Edgy(r)))),
        };
    }

    static byte[] Sparse(Random r)
    {
        long rows = r.Next(2) == 0 ? int.MaxValue : r.Next(0, 5), cols = r.Next(3) switch { 0 => int.MaxValue, 1 => 0, _ => r.Next(1, 5) };
        long nnz = r.Next(0, 3);
        var jc = Enumerable.Range(0, (int) Math.Min(cols + 1, 8)).Select(i => i == 0 ? 0L : r.Next(2) == 0 ? nnz : Mutations.Edgy(r));
        return File(Matrix(mxSPARSE, [rows, cols], "s",
            Ints(miINT32, Enumerable.Range(0, (int) nnz).Select(_ => r.Next(3) == 0 ? Mutations.Edgy(r) : 0L)),
            Ints(miINT32, jc),
            Element(miDOUBLE, new byte[8 * nnz])));
    }

    static byte[] Struct(Random r)
    {
        long nameLength = r.Next(3) switch { 0 => 0, 1 => Mutations.Edgy(r), _ => 8 };
        int fields = r.Next(0, 4);
        var names = new byte[Math.Max(0, (int) Math.Min(nameLength, 64)) * fields];
        var values = Enumerable.Range(0, fields).Select(_ => Numeric("", [1, 1], mxDOUBLE, miDOUBLE, new byte[8])).ToArray();
        long count = r.Next(2) == 0 ? 1 : Mutations.Edgy(r);
        return File(Matrix(mxSTRUCT, [count, 1], "st", [Ints(miINT32, [nameLength]), Element(miINT8, names), .. values]));
    }

    static byte[] ManyEmptyCells(Random r)
    {
        int n = Mutations.Scale(r, 1_000_000);
        var empty = new byte[8];
        BitConverter.TryWriteBytes(empty, MatBuilder.miMATRIX);   // a bare tag: an empty 0×0 double
        var cells = new byte[8L * n];
        for (int i = 0; i < n; i++) empty.CopyTo(cells, 8 * i);
        var cell = Matrix(mxCELL, [1, n], "cells", cells);
        return File(r.Next(2) == 0 ? Compressed(cell) : cell);
    }
}
