// Shared pieces of the C ABI shim: the handle type, the export macro and the guard that turns
// every C++ exception into a thread-local error message (nothing may cross the ABI as a throw).
#pragma once
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <cstdint>
#include <string>

#define WB_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* wb_tensor;

namespace wb {

void set_error(const char* message);

// Every handle given to the managed side goes through here, so that the number of live handles
// can be counted (tests use it to prove dispose scopes free what they should).
wb_tensor handle(at::Tensor t);

// Runs f; on any exception records its message and returns `failed`.
template <class F, class R>
R guard(F&& f, R failed) {
  try {
    return f();
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception in libtorch");
  }
  return failed;
}

// Tensor-returning exports: nullptr means failure.
template <class F>
wb_tensor make(F&& f) {
  return guard([&]() -> wb_tensor { return wb::handle(f()); }, (wb_tensor) nullptr);
}

// Status-returning exports: 0 success, -1 failure.
template <class F>
int run(F&& f) {
  return guard([&]() -> int { f(); return 0; }, -1);
}

inline const at::Tensor& ref(wb_tensor t) {
  if (t == nullptr) throw std::invalid_argument("null tensor handle");
  return *t;
}

inline c10::optional<at::Tensor> opt(wb_tensor t) {
  if (t == nullptr || !t->defined()) return c10::nullopt;
  return *t;
}

inline at::IntArrayRef dims(const int64_t* values, int n) {
  if (n < 0) throw std::invalid_argument("negative dimension count");
  return at::IntArrayRef(values, static_cast<size_t>(n));
}

at::ScalarType scalar_type(int code);
at::Device device(int type, int index);
at::TensorOptions options(int dtype, int device_type, int device_index);

// A scalar crosses the ABI as (double, int64, kind): kind 0 floating, 1 integral, 2 boolean,
// so that `int64 tensor + 2` stays int64 as in PyTorch.
inline at::Scalar scalar(double d, int64_t i, int kind) {
  if (kind == 1) return at::Scalar(i);
  if (kind == 2) return at::Scalar(i != 0);
  return at::Scalar(d);
}

}  // namespace wb
