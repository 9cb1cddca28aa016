using Workbench.Torch.Native;

namespace Workbench.Torch;

public static partial class torch
{
    // Codes of the shim's binary and unary ops (native/src/math.cpp).
    internal enum BinaryOp
    {
        Add, Sub, Mul, Div, Pow, Eq, Ne, Lt, Le, Gt, Ge, Maximum, Minimum, Remainder, Matmul,
        LogicalAnd, LogicalOr, FloorDivide, BitwiseAnd, BitwiseOr,
    }

    internal enum UnaryOp
    {
        Neg, Abs, Exp, Log, Sqrt, Rsqrt, Sigmoid, Tanh, Relu, Floor, Ceil, Round, Sign, LogicalNot,
        Square, Sin, Cos, IsNan, Reciprocal, IsFinite, Log1p, Expm1,
    }

    public partial class Tensor
    {
        internal Tensor Binary(BinaryOp op, Tensor other, double alpha = 1) =>
            Wrap(NativeMethods.wb_binary((int) op, Handle, other.Handle, alpha), op.ToString().ToLowerInvariant());

        internal Tensor Binary(BinaryOp op, Scalar s) =>
            Wrap(NativeMethods.wb_binary_scalar((int) op, Handle, s.D, s.I, s.Kind), op.ToString().ToLowerInvariant());

        internal static Tensor Binary(BinaryOp op, Scalar s, Tensor t) =>
            Wrap(NativeMethods.wb_scalar_binary((int) op, s.D, s.I, s.Kind, t.Handle), op.ToString().ToLowerInvariant());

        internal Tensor BinaryInPlace(BinaryOp op, Tensor other, double alpha = 1)
        {
            TorchException.Check(NativeMethods.wb_binary_((int) op, Handle, other.Handle, alpha), op.ToString().ToLowerInvariant() + "_");
            return this;
        }

        internal Tensor BinaryInPlace(BinaryOp op, Scalar s)
        {
            TorchException.Check(NativeMethods.wb_binary_scalar_((int) op, Handle, s.D, s.I, s.Kind), op.ToString().ToLowerInvariant() + "_");
            return this;
        }

        internal Tensor Unary(UnaryOp op) => Wrap(NativeMethods.wb_unary((int) op, Handle), op.ToString().ToLowerInvariant());

        internal Tensor UnaryInPlace(UnaryOp op)
        {
            TorchException.Check(NativeMethods.wb_unary_((int) op, Handle), op.ToString().ToLowerInvariant() + "_");
            return this;
        }

        // ---- operators (broadcasting) -------------------------------------------------------

        public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
        public static Tensor operator +(Tensor a, Scalar b) => a.Binary(BinaryOp.Add, b);
        public static Tensor operator +(Scalar a, Tensor b) => Binary(BinaryOp.Add, a, b);
        public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
        public static Tensor operator -(Tensor a, Scalar b) => a.Binary(BinaryOp.Sub, b);
        public static Tensor operator -(Scalar a, Tensor b) => Binary(BinaryOp.Sub, a, b);
        public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
        public static Tensor operator *(Tensor a, Scalar b) => a.Binary(BinaryOp.Mul, b);
        public static Tensor operator *(Scalar a, Tensor b) => Binary(BinaryOp.Mul, a, b);
        public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
        public static Tensor operator /(Tensor a, Scalar b) => a.Binary(BinaryOp.Div, b);
        public static Tensor operator /(Scalar a, Tensor b) => Binary(BinaryOp.Div, a, b);
        public static Tensor operator %(Tensor a, Tensor b) => a.Binary(BinaryOp.Remainder, b);
        public static Tensor operator %(Tensor a, Scalar b) => a.Binary(BinaryOp.Remainder, b);
        public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);
        public static Tensor operator <(Tensor a, Tensor b) => a.Binary(BinaryOp.Lt, b);
        public static Tensor operator <(Tensor a, Scalar b) => a.Binary(BinaryOp.Lt, b);
        public static Tensor operator >(Tensor a, Tensor b) => a.Binary(BinaryOp.Gt, b);
        public static Tensor operator >(Tensor a, Scalar b) => a.Binary(BinaryOp.Gt, b);
        public static Tensor operator <=(Tensor a, Tensor b) => a.Binary(BinaryOp.Le, b);
        public static Tensor operator <=(Tensor a, Scalar b) => a.Binary(BinaryOp.Le, b);
        public static Tensor operator >=(Tensor a, Tensor b) => a.Binary(BinaryOp.Ge, b);
        public static Tensor operator >=(Tensor a, Scalar b) => a.Binary(BinaryOp.Ge, b);
        public static Tensor operator <(Scalar a, Tensor b) => b.Binary(BinaryOp.Gt, a);
        public static Tensor operator >(Scalar a, Tensor b) => b.Binary(BinaryOp.Lt, a);
        public static Tensor operator <=(Scalar a, Tensor b) => b.Binary(BinaryOp.Ge, a);
        public static Tensor operator >=(Scalar a, Tensor b) => b.Binary(BinaryOp.Le, a);
        public static Tensor operator &(Tensor a, Tensor b) => a.Binary(a.dtype == ScalarType.Bool ? BinaryOp.LogicalAnd : BinaryOp.BitwiseAnd, b);
        public static Tensor operator |(Tensor a, Tensor b) => a.Binary(a.dtype == ScalarType.Bool ? BinaryOp.LogicalOr : BinaryOp.BitwiseOr, b);
        public static Tensor operator ~(Tensor a) => a.Unary(UnaryOp.LogicalNot);

        // ---- named element-wise ops ---------------------------------------------------------

        public Tensor add(Tensor other, Scalar? alpha = null) => Binary(BinaryOp.Add, other, alpha?.ToDouble() ?? 1);
        public Tensor add(Scalar other) => Binary(BinaryOp.Add, other);
        public Tensor sub(Tensor other, Scalar? alpha = null) => Binary(BinaryOp.Sub, other, alpha?.ToDouble() ?? 1);
        public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other);
        public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
        public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other);
        public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
        public Tensor div(Scalar other) => Binary(BinaryOp.Div, other);
        public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
        public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
        public Tensor floor_divide(Scalar other) => Binary(BinaryOp.FloorDivide, other);
        public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other);
        public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other);
        public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
        public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
        public Tensor matmul(Tensor other) => Binary(BinaryOp.Matmul, other);
        public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
        public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);
        public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
        public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);
        public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
        public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);
        public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
        public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);
        public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
        public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);
        public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
        public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);
        public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
        public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
        public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

        public Tensor neg() => Unary(UnaryOp.Neg);
        public Tensor abs() => Unary(UnaryOp.Abs);
        public Tensor exp() => Unary(UnaryOp.Exp);
        public Tensor log() => Unary(UnaryOp.Log);
        public Tensor log1p() => Unary(UnaryOp.Log1p);
        public Tensor expm1() => Unary(UnaryOp.Expm1);
        public Tensor sqrt() => Unary(UnaryOp.Sqrt);
        public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
        public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
        public Tensor tanh() => Unary(UnaryOp.Tanh);
        public Tensor relu() => Unary(UnaryOp.Relu);
        public Tensor floor() => Unary(UnaryOp.Floor);
        public Tensor ceil() => Unary(UnaryOp.Ceil);
        public Tensor round() => Unary(UnaryOp.Round);
        public Tensor sign() => Unary(UnaryOp.Sign);
        public Tensor square() => Unary(UnaryOp.Square);
        public Tensor sin() => Unary(UnaryOp.Sin);
        public Tensor cos() => Unary(UnaryOp.Cos);
        public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
        public Tensor isnan() => Unary(UnaryOp.IsNan);
        public Tensor isfinite() => Unary(UnaryOp.IsFinite);

        public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
            Wrap(NativeMethods.wb_clamp(Handle, min is null ? 0 : 1, min?.ToDouble() ?? 0, max is null ? 0 : 1, max?.ToDouble() ?? 0), "clamp");

        // ---- in place -----------------------------------------------------------------------

        public Tensor add_(Tensor other, Scalar? alpha = null) => BinaryInPlace(BinaryOp.Add, other, alpha?.ToDouble() ?? 1);
        public Tensor add_(Scalar other) => BinaryInPlace(BinaryOp.Add, other);
        public Tensor sub_(Tensor other, Scalar? alpha = null) => BinaryInPlace(BinaryOp.Sub, other, alpha?.ToDouble() ?? 1);
        public Tensor sub_(Scalar other) => BinaryInPlace(BinaryOp.Sub, other);
        public Tensor mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other);
        public Tensor mul_(Scalar other) => BinaryInPlace(BinaryOp.Mul, other);
        public Tensor div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other);
        public Tensor div_(Scalar other) => BinaryInPlace(BinaryOp.Div, other);
        public Tensor pow_(Scalar exponent) => BinaryInPlace(BinaryOp.Pow, exponent);
        public Tensor relu_() => UnaryInPlace(UnaryOp.Relu);
        public Tensor neg_() => UnaryInPlace(UnaryOp.Neg);
        public Tensor abs_() => UnaryInPlace(UnaryOp.Abs);
        public Tensor exp_() => UnaryInPlace(UnaryOp.Exp);
        public Tensor log_() => UnaryInPlace(UnaryOp.Log);
        public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt);

        public Tensor addcmul_(Tensor t1, Tensor t2, Scalar? value = null)
        {
            TorchException.Check(NativeMethods.wb_addcmul_(Handle, t1.Handle, t2.Handle, value?.ToDouble() ?? 1), "addcmul_");
            return this;
        }

        public Tensor addcdiv_(Tensor t1, Tensor t2, Scalar? value = null)
        {
            TorchException.Check(NativeMethods.wb_addcdiv_(Handle, t1.Handle, t2.Handle, value?.ToDouble() ?? 1), "addcdiv_");
            return this;
        }

        // ---- reductions ---------------------------------------------------------------------

        // No dtype-only overload: with one, x.sum(0) would bind the literal 0 to the enum.
        public Tensor sum() => Wrap(NativeMethods.wb_sum(Handle, null, 0, 0, -1), "sum");

        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim }, keepdim, type);

        public Tensor sum(long[] dims, bool keepdim = false, ScalarType? type = null) =>
            Wrap(NativeMethods.wb_sum(Handle, dims, dims.Length, keepdim ? 1 : 0, (int?) type ?? -1), "sum");

        public Tensor mean() => Wrap(NativeMethods.wb_mean(Handle, null, 0, 0, -1), "mean");

        public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => mean(new[] { dim }, keepdim, type);

        public Tensor mean(long[] dims, bool keepdim = false, ScalarType? type = null) =>
            Wrap(NativeMethods.wb_mean(Handle, dims, dims.Length, keepdim ? 1 : 0, (int?) type ?? -1), "mean");

        public Tensor max() => Wrap(NativeMethods.wb_max_all(Handle), "max");
        public Tensor min() => Wrap(NativeMethods.wb_min_all(Handle), "min");

        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
        {
            TorchException.Check(NativeMethods.wb_max_dim(Handle, dim, keepdim ? 1 : 0, out var v, out var i), "max");
            return (new Tensor(v), new Tensor(i));
        }

        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
        {
            TorchException.Check(NativeMethods.wb_min_dim(Handle, dim, keepdim ? 1 : 0, out var v, out var i), "min");
            return (new Tensor(v), new Tensor(i));
        }

        public Tensor argmax() => Wrap(NativeMethods.wb_argmax(Handle, 0, 0, 0), "argmax");
        public Tensor argmax(long dim, bool keepdim = false) => Wrap(NativeMethods.wb_argmax(Handle, 1, dim, keepdim ? 1 : 0), "argmax");
        public Tensor argmin() => Wrap(NativeMethods.wb_argmin(Handle, 0, 0, 0), "argmin");
        public Tensor argmin(long dim, bool keepdim = false) => Wrap(NativeMethods.wb_argmin(Handle, 1, dim, keepdim ? 1 : 0), "argmin");
        public Tensor any() => Wrap(NativeMethods.wb_any(Handle), "any");
        public Tensor all() => Wrap(NativeMethods.wb_all(Handle), "all");

        public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
            TorchException.Check(NativeMethods.wb_allclose(Handle, other.Handle, rtol, atol, equal_nan ? 1 : 0), "allclose") == 1;

        /// <summary>Same shape and same values (torch.equal).</summary>
        public bool equal(Tensor other) => TorchException.Check(NativeMethods.wb_equal(Handle, other.Handle), "equal") == 1;
    }
}
