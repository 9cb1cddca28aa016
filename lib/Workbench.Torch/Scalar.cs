namespace Workbench.Torch;

/// <summary>
/// A number passed to a tensor operation. Integral and boolean scalars stay integral, so that
/// an int64 tensor plus 2 is still int64, as in PyTorch.
/// </summary>
public readonly struct Scalar
{
    internal readonly double D;
    internal readonly long I;
    internal readonly int Kind; // 0 floating, 1 integral, 2 boolean

    Scalar(double d, long i, int kind)
    {
        D = d;
        I = i;
        Kind = kind;
    }

    public bool IsFloatingPoint => Kind == 0;
    public double ToDouble() => Kind == 0 ? D : I;

    public static implicit operator Scalar(double v) => new(v, 0, 0);
    public static implicit operator Scalar(float v) => new(v, 0, 0);
    public static implicit operator Scalar(long v) => new(v, v, 1);
    public static implicit operator Scalar(int v) => new(v, v, 1);
    public static implicit operator Scalar(byte v) => new(v, v, 1);
    public static implicit operator Scalar(bool v) => new(v ? 1 : 0, v ? 1 : 0, 2);

    public override string ToString() => Kind switch { 0 => D.ToString("R"), 2 => (I != 0).ToString(), _ => I.ToString() };
}
