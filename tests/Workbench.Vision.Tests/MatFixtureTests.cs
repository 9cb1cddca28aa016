using System.Text.Json;
using Workbench.Vision.Mat;

namespace Workbench.Vision.Tests;

// Every .mat fixture against what scipy.io.loadmat / whosmat read from the same file.
public class MatFixtureTests
{
    static IEnumerable<JsonElement> MatEntries => Fixtures.Expected.GetProperty("mat").EnumerateArray();

    static MatFile Load(string file) => MatFile.Read(Fixtures.PathOf("mat/" + file));

    static string ClassName(MatArray a) => a is MatNumericArray { IsLogical: true } ? "logical" : a.Class.MatlabName();

    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    static void AssertMatches(JsonElement expected, MatArray actual, string? matlabClass = null)
    {
        var dims = Ints(expected.GetProperty("dims"));
        // scipy reads MATLAB's bare empty element as 1×0, MATLAB (and we) as 0×0: both empty.
        if (dims.Aggregate(1L, (a, d) => a * d) == 0 && actual.Count == 0) return;
        var where = $"{actual.Source} {actual.Path}";
        Assert.True(dims.SequenceEqual(actual.Dimensions), $"{where}: dims {actual.Shape}, expected {string.Join("x", dims)}");
        var cls = expected.GetProperty("class").GetString()!;
        switch (actual)
        {
            case MatNumericArray n:
                Assert.Equal(matlabClass ?? cls, ClassName(n));
                if (expected.TryGetProperty("values", out var values))
                {
                    var row = n.ToDoubleArray();
                    var v = values.EnumerateArray().ToArray();
                    Assert.Equal(v.Length, row.Length);
                    for (int i = 0; i < v.Length; i++)
                    {
                        if (n.Class is MatClass.Int64 or MatClass.UInt64)
                        {
                            // Compare 64-bit integers exactly, not through double.
                            var cm = ColumnMajorIndex(i, n.Dimensions);
                            var text = n.Class == MatClass.Int64 ? ((long[]) n.Real)[cm].ToString() : ((ulong[]) n.Real)[cm].ToString();
                            Assert.Equal(v[i].GetRawText(), text);
                        }
                        else
                        {
                            Assert.Equal(v[i].GetDouble(), row[i]);
                        }
                    }
                }
                if (expected.TryGetProperty("sum", out var sum))
                {
                    Assert.Equal(sum.GetDouble(), n.Sum(), 1e-9 * Math.Max(1, Math.Abs(sum.GetDouble())));
                    Assert.Equal(expected.GetProperty("min").GetDouble(), n.Min());
                    Assert.Equal(expected.GetProperty("max").GetDouble(), n.Max());
                }
                Assert.Equal(expected.TryGetProperty("complex", out _), n.IsComplex);
                if (n.IsComplex)
                {
                    double imag = 0;
                    foreach (var x in (double[]) n.Imaginary!) imag += x;
                    Assert.Equal(expected.GetProperty("imag_sum").GetDouble(), imag);
                }
                break;
            case MatCharArray c:
                Assert.Equal("char", cls);
                Assert.Equal(expected.GetProperty("rows").EnumerateArray().Select(r => r.GetString()), c.Rows);
                break;
            case MatCell cell:
                Assert.Equal("cell", cls);
                var cells = expected.GetProperty("cells").EnumerateArray().ToArray();
                Assert.Equal(cells.Length, cell.Cells.Length);
                for (int i = 0; i < cells.Length; i++) AssertMatches(cells[i], cell[i]);
                break;
            case MatStruct s:
                Assert.Equal("struct", cls);
                Assert.Equal(expected.GetProperty("fields").EnumerateArray().Select(f => f.GetString()), s.FieldNames);
                var elements = expected.GetProperty("elements").EnumerateArray().ToArray();
                for (int i = 0; i < elements.Length; i++)
                    foreach (var f in s.FieldNames)
                        AssertMatches(elements[i].GetProperty(f), s.Field(f, i));
                break;
            case MatSparseArray sp:
                Assert.Equal("sparse", cls);
                Assert.Equal(expected.GetProperty("nnz").GetInt32(), sp.NonZeroCount);
                Assert.Equal(expected.GetProperty("dense").EnumerateArray().Select(x => x.GetDouble()), sp.ToDenseArray2D());
                break;
            default:
                Assert.Fail($"{where}: unexpected {actual.GetType().Name}");
                break;
        }
    }

    static long ColumnMajorIndex(long rowMajor, int[] dims)
    {
        long index = 0, stride = 1;
        var position = new long[dims.Length];
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            position[d] = rowMajor % dims[d];
            rowMajor /= dims[d];
        }
        for (int d = 0; d < dims.Length; d++)
        {
            index += position[d] * stride;
            stride *= dims[d];
        }
        return index;
    }

    [Fact]
    public void Every_mat_fixture_reads_as_scipy_reads_it()
    {
        int variables = 0;
        foreach (var entry in MatEntries)
        {
            var mat = MatFile.Read(Fixtures.PathOf(entry.GetProperty("file").GetString()!));
            var expected = entry.GetProperty("variables").EnumerateArray().ToArray();
            Assert.Equal(expected.Select(v => v.GetProperty("name").GetString()), mat.Names);
            Assert.Equal(entry.TryGetProperty("big_endian", out _), mat.IsBigEndian);
            foreach (var v in expected)
            {
                AssertMatches(v, mat[v.GetProperty("name").GetString()!], v.GetProperty("whosmat_class").GetString());
                variables++;
            }
        }
        Assert.True(variables >= 40, $"only {variables} variables compared");
    }

    [Fact]
    public void Sbd_gtcls_segmentation_comes_out_row_major()
    {
        foreach (var file in new[] { "sbd_gtcls_compressed.mat", "sbd_gtcls_uncompressed.mat" })
        {
            var gt = Load(file)["GTcls"].AsStruct();
            var seg = gt["Segmentation"].AsNumeric();
            Assert.Equal((7, 9), seg.Size2D());
            var bytes = seg.ToByteArray2D();
            var expected = MatEntries.Single(e => e.GetProperty("file").GetString() == "mat/" + file)
                .GetProperty("variables")[0].GetProperty("elements")[0].GetProperty("Segmentation").GetProperty("values")
                .EnumerateArray().Select(x => (byte) x.GetInt32());
            Assert.Equal(expected, bytes);
            Assert.Equal(15, bytes[1 * 9 + 2]);  // row 1, column 2 of the 15-square
            Assert.Equal(20, gt["Boundaries"].AsCell().Cells.Length);
            Assert.Equal(8, gt["Boundaries"].AsCell()[14].AsSparse().NonZeroCount);
            Assert.Equal(new byte[] { 7, 15 }, gt["CategoriesPresent"].AsNumeric().ToByteArray2D());
        }
    }

    [Fact]
    public void Siftflow_S_reads_as_int16_with_negative_geometric_labels()
    {
        var s = Load("siftflow_geo_S.mat")["S"].AsNumeric();
        Assert.Equal(MatClass.Int16, s.Class);
        var values = s.ToInt16Array2D();
        Assert.Contains((short) -1, values);
        Assert.Throws<InvalidDataException>(() => s.ToByteArray2D());  // -1 does not fit a byte
        var names = Load("siftflow_S.mat")["names"].AsCell();
        Assert.Equal("class01", names[0].AsChar().Value);
        Assert.Equal(33, names.Cells.Length);
    }

    [Fact]
    public void Nyud_segmentation_is_uint8()
    {
        var seg = Load("nyud_img_5001.mat")["segmentation"].AsNumeric();
        Assert.Equal(MatClass.UInt8, seg.Class);
        Assert.Equal(12 * 16, seg.ToByteArray2D().Length);
    }

    [Fact]
    public void Matlab_packed_doubles_and_empty_cells_read_as_matlab_would()
    {
        var mat = Load("matlab_packed.mat");
        var packed = mat["packed"].AsNumeric();
        Assert.Equal(MatClass.Double, packed.Class);
        Assert.IsType<double[]>(packed.Real);
        Assert.Equal(new[] { 3.0, 255, 0, 9 }, packed.ToDoubleArray2D());
        var c = mat["c"].AsCell();
        Assert.True(c[0].IsEmpty);
        Assert.Equal(2.5, c[1].AsNumeric()[0, 0]);
    }

    [Fact]
    public void Nested_structs_and_struct_arrays_are_reachable_by_field()
    {
        var mat = Load("types_compressed.mat");
        var leaf = mat["nested"].AsStruct()["inner"].AsStruct()["leaf"].AsNumeric();
        Assert.Equal("nested.inner.leaf", leaf.Path);
        Assert.Equal(new short[] { 1, 2, 3, 4 }, leaf.ToInt16Array2D());
        var people = mat["people"].AsStruct();
        Assert.Equal("alan", people.Field("name", 1).AsChar().Value);
        Assert.Equal(41, people.Field("age", 1).AsNumeric()[0, 0]);
        var missing = Assert.Throws<KeyNotFoundException>(() => people.Field("height"));
        Assert.Contains("types_compressed.mat", missing.Message);
        Assert.Contains("name, age", missing.Message);
        var wrongKind = Assert.Throws<InvalidDataException>(() => mat["word"].AsNumeric());
        Assert.Contains("'word'", wrongKind.Message);
        Assert.Throws<KeyNotFoundException>(() => mat["nope"]);
    }

    [Fact]
    public void A_v73_file_is_refused_saying_it_is_hdf5()
    {
        var error = Assert.Throws<NotSupportedException>(() => Load("v73.mat"));
        Assert.Contains("v7.3", error.Message);
        Assert.Contains("HDF5", error.Message);
        Assert.Contains("v73.mat", error.Message);
    }
}
