namespace Workbench.Vision.Mat;

/// <summary>A struct array (or an object, whose class name is kept): field values per element.</summary>
public sealed class MatStruct : MatArray
{
    readonly MatArray[,] values;

    internal MatStruct(MatArrayInfo info, string[] fieldNames, MatArray[,] values, string? className) : base(info)
    {
        FieldNames = fieldNames;
        this.values = values;
        ClassName = className;
    }

    public string[] FieldNames { get; }

    /// <summary>For MATLAB objects, their class name; null for plain structs.</summary>
    public string? ClassName { get; }

    public bool HasField(string name) => Array.IndexOf(FieldNames, name) >= 0;

    /// <summary>A field of element <paramref name="index"/> (column-major); for a 1×1 struct, index 0.</summary>
    public MatArray Field(string name, int index = 0)
    {
        int f = Array.IndexOf(FieldNames, name);
        if (f < 0)
            throw new KeyNotFoundException(
                $"{Source}: struct '{Path}' has no field '{name}' (fields: {string.Join(", ", FieldNames)})");
        if (index < 0 || index >= values.GetLength(0))
            throw new IndexOutOfRangeException($"{Source}: struct '{Path}' has {values.GetLength(0)} elements, asked for {index}");
        return values[index, f];
    }

    public MatArray this[string name] => Field(name);
}
