namespace Workbench.Vision.Mat;

/// <summary>A char array; each row is one string (MATLAB pads rows with spaces).</summary>
public sealed class MatCharArray : MatArray
{
    internal MatCharArray(MatArrayInfo info, char[] columnMajor) : base(info)
    {
        int rows = info.Dimensions[0];
        int columns = rows == 0 ? 0 : columnMajor.Length / rows;
        Rows = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = new char[columns];
            for (int c = 0; c < columns; c++) row[c] = columnMajor[(long) c * rows + r];
            Rows[r] = new string(row);
        }
    }

    public string[] Rows { get; }

    /// <summary>The string of a one-row char array (rows joined by newlines otherwise).</summary>
    public string Value => string.Join("\n", Rows);

    public override string ToString() => $"{Path}: {Shape} char '{Value}'";
}
