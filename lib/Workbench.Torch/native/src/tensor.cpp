// Tensor lifecycle, properties, creation, data transfer, shape operations, devices, threads, RNG.
#include "shim.h"
#include <ATen/Parallel.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <cstring>

using wb::make;
using wb::ref;
using wb::run;

// ---- properties -------------------------------------------------------------------------------

WB_API int wb_ndim(wb_tensor t) { return wb::guard([&] { return (int) ref(t).dim(); }, -1); }

WB_API int wb_shape(wb_tensor t, int64_t* out, int capacity) {
  return wb::guard([&] {
    auto s = ref(t).sizes();
    for (size_t i = 0; i < s.size() && (int) i < capacity; i++) out[i] = s[i];
    return (int) s.size();
  }, -1);
}

WB_API int wb_strides(wb_tensor t, int64_t* out, int capacity) {
  return wb::guard([&] {
    auto s = ref(t).strides();
    for (size_t i = 0; i < s.size() && (int) i < capacity; i++) out[i] = s[i];
    return (int) s.size();
  }, -1);
}

WB_API int64_t wb_numel(wb_tensor t) { return wb::guard([&] { return (int64_t) ref(t).numel(); }, (int64_t) -1); }

WB_API int wb_dtype(wb_tensor t) { return wb::guard([&] { return (int) ref(t).scalar_type(); }, -1); }

WB_API int wb_device(wb_tensor t, int* type, int* index) {
  return run([&] {
    auto d = ref(t).device();
    *type = (int) d.type();
    *index = d.has_index() ? d.index() : -1;
  });
}

WB_API int wb_is_contiguous(wb_tensor t) { return wb::guard([&] { return ref(t).is_contiguous() ? 1 : 0; }, -1); }

WB_API int wb_same_storage(wb_tensor a, wb_tensor b) {
  return wb::guard([&] { return ref(a).is_alias_of(ref(b)) ? 1 : 0; }, -1);
}

// ---- creation ---------------------------------------------------------------------------------

WB_API wb_tensor wb_empty(const int64_t* shape, int n, int dtype, int dev, int idx, int rg) {
  return make([&] { return at::empty(wb::dims(shape, n), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0); });
}

WB_API wb_tensor wb_zeros(const int64_t* shape, int n, int dtype, int dev, int idx, int rg) {
  return make([&] { return at::zeros(wb::dims(shape, n), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0); });
}

WB_API wb_tensor wb_ones(const int64_t* shape, int n, int dtype, int dev, int idx, int rg) {
  return make([&] { return at::ones(wb::dims(shape, n), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0); });
}

WB_API wb_tensor wb_full(const int64_t* shape, int n, double d, int64_t i, int kind, int dtype, int dev, int idx, int rg) {
  return make([&] {
    return at::full(wb::dims(shape, n), wb::scalar(d, i, kind), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0);
  });
}

WB_API wb_tensor wb_arange(double start, double end, double step, int dtype, int dev, int idx, int rg) {
  return make([&] {
    auto o = wb::options(dtype, dev, idx);
    if (at::isIntegralType(o.dtype().toScalarType(), true))
      return at::arange((int64_t) start, (int64_t) end, (int64_t) step, o).set_requires_grad(rg != 0);
    return at::arange(start, end, step, o).set_requires_grad(rg != 0);
  });
}

WB_API wb_tensor wb_rand(const int64_t* shape, int n, int dtype, int dev, int idx, int rg) {
  return make([&] { return at::rand(wb::dims(shape, n), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0); });
}

WB_API wb_tensor wb_randn(const int64_t* shape, int n, int dtype, int dev, int idx, int rg) {
  return make([&] { return at::randn(wb::dims(shape, n), wb::options(dtype, dev, idx)).set_requires_grad(rg != 0); });
}

WB_API wb_tensor wb_randint(int64_t low, int64_t high, const int64_t* shape, int n, int dtype, int dev, int idx) {
  return make([&] { return at::randint(low, high, wb::dims(shape, n), wb::options(dtype, dev, idx)); });
}

WB_API wb_tensor wb_randperm(int64_t n, int dtype, int dev, int idx) {
  return make([&] { return at::randperm(n, wb::options(dtype, dev, idx)); });
}

// Copies `nbytes` from `data` (CPU memory laid out row-major) into a new CPU tensor.
WB_API wb_tensor wb_from_data(const void* data, int64_t nbytes, const int64_t* shape, int n, int dtype) {
  return make([&] {
    auto t = at::empty(wb::dims(shape, n), at::TensorOptions().dtype(wb::scalar_type(dtype)));
    int64_t expected = t.numel() * (int64_t) t.element_size();
    if (expected != nbytes)
      throw std::invalid_argument("buffer holds " + std::to_string(nbytes) + " bytes but the shape needs " +
                                  std::to_string(expected));
    if (nbytes > 0) std::memcpy(t.data_ptr(), data, (size_t) nbytes);
    return t;
  });
}

WB_API wb_tensor wb_scalar_tensor(double d, int64_t i, int kind, int dtype, int dev, int idx) {
  return make([&] { return at::scalar_tensor(wb::scalar(d, i, kind), wb::options(dtype, dev, idx)); });
}

// Copies the tensor's values, row-major, into `dst` (converting to CPU and contiguous first).
WB_API int wb_copy_to_buffer(wb_tensor t, void* dst, int64_t nbytes) {
  return run([&] {
    auto c = ref(t).detach().to(at::kCPU).contiguous();
    int64_t have = c.numel() * (int64_t) c.element_size();
    if (have != nbytes)
      throw std::invalid_argument("tensor holds " + std::to_string(have) + " bytes but the buffer has " +
                                  std::to_string(nbytes));
    if (nbytes > 0) std::memcpy(dst, c.data_ptr(), (size_t) nbytes);
  });
}

// The raw data pointer of a CPU tensor (for zero-copy views); null with an error otherwise.
WB_API void* wb_data_ptr(wb_tensor t) {
  return wb::guard([&]() -> void* {
    if (!ref(t).device().is_cpu()) throw std::invalid_argument("data_ptr needs a CPU tensor");
    return ref(t).data_ptr();
  }, (void*) nullptr);
}

WB_API int wb_item(wb_tensor t, double* d, int64_t* i) {
  return run([&] {
    auto s = ref(t).item();
    if (s.isFloatingPoint()) { *d = s.toDouble(); *i = (int64_t) *d; }
    else if (s.isBoolean()) { *i = s.toBool() ? 1 : 0; *d = (double) *i; }
    else { *i = s.toLong(); *d = (double) *i; }
  });
}

WB_API wb_tensor wb_clone(wb_tensor t) { return make([&] { return ref(t).clone(); }); }
WB_API wb_tensor wb_contiguous(wb_tensor t) { return make([&] { return ref(t).contiguous(); }); }
WB_API wb_tensor wb_alias(wb_tensor t) { return make([&] { return ref(t); }); }

WB_API wb_tensor wb_to_dtype(wb_tensor t, int dtype) {
  return make([&] { return ref(t).to(wb::scalar_type(dtype)); });
}

WB_API wb_tensor wb_to_device(wb_tensor t, int dev, int idx, int non_blocking) {
  return make([&] { return ref(t).to(wb::device(dev, idx), non_blocking != 0); });
}

WB_API int wb_copy_(wb_tensor dst, wb_tensor src) { return run([&] { at::Tensor d = ref(dst); d.copy_(ref(src)); }); }

WB_API int wb_fill_(wb_tensor t, double d, int64_t i, int kind) {
  return run([&] { at::Tensor x = ref(t); x.fill_(wb::scalar(d, i, kind)); });
}

WB_API int wb_zero_(wb_tensor t) { return run([&] { at::Tensor x = ref(t); x.zero_(); }); }

// ---- shape ------------------------------------------------------------------------------------

WB_API wb_tensor wb_reshape(wb_tensor t, const int64_t* shape, int n) {
  return make([&] { return ref(t).reshape(wb::dims(shape, n)); });
}
WB_API wb_tensor wb_view(wb_tensor t, const int64_t* shape, int n) {
  return make([&] { return ref(t).view(wb::dims(shape, n)); });
}
WB_API wb_tensor wb_expand(wb_tensor t, const int64_t* shape, int n) {
  return make([&] { return ref(t).expand(wb::dims(shape, n)); });
}
WB_API wb_tensor wb_permute(wb_tensor t, const int64_t* order, int n) {
  return make([&] { return ref(t).permute(wb::dims(order, n)); });
}
WB_API wb_tensor wb_transpose(wb_tensor t, int64_t a, int64_t b) { return make([&] { return ref(t).transpose(a, b); }); }
WB_API wb_tensor wb_narrow(wb_tensor t, int64_t dim, int64_t start, int64_t length) {
  return make([&] { return ref(t).narrow(dim, start, length); });
}
WB_API wb_tensor wb_slice(wb_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  return make([&] { return ref(t).slice(dim, start, end, step); });
}
WB_API wb_tensor wb_select(wb_tensor t, int64_t dim, int64_t index) {
  return make([&] { return ref(t).select(dim, index); });
}
WB_API wb_tensor wb_squeeze(wb_tensor t, int64_t dim, int all) {
  return make([&] { return all ? ref(t).squeeze() : ref(t).squeeze(dim); });
}
WB_API wb_tensor wb_unsqueeze(wb_tensor t, int64_t dim) { return make([&] { return ref(t).unsqueeze(dim); }); }
WB_API wb_tensor wb_flatten(wb_tensor t, int64_t start, int64_t end) {
  return make([&] { return ref(t).flatten(start, end); });
}
WB_API wb_tensor wb_flip(wb_tensor t, const int64_t* d, int n) { return make([&] { return ref(t).flip(wb::dims(d, n)); }); }
WB_API wb_tensor wb_repeat(wb_tensor t, const int64_t* r, int n) { return make([&] { return ref(t).repeat(wb::dims(r, n)); }); }

static std::vector<at::Tensor> list(const wb_tensor* ts, int n) {
  if (n <= 0) throw std::invalid_argument("expected a non-empty list of tensors");
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int i = 0; i < n; i++) v.push_back(ref(ts[i]));
  return v;
}

WB_API wb_tensor wb_cat(const wb_tensor* ts, int n, int64_t dim) { return make([&] { return at::cat(list(ts, n), dim); }); }
WB_API wb_tensor wb_stack(const wb_tensor* ts, int n, int64_t dim) { return make([&] { return at::stack(list(ts, n), dim); }); }

WB_API wb_tensor wb_index_select(wb_tensor t, int64_t dim, wb_tensor index) {
  return make([&] { return ref(t).index_select(dim, ref(index)); });
}
WB_API wb_tensor wb_masked_select(wb_tensor t, wb_tensor mask) {
  return make([&] { return ref(t).masked_select(ref(mask)); });
}
WB_API wb_tensor wb_masked_fill(wb_tensor t, wb_tensor mask, double d, int64_t i, int kind) {
  return make([&] { return ref(t).masked_fill(ref(mask), wb::scalar(d, i, kind)); });
}
WB_API wb_tensor wb_where(wb_tensor cond, wb_tensor a, wb_tensor b) {
  return make([&] { return at::where(ref(cond), ref(a), ref(b)); });
}
WB_API wb_tensor wb_gather(wb_tensor t, int64_t dim, wb_tensor index) {
  return make([&] { return ref(t).gather(dim, ref(index)); });
}
WB_API wb_tensor wb_bincount(wb_tensor t, wb_tensor weights, int64_t minlength) {
  return make([&] { return at::bincount(ref(t), wb::opt(weights), minlength); });
}

// ---- devices, threads, RNG --------------------------------------------------------------------

WB_API int wb_cuda_is_available() { return wb::guard([] { return torch::cuda::is_available() ? 1 : 0; }, 0); }
WB_API int wb_cuda_device_count() { return wb::guard([] { return (int) torch::cuda::device_count(); }, 0); }
WB_API int wb_cuda_synchronize() {
  return run([] {
    if (torch::cuda::is_available()) torch::cuda::synchronize();
  });
}

WB_API int wb_set_num_threads(int n) { return run([&] { at::set_num_threads(n); }); }
WB_API int wb_get_num_threads() { return wb::guard([] { return at::get_num_threads(); }, -1); }

WB_API int wb_manual_seed(uint64_t seed) {
  return run([&] {
    {
      auto gen = at::detail::getDefaultCPUGenerator();
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
    if (torch::cuda::is_available()) torch::cuda::manual_seed_all(seed);
  });
}

// The CPU generator's full state as a uint8 tensor (for checkpoints that resume bit-exactly).
WB_API wb_tensor wb_get_rng_state() {
  return make([] {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get_state();
  });
}

WB_API int wb_set_rng_state(wb_tensor state) {
  return run([&] {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(ref(state));
  });
}

// ---- in-place initialisers (nn.init) -----------------------------------------------------------

WB_API int wb_uniform_(wb_tensor t, double from, double to) {
  return run([&] { at::Tensor x = ref(t); x.uniform_(from, to); });
}

WB_API int wb_normal_(wb_tensor t, double mean, double std) {
  return run([&] { at::Tensor x = ref(t); x.normal_(mean, std); });
}

WB_API int wb_bernoulli_(wb_tensor t, double p) {
  return run([&] { at::Tensor x = ref(t); x.bernoulli_(p); });
}

// A view with explicit sizes, strides and storage offset (how serialized tensors are rebuilt).
WB_API wb_tensor wb_as_strided(wb_tensor t, const int64_t* size, const int64_t* stride, int n, int64_t offset) {
  return make([&] { return ref(t).as_strided(wb::dims(size, n), wb::dims(stride, n), offset); });
}
