// Autograd: requires_grad, backward, grad, detach, and the thread-local grad mode.
#include "shim.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <c10/core/InferenceMode.h>

using wb::make;
using wb::ref;
using wb::run;

WB_API int wb_requires_grad(wb_tensor t) { return wb::guard([&] { return ref(t).requires_grad() ? 1 : 0; }, -1); }

WB_API int wb_set_requires_grad(wb_tensor t, int value) {
  return run([&] { at::Tensor x = ref(t); x.set_requires_grad(value != 0); });
}

WB_API int wb_is_leaf(wb_tensor t) { return wb::guard([&] { return ref(t).is_leaf() ? 1 : 0; }, -1); }

WB_API int wb_backward(wb_tensor t, wb_tensor gradient, int retain_graph, int create_graph) {
  return run([&] {
    c10::optional<bool> retain;
    if (retain_graph >= 0) retain = retain_graph != 0;
    at::Tensor g = gradient ? *gradient : at::Tensor();
    ref(t).backward(g, retain, create_graph != 0);
  });
}

// *out is null when the tensor has no gradient yet.
WB_API int wb_grad(wb_tensor t, wb_tensor* out) {
  return run([&] {
    const at::Tensor& g = ref(t).grad();
    *out = g.defined() ? wb::handle(g) : nullptr;
  });
}

WB_API int wb_set_grad(wb_tensor t, wb_tensor g) {
  return run([&] {
    at::Tensor x = ref(t);
    x.mutable_grad() = g ? *g : at::Tensor();
  });
}

WB_API wb_tensor wb_detach(wb_tensor t) { return make([&] { return ref(t).detach(); }); }

WB_API int wb_detach_(wb_tensor t) { return run([&] { at::Tensor x = ref(t); x.detach_(); }); }

WB_API int wb_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

WB_API void wb_set_grad_enabled(int enabled) { c10::GradMode::set_enabled(enabled != 0); }

// torch.inference_mode(): an RAII guard kept on the heap between enter and exit. The managed side
// pairs them on one thread in LIFO order, as a C++ scope would.
WB_API void* wb_inference_mode_enter(int enabled) {
  return wb::guard([&]() -> void* { return new c10::InferenceMode(enabled != 0); }, (void*) nullptr);
}

WB_API void wb_inference_mode_exit(void* guard) { delete static_cast<c10::InferenceMode*>(guard); }

WB_API int wb_is_inference_mode_enabled() { return c10::InferenceMode::is_enabled() ? 1 : 0; }
