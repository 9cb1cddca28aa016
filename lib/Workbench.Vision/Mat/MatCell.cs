namespace Workbench.Vision.Mat;

/// <summary>A cell array; <see cref="Cells"/> in MATLAB's column-major order.</summary>
public sealed class MatCell : MatArray
{
    internal MatCell(MatArrayInfo info, MatArray[] cells) : base(info) => Cells = cells;

    public MatArray[] Cells { get; }

    /// <summary>Cell i (zero-based, column-major; a vector's elements in order).</summary>
    public MatArray this[int index] => index >= 0 && index < Cells.Length
        ? Cells[index]
        : throw new IndexOutOfRangeException($"{Source}: variable '{Path}' has {Cells.Length} cells, asked for cell {index}");
}
