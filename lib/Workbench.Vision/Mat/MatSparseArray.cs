namespace Workbench.Vision.Mat;

/// <summary>
/// A 2-D sparse matrix in MATLAB's compressed-column form (SBD keeps its boundaries so).
/// </summary>
public sealed class MatSparseArray : MatArray
{
    internal MatSparseArray(MatArrayInfo info, int[] rowIndices, int[] columnStarts, double[] values, bool isLogical) : base(info)
    {
        RowIndices = rowIndices;
        ColumnStarts = columnStarts;
        Values = values;
        IsLogical = isLogical;
    }

    /// <summary>Row of each stored value (ir).</summary>
    public int[] RowIndices { get; }

    /// <summary>Index into <see cref="Values"/> where each column starts, columns + 1 entries (jc).</summary>
    public int[] ColumnStarts { get; }

    public double[] Values { get; }
    public bool IsLogical { get; }
    public int NonZeroCount => ColumnStarts[^1];

    /// <summary>Row-major dense copy (H×W).</summary>
    public double[] ToDenseArray2D()
    {
        var (rows, columns) = Size2D();
        var dense = new double[(long) rows * columns];
        for (int c = 0; c < columns; c++)
            for (int k = ColumnStarts[c]; k < ColumnStarts[c + 1]; k++)
                dense[(long) RowIndices[k] * columns + c] = Values[k];
        return dense;
    }
}
