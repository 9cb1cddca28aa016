// The last error of the calling thread, read by the managed side after a failed call.
#include "shim.h"
#include <torch/version.h>

#include <atomic>

namespace {
thread_local std::string last_error;
std::atomic<int64_t> live_handles{0};
}

namespace wb {

void set_error(const char* message) { last_error = message ? message : ""; }

wb_tensor handle(at::Tensor t) {
  auto h = new at::Tensor(std::move(t));
  live_handles.fetch_add(1, std::memory_order_relaxed);
  return h;
}

at::ScalarType scalar_type(int code) {
  switch (code) {
    case 0: return at::kByte;
    case 1: return at::kChar;
    case 2: return at::kShort;
    case 3: return at::kInt;
    case 4: return at::kLong;
    case 5: return at::kHalf;
    case 6: return at::kFloat;
    case 7: return at::kDouble;
    case 11: return at::kBool;
    case 15: return at::kBFloat16;
    default: throw std::invalid_argument("unsupported dtype code " + std::to_string(code));
  }
}

at::Device device(int type, int index) {
  if (type == 0) return at::Device(at::kCPU);
  if (type == 1) return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
  throw std::invalid_argument("unsupported device type " + std::to_string(type));
}

at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions().dtype(scalar_type(dtype)).device(device(device_type, device_index));
}

}  // namespace wb

WB_API void wb_free(wb_tensor t) {
  if (t == nullptr) return;
  live_handles.fetch_sub(1, std::memory_order_relaxed);
  delete t;
}

WB_API int64_t wb_live_handles() { return live_handles.load(std::memory_order_relaxed); }

WB_API const char* wb_last_error() { return last_error.c_str(); }

WB_API void wb_clear_error() { last_error.clear(); }

WB_API const char* wb_torch_version() {
  static const std::string v = std::to_string(TORCH_VERSION_MAJOR) + "." +
                               std::to_string(TORCH_VERSION_MINOR) + "." +
                               std::to_string(TORCH_VERSION_PATCH);
  return v.c_str();
}
