// Element-wise arithmetic, comparisons and reductions. Ops are selected by a small integer code
// (mirrored by the managed `Op` enums) so the ABI stays small without losing any op.
#include "shim.h"
#include <cmath>

using wb::make;
using wb::ref;
using wb::run;

namespace {

enum Binary {
  ADD = 0, SUB, MUL, DIV, POW, EQ, NE, LT, LE, GT, GE, MAXIMUM, MINIMUM, REMAINDER, MATMUL,
  LOGICAL_AND, LOGICAL_OR, FLOOR_DIVIDE, BITWISE_AND, BITWISE_OR
};

enum Unary {
  NEG = 0, ABS, EXP, LOG, SQRT, RSQRT, SIGMOID, TANH, RELU, FLOOR, CEIL, ROUND, SIGN, LOGICAL_NOT,
  SQUARE, SIN, COS, ISNAN, RECIPROCAL, ISFINITE, LOG1P, EXPM1
};

at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b, const at::Scalar& alpha) {
  switch (op) {
    case ADD: return at::add(a, b, alpha);
    case SUB: return at::sub(a, b, alpha);
    case MUL: return at::mul(a, b);
    case DIV: return at::div(a, b);
    case POW: return at::pow(a, b);
    case EQ: return at::eq(a, b);
    case NE: return at::ne(a, b);
    case LT: return at::lt(a, b);
    case LE: return at::le(a, b);
    case GT: return at::gt(a, b);
    case GE: return at::ge(a, b);
    case MAXIMUM: return at::maximum(a, b);
    case MINIMUM: return at::minimum(a, b);
    case REMAINDER: return at::remainder(a, b);
    case MATMUL: return at::matmul(a, b);
    case LOGICAL_AND: return at::logical_and(a, b);
    case LOGICAL_OR: return at::logical_or(a, b);
    case FLOOR_DIVIDE: return at::div(a, b, "floor");
    case BITWISE_AND: return at::bitwise_and(a, b);
    case BITWISE_OR: return at::bitwise_or(a, b);
    default: throw std::invalid_argument("unknown binary op " + std::to_string(op));
  }
}

at::Tensor binary(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case ADD: return at::add(a, s);
    case SUB: return at::sub(a, s);
    case MUL: return at::mul(a, s);
    case DIV: return at::div(a, s);
    case POW: return at::pow(a, s);
    case EQ: return at::eq(a, s);
    case NE: return at::ne(a, s);
    case LT: return at::lt(a, s);
    case LE: return at::le(a, s);
    case GT: return at::gt(a, s);
    case GE: return at::ge(a, s);
    case REMAINDER: return at::remainder(a, s);
    case FLOOR_DIVIDE: return at::div(a, s, "floor");
    // Remaining ops take the scalar as a 0-dim tensor, which type-promotes like a Python number.
    default: return binary(op, a, at::scalar_tensor(s, a.options().dtype(at::result_type(a, s))), 1);
  }
}

void binary_(int op, at::Tensor& a, const at::Tensor& b, const at::Scalar& alpha) {
  switch (op) {
    case ADD: a.add_(b, alpha); return;
    case SUB: a.sub_(b, alpha); return;
    case MUL: a.mul_(b); return;
    case DIV: a.div_(b); return;
    case POW: a.pow_(b); return;
    case MAXIMUM: a.copy_(at::maximum(a, b)); return;
    case MINIMUM: a.copy_(at::minimum(a, b)); return;
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place form");
  }
}

void binary_(int op, at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case ADD: a.add_(s); return;
    case SUB: a.sub_(s); return;
    case MUL: a.mul_(s); return;
    case DIV: a.div_(s); return;
    case POW: a.pow_(s); return;
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place scalar form");
  }
}

at::Tensor unary(int op, const at::Tensor& a) {
  switch (op) {
    case NEG: return at::neg(a);
    case ABS: return at::abs(a);
    case EXP: return at::exp(a);
    case LOG: return at::log(a);
    case SQRT: return at::sqrt(a);
    case RSQRT: return at::rsqrt(a);
    case SIGMOID: return at::sigmoid(a);
    case TANH: return at::tanh(a);
    case RELU: return at::relu(a);
    case FLOOR: return at::floor(a);
    case CEIL: return at::ceil(a);
    case ROUND: return at::round(a);
    case SIGN: return at::sign(a);
    case LOGICAL_NOT: return at::logical_not(a);
    case SQUARE: return at::square(a);
    case SIN: return at::sin(a);
    case COS: return at::cos(a);
    case ISNAN: return at::isnan(a);
    case RECIPROCAL: return at::reciprocal(a);
    case ISFINITE: return at::isfinite(a);
    case LOG1P: return at::log1p(a);
    case EXPM1: return at::expm1(a);
    default: throw std::invalid_argument("unknown unary op " + std::to_string(op));
  }
}

void unary_(int op, at::Tensor& a) {
  switch (op) {
    case NEG: a.neg_(); return;
    case ABS: a.abs_(); return;
    case EXP: a.exp_(); return;
    case LOG: a.log_(); return;
    case SQRT: a.sqrt_(); return;
    case RELU: a.relu_(); return;
    case SIGMOID: a.sigmoid_(); return;
    case TANH: a.tanh_(); return;
    case FLOOR: a.floor_(); return;
    case CEIL: a.ceil_(); return;
    case ROUND: a.round_(); return;
    case SQUARE: a.mul_(a); return;
    case RECIPROCAL: a.reciprocal_(); return;
    default: throw std::invalid_argument("unary op " + std::to_string(op) + " has no in-place form");
  }
}

// alpha crosses the ABI as a double; an integral value must become an integral Scalar, or libtorch
// refuses `int_tensor + int_tensor` ("argument alpha must not be a floating point number").
at::Scalar alpha_scalar(double alpha) {
  if (std::floor(alpha) == alpha && std::fabs(alpha) < 9007199254740992.0) return at::Scalar(static_cast<int64_t>(alpha));
  return at::Scalar(alpha);
}

c10::optional<at::ScalarType> out_dtype(int dtype) {
  if (dtype < 0) return c10::nullopt;
  return wb::scalar_type(dtype);
}

}  // namespace

WB_API wb_tensor wb_binary(int op, wb_tensor a, wb_tensor b, double alpha) {
  return make([&] { return binary(op, ref(a), ref(b), alpha_scalar(alpha)); });
}

WB_API wb_tensor wb_binary_scalar(int op, wb_tensor a, double d, int64_t i, int kind) {
  return make([&] { return binary(op, ref(a), wb::scalar(d, i, kind)); });
}

// scalar OP tensor, for `2 - t` and `1 / t`.
WB_API wb_tensor wb_scalar_binary(int op, double d, int64_t i, int kind, wb_tensor a) {
  return make([&] {
    auto s = wb::scalar(d, i, kind);
    switch (op) {
      case ADD: return at::add(ref(a), s);
      case MUL: return at::mul(ref(a), s);
      case SUB: return at::rsub(ref(a), s);
      default: {
        auto st = at::scalar_tensor(s, ref(a).options().dtype(at::result_type(ref(a), s)));
        return binary(op, st, ref(a), 1);
      }
    }
  });
}

WB_API int wb_binary_(int op, wb_tensor a, wb_tensor b, double alpha) {
  return run([&] { at::Tensor x = ref(a); binary_(op, x, ref(b), alpha_scalar(alpha)); });
}

WB_API int wb_binary_scalar_(int op, wb_tensor a, double d, int64_t i, int kind) {
  return run([&] { at::Tensor x = ref(a); binary_(op, x, wb::scalar(d, i, kind)); });
}

WB_API wb_tensor wb_unary(int op, wb_tensor a) { return make([&] { return unary(op, ref(a)); }); }

WB_API int wb_unary_(int op, wb_tensor a) { return run([&] { at::Tensor x = ref(a); unary_(op, x); }); }

// a += value * b * c  /  a += value * b / c (the fused updates optimizers use)
WB_API int wb_addcmul_(wb_tensor a, wb_tensor b, wb_tensor c, double value) {
  return run([&] { at::Tensor x = ref(a); x.addcmul_(ref(b), ref(c), value); });
}
WB_API int wb_addcdiv_(wb_tensor a, wb_tensor b, wb_tensor c, double value) {
  return run([&] { at::Tensor x = ref(a); x.addcdiv_(ref(b), ref(c), value); });
}

WB_API wb_tensor wb_clamp(wb_tensor a, int has_min, double min, int has_max, double max) {
  return make([&] {
    c10::optional<at::Scalar> lo, hi;
    if (has_min) lo = at::Scalar(min);
    if (has_max) hi = at::Scalar(max);
    return at::clamp(ref(a), lo, hi);
  });
}

// ---- reductions -------------------------------------------------------------------------------

WB_API wb_tensor wb_sum(wb_tensor t, const int64_t* d, int n, int keepdim, int dtype) {
  return make([&] {
    if (n == 0) return at::sum(ref(t), out_dtype(dtype));
    return at::sum(ref(t), wb::dims(d, n), keepdim != 0, out_dtype(dtype));
  });
}

WB_API wb_tensor wb_mean(wb_tensor t, const int64_t* d, int n, int keepdim, int dtype) {
  return make([&] {
    if (n == 0) return at::mean(ref(t), out_dtype(dtype));
    return at::mean(ref(t), wb::dims(d, n), keepdim != 0, out_dtype(dtype));
  });
}

WB_API wb_tensor wb_max_all(wb_tensor t) { return make([&] { return at::max(ref(t)); }); }
WB_API wb_tensor wb_min_all(wb_tensor t) { return make([&] { return at::min(ref(t)); }); }

WB_API int wb_max_dim(wb_tensor t, int64_t dim, int keepdim, wb_tensor* values, wb_tensor* indices) {
  return run([&] {
    auto r = at::max(ref(t), dim, keepdim != 0);
    *values = wb::handle(std::get<0>(r));
    *indices = wb::handle(std::get<1>(r));
  });
}

WB_API int wb_min_dim(wb_tensor t, int64_t dim, int keepdim, wb_tensor* values, wb_tensor* indices) {
  return run([&] {
    auto r = at::min(ref(t), dim, keepdim != 0);
    *values = wb::handle(std::get<0>(r));
    *indices = wb::handle(std::get<1>(r));
  });
}

WB_API wb_tensor wb_argmax(wb_tensor t, int has_dim, int64_t dim, int keepdim) {
  return make([&] {
    c10::optional<int64_t> d;
    if (has_dim) d = dim;
    return at::argmax(ref(t), d, keepdim != 0);
  });
}

WB_API wb_tensor wb_argmin(wb_tensor t, int has_dim, int64_t dim, int keepdim) {
  return make([&] {
    c10::optional<int64_t> d;
    if (has_dim) d = dim;
    return at::argmin(ref(t), d, keepdim != 0);
  });
}

WB_API wb_tensor wb_any(wb_tensor t) { return make([&] { return at::any(ref(t)); }); }
WB_API wb_tensor wb_all(wb_tensor t) { return make([&] { return at::all(ref(t)); }); }

WB_API int wb_allclose(wb_tensor a, wb_tensor b, double rtol, double atol, int equal_nan) {
  return wb::guard([&] { return at::allclose(ref(a), ref(b), rtol, atol, equal_nan != 0) ? 1 : 0; }, -1);
}

WB_API int wb_equal(wb_tensor a, wb_tensor b) {
  return wb::guard([&] { return at::equal(ref(a), ref(b)) ? 1 : 0; }, -1);
}
