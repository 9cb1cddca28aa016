namespace Workbench.Vision.Mat;

/// <summary>MATLAB array classes (mxClassID) as stored in a v5 MAT-file.</summary>
public enum MatClass
{
    Cell = 1,
    Struct = 2,
    Object = 3,
    Char = 4,
    Sparse = 5,
    Double = 6,
    Single = 7,
    Int8 = 8,
    UInt8 = 9,
    Int16 = 10,
    UInt16 = 11,
    Int32 = 12,
    UInt32 = 13,
    Int64 = 14,
    UInt64 = 15,
    Function = 16,
    Opaque = 17,
}

public static class MatClassExtensions
{
    /// <summary>MATLAB's name for the class, as `class(x)` prints it.</summary>
    public static string MatlabName(this MatClass c) => c switch
    {
        MatClass.Cell => "cell",
        MatClass.Struct => "struct",
        MatClass.Object => "object",
        MatClass.Char => "char",
        MatClass.Sparse => "sparse",
        MatClass.Double => "double",
        MatClass.Single => "single",
        MatClass.Function => "function_handle",
        MatClass.Opaque => "opaque",
        _ => c.ToString().ToLowerInvariant(),
    };
}
