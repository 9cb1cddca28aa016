using System.Globalization;
using System.Text;

namespace Workbench.Torch;

// ToString of a tensor: its shape, dtype and device, then a preview of its values that elides
// the middle of long dimensions the way PyTorch's printer does.
internal static class TensorFormatter
{
    const int EdgeItems = 3;
    const int MaxFull = 6;

    internal static string Format(torch.Tensor t)
    {
        if (t.IsDisposed) return "tensor (disposed)";
        var shape = t.shape;
        var type = t.dtype;
        var header = $"[{string.Join(", ", shape)}], type = {type.Name()}, device = {t.device}";
        if (t.numel() == 0) return header;
        double[] values;
        using (var flat = t.detach().cpu().to(ScalarType.Float64))
            values = flat.ToArray<double>();
        var sb = new StringBuilder(header).Append('\n');
        var strides = new long[shape.Length];
        long s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= shape[d];
        }
        bool integral = !type.IsFloatingPoint();
        Append(sb, values, shape, strides, 0, 0, integral, type == ScalarType.Bool);
        return sb.ToString();
    }

    static void Append(StringBuilder sb, double[] v, long[] shape, long[] strides, int dim, long offset, bool integral, bool boolean)
    {
        if (shape.Length == 0)
        {
            sb.Append(Number(v[0], integral, boolean));
            return;
        }
        sb.Append('[');
        long n = shape[dim];
        for (long i = 0; i < n; i++)
        {
            if (n > MaxFull && i == EdgeItems)
            {
                sb.Append("..., ");
                i = n - EdgeItems;
            }
            if (dim == shape.Length - 1) sb.Append(Number(v[offset + i * strides[dim]], integral, boolean));
            else Append(sb, v, shape, strides, dim + 1, offset + i * strides[dim], integral, boolean);
            if (i < n - 1) sb.Append(dim == shape.Length - 1 ? ", " : ",\n" + new string(' ', dim + 1));
        }
        sb.Append(']');
    }

    static string Number(double x, bool integral, bool boolean) =>
        boolean ? (x != 0 ? "true" : "false") :
        integral ? ((long) x).ToString(CultureInfo.InvariantCulture) :
        x.ToString("0.####", CultureInfo.InvariantCulture);
}
