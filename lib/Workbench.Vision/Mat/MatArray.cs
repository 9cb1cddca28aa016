namespace Workbench.Vision.Mat;

/// <summary>
/// One MATLAB array from a MAT-file. MATLAB stores arrays column-major; the typed subclasses
/// give row-major copies (<see cref="MatNumericArray.ToByteArray2D"/> and friends).
/// </summary>
public abstract class MatArray
{
    private protected MatArray(MatArrayInfo info)
    {
        Name = info.Name;
        Path = info.Path;
        Source = info.Source;
        Class = info.Class;
        Dimensions = info.Dimensions;
    }

    /// <summary>The variable name (empty for cell elements and struct fields).</summary>
    public string Name { get; }

    /// <summary>Where the array sits in the file: "GTcls.Segmentation", "names{3}", "S".</summary>
    public string Path { get; }

    /// <summary>The file it came from, or "in-memory buffer".</summary>
    public string Source { get; }

    public MatClass Class { get; }

    /// <summary>MATLAB's size(x): at least two dimensions.</summary>
    public int[] Dimensions { get; }

    public long Count => Dimensions.Aggregate(1L, (a, d) => a * d);

    public bool IsEmpty => Count == 0;

    /// <summary>"375x500", as MATLAB prints a size.</summary>
    public string Shape => string.Join("x", Dimensions);

    public MatNumericArray AsNumeric() => As<MatNumericArray>("a numeric array");
    public MatStruct AsStruct() => As<MatStruct>("a struct");
    public MatCell AsCell() => As<MatCell>("a cell array");
    public MatCharArray AsChar() => As<MatCharArray>("a char array");
    public MatSparseArray AsSparse() => As<MatSparseArray>("a sparse array");

    T As<T>(string what) where T : MatArray =>
        this as T ?? throw new InvalidDataException($"{Source}: variable '{Path}' is {Class.MatlabName()} {Shape}, expected {what}");

    private protected InvalidDataException Error(string message) => new($"{Source}: variable '{Path}': {message}");

    /// <summary>Rows and columns of a 2-D array (trailing singleton dimensions allowed).</summary>
    public (int Rows, int Columns) Size2D()
    {
        if (Dimensions.Skip(2).Any(d => d != 1))
            throw Error($"expected a 2-D array, found {Shape}");
        return (Dimensions[0], Dimensions[1]);
    }

    public override string ToString() => $"{Path}: {Shape} {Class.MatlabName()}";
}

internal readonly record struct MatArrayInfo(string Name, string Path, string Source, MatClass Class, int[] Dimensions);
