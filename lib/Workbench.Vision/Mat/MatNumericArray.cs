using System.Numerics;

namespace Workbench.Vision.Mat;

/// <summary>
/// A numeric or logical array. <see cref="Real"/> is a column-major array of the class's own type
/// (double[], float[], sbyte[], byte[], short[], ushort[], int[], uint[], long[], ulong[]; logical
/// arrays are byte[] of 0/1).
/// </summary>
public sealed class MatNumericArray : MatArray
{
    internal MatNumericArray(MatArrayInfo info, Array real, Array? imaginary, bool isLogical) : base(info)
    {
        Real = real;
        Imaginary = imaginary;
        IsLogical = isLogical;
    }

    public Array Real { get; }
    public Array? Imaginary { get; }
    public bool IsComplex => Imaginary is not null;
    public bool IsLogical { get; }

    /// <summary>Element i in MATLAB's (column-major) order, as a double.</summary>
    public double GetDouble(long columnMajorIndex) => Class switch
    {
        // By class, not by `Real is sbyte[]`: the runtime lets a byte[] pass as sbyte[] (and
        // ushort[] as short[], …), so array type patterns cannot tell them apart.
        MatClass.Double => ((double[]) Real)[columnMajorIndex],
        MatClass.Single => ((float[]) Real)[columnMajorIndex],
        MatClass.Int8 => ((sbyte[]) Real)[columnMajorIndex],
        MatClass.UInt8 => ((byte[]) Real)[columnMajorIndex],
        MatClass.Int16 => ((short[]) Real)[columnMajorIndex],
        MatClass.UInt16 => ((ushort[]) Real)[columnMajorIndex],
        MatClass.Int32 => ((int[]) Real)[columnMajorIndex],
        MatClass.UInt32 => ((uint[]) Real)[columnMajorIndex],
        MatClass.Int64 => ((long[]) Real)[columnMajorIndex],
        _ => ((ulong[]) Real)[columnMajorIndex],
    };

    /// <summary>Element (row, column) of a 2-D array, zero-based.</summary>
    public double this[int row, int column] => GetDouble((long) column * Dimensions[0] + row);

    /// <summary>All values as doubles in row-major (C) order over all dimensions.</summary>
    public double[] ToDoubleArray()
    {
        var output = new double[Count];
        var order = RowMajorOrder();
        for (long i = 0; i < output.LongLength; i++) output[i] = GetDouble(order[i]);
        return output;
    }

    /// <summary>H×W row-major bytes of a 2-D array; every value must be an integer in 0..255.</summary>
    public byte[] ToByteArray2D() => To2D(v => (byte) v, byte.MinValue, byte.MaxValue);

    public short[] ToInt16Array2D() => To2D(v => (short) v, short.MinValue, short.MaxValue);

    public int[] ToInt32Array2D() => To2D(v => (int) v, int.MinValue, int.MaxValue);

    public float[] ToSingleArray2D() => To2D(v => (float) v, double.NegativeInfinity, double.PositiveInfinity, integers: false);

    public double[] ToDoubleArray2D() => To2D(v => v, double.NegativeInfinity, double.PositiveInfinity, integers: false);

    T[] To2D<T>(Func<double, T> convert, double min, double max, bool integers = true)
    {
        var (rows, columns) = Size2D();
        var output = new T[(long) rows * columns];
        for (int c = 0; c < columns; c++)
            for (int r = 0; r < rows; r++)
            {
                double v = GetDouble((long) c * rows + r);
                if (integers && (v < min || v > max || v != Math.Floor(v)))
                    throw Error($"value {v} at ({r},{c}) does not fit {typeof(T).Name} ({min}..{max})");
                output[(long) r * columns + c] = convert(v);
            }
        return output;
    }

    // For each row-major position, the column-major index of the same element.
    long[] RowMajorOrder()
    {
        var dims = Dimensions;
        long n = Count;
        var order = new long[n];
        var index = new int[dims.Length];
        var strides = new long[dims.Length];
        long stride = 1;
        for (int d = 0; d < dims.Length; d++)
        {
            strides[d] = stride;
            stride *= dims[d];
        }
        for (long i = 0; i < n; i++)
        {
            long cm = 0;
            for (int d = 0; d < dims.Length; d++) cm += index[d] * strides[d];
            order[i] = cm;
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return order;
    }

    public double Sum()
    {
        double s = 0;
        for (long i = 0; i < Count; i++) s += GetDouble(i);
        return s;
    }

    public double Min() => IsEmpty ? double.NaN : Enumerable.Range(0, checked((int) Count)).Min(i => GetDouble(i));
    public double Max() => IsEmpty ? double.NaN : Enumerable.Range(0, checked((int) Count)).Max(i => GetDouble(i));
}
