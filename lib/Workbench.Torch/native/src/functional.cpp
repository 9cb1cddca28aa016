// nn.functional: the layers an FCN is made of, and its losses. Plain ATen calls where their
// signature is the same in libtorch 1.13 and 2.x; the C++ frontend's functional API where ATen's
// changed between versions (cross_entropy, interpolate, pad, local_response_norm).
#include "shim.h"
#include <torch/nn/functional.h>

namespace F = torch::nn::functional;
using wb::make;
using wb::opt;
using wb::ref;

namespace {
at::IntArrayRef pair(const int64_t* v) { return at::IntArrayRef(v, 2); }

int64_t reduction(int r) {
  switch (r) {
    case 0: return at::Reduction::None;
    case 1: return at::Reduction::Mean;
    case 2: return at::Reduction::Sum;
    default: throw std::invalid_argument("unknown reduction code " + std::to_string(r));
  }
}

// The C++ frontend's loss options each have their own reduction type; all accept these three.
template <class Options>
void set_reduction(Options& o, int red) {
  switch (red) {
    case 0: o.reduction(torch::kNone); break;
    case 1: o.reduction(torch::kMean); break;
    case 2: o.reduction(torch::kSum); break;
    default: reduction(red);  // throws, naming the code
  }
}

void check_input(const at::Tensor& x, int64_t ndim, const char* op) {
  if (x.dim() != ndim)
    throw std::invalid_argument(std::string(op) + ": expected a " + std::to_string(ndim) + "-d input, got " +
                                std::to_string(x.dim()) + "-d " + c10::str(x.sizes()));
}
}  // namespace

WB_API wb_tensor wb_conv2d(wb_tensor x, wb_tensor w, wb_tensor b, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int64_t groups) {
  return make([&] {
    return at::conv2d(ref(x), ref(w), opt(b), pair(stride), pair(padding), pair(dilation), groups);
  });
}

WB_API wb_tensor wb_conv_transpose2d(wb_tensor x, wb_tensor w, wb_tensor b, const int64_t* stride,
                                     const int64_t* padding, const int64_t* output_padding, int64_t groups,
                                     const int64_t* dilation) {
  return make([&] {
    return at::conv_transpose2d(ref(x), ref(w), opt(b), pair(stride), pair(padding), pair(output_padding), groups,
                                pair(dilation));
  });
}

WB_API wb_tensor wb_max_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               const int64_t* dilation, int ceil_mode) {
  return make([&] {
    return at::max_pool2d(ref(x), pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode != 0);
  });
}

WB_API wb_tensor wb_avg_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               int ceil_mode, int count_include_pad) {
  return make([&] {
    return at::avg_pool2d(ref(x), pair(kernel), pair(stride), pair(padding), ceil_mode != 0, count_include_pad != 0);
  });
}

WB_API wb_tensor wb_adaptive_avg_pool2d(wb_tensor x, const int64_t* size) {
  return make([&] { return at::adaptive_avg_pool2d(ref(x), pair(size)); });
}

WB_API wb_tensor wb_dropout(wb_tensor x, double p, int train, int feature) {
  return make([&] {
    if (p < 0 || p > 1) throw std::invalid_argument("dropout probability has to be between 0 and 1, but got " + std::to_string(p));
    return feature ? at::feature_dropout(ref(x), p, train != 0) : at::dropout(ref(x), p, train != 0);
  });
}

WB_API wb_tensor wb_local_response_norm(wb_tensor x, int64_t size, double alpha, double beta, double k) {
  return make([&] {
    return F::local_response_norm(ref(x), F::LocalResponseNormFuncOptions(size).alpha(alpha).beta(beta).k(k));
  });
}

WB_API wb_tensor wb_softmax(wb_tensor x, int64_t dim, int log) {
  return make([&] { return log ? at::log_softmax(ref(x), dim) : at::softmax(ref(x), dim); });
}

WB_API wb_tensor wb_cross_entropy(wb_tensor x, wb_tensor target, wb_tensor weight, int red, int64_t ignore_index,
                                  double label_smoothing) {
  return make([&] {
    auto o = F::CrossEntropyFuncOptions().ignore_index(ignore_index).label_smoothing(label_smoothing);
    if (weight) o.weight(*weight);
    set_reduction(o, red);
    return F::cross_entropy(ref(x), ref(target), o);
  });
}

WB_API wb_tensor wb_nll_loss(wb_tensor x, wb_tensor target, wb_tensor weight, int red, int64_t ignore_index) {
  return make([&] {
    auto o = F::NLLLossFuncOptions().ignore_index(ignore_index);
    if (weight) o.weight(*weight);
    set_reduction(o, red);
    return F::nll_loss(ref(x), ref(target), o);
  });
}

WB_API wb_tensor wb_mse_loss(wb_tensor x, wb_tensor target, int red) {
  return make([&] { return at::mse_loss(ref(x), ref(target), reduction(red)); });
}

// mode: 0 nearest, 1 bilinear. `size` or `scale` (two values each) may be null, not both.
WB_API wb_tensor wb_interpolate(wb_tensor x, const int64_t* size, const double* scale, int mode, int align_corners) {
  return make([&] {
    check_input(ref(x), 4, "interpolate");
    auto o = F::InterpolateFuncOptions();
    if (size) o.size(std::vector<int64_t>{size[0], size[1]});
    else if (scale) o.scale_factor(std::vector<double>{scale[0], scale[1]});
    else throw std::invalid_argument("interpolate needs a size or a scale factor");
    if (mode == 0) o.mode(torch::kNearest);
    else if (mode == 1) o.mode(torch::kBilinear).align_corners(align_corners != 0);
    else throw std::invalid_argument("unknown interpolation mode " + std::to_string(mode));
    return F::interpolate(ref(x), o);
  });
}

// mode: 0 constant, 1 reflect, 2 replicate.
WB_API wb_tensor wb_pad(wb_tensor x, const int64_t* pads, int n, int mode, double value) {
  return make([&] {
    auto o = F::PadFuncOptions(std::vector<int64_t>(pads, pads + n));
    if (mode == 0) o.mode(torch::kConstant).value(value);
    else if (mode == 1) o.mode(torch::kReflect);
    else if (mode == 2) o.mode(torch::kReplicate);
    else throw std::invalid_argument("unknown padding mode " + std::to_string(mode));
    return F::pad(ref(x), o);
  });
}

WB_API wb_tensor wb_linear(wb_tensor x, wb_tensor w, wb_tensor b) {
  return make([&] { return at::linear(ref(x), ref(w), opt(b)); });
}
