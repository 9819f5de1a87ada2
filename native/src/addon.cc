// Node-API bindings. Every entry takes the backend's Float32Arrays (no copies) and an Int32Array
// of geometry, checks that each array is exactly the size the geometry implies (a mismatch is a
// bug on the JS side, reported as a TypeError, never a memory overrun), then runs the kernel.
#include <fcntl.h>
#include <unistd.h>
#include <node_api.h>

#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string>
#include <vector>

#include "elementwise.h"
#include "fused.h"
#include "optim.h"
#include "optim_adamw.h"
#include "ops.h"
#include "plan.h"
#include "pool.h"
#include "rtmdet_loss.h"

namespace yoloc {
namespace {

// Scratch buffers and the pool are process-wide: kernels from two JS threads (workers) take
// turns instead of sharing them.
std::mutex kernel_mu;

struct Args {
  napi_env env;
  napi_value argv[12];
  size_t argc = 12;
  bool failed = false;

  Args(napi_env e, napi_callback_info info) : env(e) {
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  }
  void fail(const std::string& msg) {
    if (!failed) napi_throw_type_error(env, "YC7510", ("yoloc native: " + msg).c_str());
    failed = true;
  }
  // A Float32Array of exactly `want` elements; null/undefined gives nullptr when optional.
  float* f32(size_t i, long want, const char* what, bool optional = false) {
    if (failed) return nullptr;
    if (i >= argc) return fail(std::string("missing ") + what), nullptr;
    napi_valuetype vt;
    napi_typeof(env, argv[i], &vt);
    if (optional && (vt == napi_null || vt == napi_undefined)) return nullptr;
    bool is_ta = false;
    napi_is_typedarray(env, argv[i], &is_ta);
    if (!is_ta) return fail(std::string(what) + " is not a Float32Array"), nullptr;
    napi_typedarray_type type;
    size_t len = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env, argv[i], &type, &len, &data, nullptr, nullptr);
    if (type != napi_float32_array) return fail(std::string(what) + " is not a Float32Array"), nullptr;
    if (static_cast<long>(len) != want)
      return fail(std::string(what) + " has " + std::to_string(len) + " elements, expected " +
                  std::to_string(want)),
             nullptr;
    return static_cast<float*>(data);
  }
  // A Float32Array of any length (stored in *len).
  float* f32any(size_t i, const char* what, long* len) {
    if (failed) return nullptr;
    bool is_ta = false;
    if (i < argc) napi_is_typedarray(env, argv[i], &is_ta);
    if (!is_ta) return fail(std::string(what) + " is not a Float32Array"), nullptr;
    napi_typedarray_type type;
    size_t n = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env, argv[i], &type, &n, &data, nullptr, nullptr);
    if (type != napi_float32_array) return fail(std::string(what) + " is not a Float32Array"), nullptr;
    *len = static_cast<long>(n);
    return static_cast<float*>(data);
  }
  // A JS array of Float32Arrays: their data pointers and lengths (empty on failure).
  std::vector<std::pair<float*, long>> f32list(size_t i, const char* what) {
    std::vector<std::pair<float*, long>> out;
    if (failed) return out;
    bool is_array = false;
    if (i < argc) napi_is_array(env, argv[i], &is_array);
    if (!is_array) return fail(std::string(what) + " is not an array"), out;
    uint32_t len = 0;
    napi_get_array_length(env, argv[i], &len);
    out.reserve(len);
    for (uint32_t k = 0; k < len; ++k) {
      napi_value el;
      napi_get_element(env, argv[i], k, &el);
      bool is_ta = false;
      napi_is_typedarray(env, el, &is_ta);
      napi_typedarray_type type = napi_int8_array;
      size_t n = 0;
      void* data = nullptr;
      if (is_ta) napi_get_typedarray_info(env, el, &type, &n, &data, nullptr, nullptr);
      if (!is_ta || type != napi_float32_array) {
        fail(std::string(what) + "[" + std::to_string(k) + "] is not a Float32Array");
        return {};
      }
      out.emplace_back(static_cast<float*>(data), static_cast<long>(n));
    }
    return out;
  }
  // An Int32Array of exactly `want` entries, copied into out.
  void ints(size_t i, int* out, size_t want) {
    if (failed) return;
    bool is_ta = false;
    if (i < argc) napi_is_typedarray(env, argv[i], &is_ta);
    if (!is_ta) return fail("geometry is not an Int32Array");
    napi_typedarray_type type;
    size_t len = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env, argv[i], &type, &len, &data, nullptr, nullptr);
    if (type != napi_int32_array || len != want) return fail("geometry has the wrong length");
    const int* d = static_cast<const int*>(data);
    for (size_t k = 0; k < want; ++k) {
      if (d[k] < 0) return fail("negative geometry entry");
      out[k] = d[k];
    }
  }
  int i32(size_t i) {
    int32_t v = 0;
    if (!failed && i < argc) napi_get_value_int32(env, argv[i], &v);
    return v;
  }
  float f(size_t i) {
    double v = 0;
    if (!failed && i < argc) napi_get_value_double(env, argv[i], &v);
    return static_cast<float>(v);
  }
};

bool conv_geom_ok(Args& a, const ConvGeom& g) {
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) return a.fail("strides and dilations must be >= 1"), false;
  return !a.failed;
}

long in_size(const ConvGeom& g) { return static_cast<long>(g.n) * g.h * g.w * g.c; }
long out_size(const ConvGeom& g) { return static_cast<long>(g.n) * g.oh * g.ow * g.co; }
long w_size(const ConvGeom& g) { return static_cast<long>(g.kh) * g.kw * g.c * g.co; }
long in_size(const DwGeom& g) { return static_cast<long>(g.n) * g.h * g.w * g.c; }
long out_size(const DwGeom& g) { return static_cast<long>(g.n) * g.oh * g.ow * g.c * g.mult; }
long w_size(const DwGeom& g) { return static_cast<long>(g.kh) * g.kw * g.c * g.mult; }

// conv2d(x, w, bias|null, out, geom, act, alpha)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ConvGeom g{};
  a.ints(4, &g.n, 15);
  if (!conv_geom_ok(a, g)) return nullptr;
  float* x = a.f32(0, in_size(g), "x");
  float* w = a.f32(1, w_size(g), "filter");
  float* bias = a.f32(2, g.co, "bias", true);
  float* out = a.f32(3, out_size(g), "out");
  int act = a.i32(5);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  conv2d_forward(g, x, w, bias, out, act, a.f(6));
  return nullptr;
}

// conv2dBackpropInput(dy, w, dx, geom)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ConvGeom g{};
  a.ints(3, &g.n, 15);
  if (!conv_geom_ok(a, g)) return nullptr;
  float* dy = a.f32(0, out_size(g), "dy");
  float* w = a.f32(1, w_size(g), "filter");
  float* dx = a.f32(2, in_size(g), "dx");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  conv2d_backprop_input(g, dy, w, dx);
  return nullptr;
}

// conv2dBackpropFilter(x, dy, dw, geom)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  Args a(env, info);
  ConvGeom g{};
  a.ints(3, &g.n, 15);
  if (!conv_geom_ok(a, g)) return nullptr;
  float* x = a.f32(0, in_size(g), "x");
  float* dy = a.f32(1, out_size(g), "dy");
  float* dw = a.f32(2, w_size(g), "dw");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  conv2d_backprop_filter(g, x, dy, dw);
  return nullptr;
}

bool dw_geom_ok(Args& a, const DwGeom& g) {
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1 || g.mult < 1)
    return a.fail("strides, dilations and the channel multiplier must be >= 1"), false;
  return !a.failed;
}

napi_value Depthwise(napi_env env, napi_callback_info info) {
  Args a(env, info);
  DwGeom g{};
  a.ints(4, &g.n, 15);
  if (!dw_geom_ok(a, g)) return nullptr;
  float* x = a.f32(0, in_size(g), "x");
  float* w = a.f32(1, w_size(g), "filter");
  float* bias = a.f32(2, static_cast<long>(g.c) * g.mult, "bias", true);
  float* out = a.f32(3, out_size(g), "out");
  int act = a.i32(5);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  depthwise_forward(g, x, w, bias, out, act, a.f(6));
  return nullptr;
}

napi_value DepthwiseBackpropInput(napi_env env, napi_callback_info info) {
  Args a(env, info);
  DwGeom g{};
  a.ints(3, &g.n, 15);
  if (!dw_geom_ok(a, g)) return nullptr;
  float* dy = a.f32(0, out_size(g), "dy");
  float* w = a.f32(1, w_size(g), "filter");
  float* dx = a.f32(2, in_size(g), "dx");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  depthwise_backprop_input(g, dy, w, dx);
  return nullptr;
}

napi_value DepthwiseBackpropFilter(napi_env env, napi_callback_info info) {
  Args a(env, info);
  DwGeom g{};
  a.ints(3, &g.n, 15);
  if (!dw_geom_ok(a, g)) return nullptr;
  float* x = a.f32(0, in_size(g), "x");
  float* dy = a.f32(1, out_size(g), "dy");
  float* dw = a.f32(2, w_size(g), "dw");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  depthwise_backprop_filter(g, x, dy, dw);
  return nullptr;
}

// matmul(a, b, bias|null, out, dims [B,M,N,K,tA,tB,sA,sB], act, alpha); sA/sB are 0 or 1:
// whether that operand has a batch dimension (0 broadcasts it).
napi_value Matmul(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int d[8] = {0};
  a.ints(4, d, 8);
  if (a.failed) return nullptr;
  const long bsz = d[0], m = d[1], n = d[2], k = d[3];
  const long sa = d[6] ? m * k : 0, sb = d[7] ? k * n : 0;
  float* av = a.f32(0, d[6] ? bsz * m * k : m * k, "a");
  float* bv = a.f32(1, d[7] ? bsz * k * n : k * n, "b");
  float* bias = a.f32(2, n, "bias", true);
  float* out = a.f32(3, bsz * m * n, "out");
  int act = a.i32(5);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  matmul(d[0], d[1], d[2], d[3], d[4] != 0, d[5] != 0, sa, sb, av, bv, bias, out, act, a.f(6));
  return nullptr;
}

// binary(op, a, b, out, geom [rank, shape x8, astride x8, bstride x8])
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int d[1 + 3 * kMaxRank] = {0};
  a.ints(4, d, 1 + 3 * kMaxRank);
  if (a.failed) return nullptr;
  BinaryGeom g{};
  g.rank = d[0];
  if (g.rank < 1 || g.rank > kMaxRank) return a.fail("binary: bad rank"), nullptr;
  long total = 1, maxa = 0, maxb = 0;
  for (int k = 0; k < g.rank; ++k) {
    g.shape[k] = d[1 + k];
    g.astride[k] = d[1 + kMaxRank + k];
    g.bstride[k] = d[1 + 2 * kMaxRank + k];
    total *= g.shape[k];
    if (g.shape[k] > 0) {
      maxa += (g.shape[k] - 1) * g.astride[k];
      maxb += (g.shape[k] - 1) * g.bstride[k];
    }
  }
  if (g.astride[g.rank - 1] > 1 || g.bstride[g.rank - 1] > 1) return a.fail("binary: inner stride"), nullptr;
  long la = 0, lb = 0;
  float* av = a.f32any(1, "a", &la);
  float* bv = a.f32any(2, "b", &lb);
  float* out = a.f32(3, total, "out");
  const int op = a.i32(0);
  if (a.failed) return nullptr;
  if (total > 0 && (maxa >= la || maxb >= lb)) return a.fail("binary: operand too small"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  if (total > 0) binary(op, av, bv, out, g);
  return nullptr;
}

// unary(op, x, out, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = a.i32(0);
  long n = 0;
  float* x = a.f32any(1, "x", &n);
  float* out = a.f32(2, n, "out");
  const float alpha = a.f(3);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  unary(op, x, out, n, alpha);
  return nullptr;
}

// slice(big, small, geom [rank, in x8, begin x8, size x8], insert): small <- big[region], or
// big[region] <- small when insert is true.
napi_value Slice(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int d[1 + 3 * kMaxRank] = {0};
  a.ints(2, d, 1 + 3 * kMaxRank);
  if (a.failed) return nullptr;
  SliceGeom g{};
  g.rank = d[0];
  if (g.rank < 1 || g.rank > kMaxRank) return a.fail("slice: bad rank"), nullptr;
  long nin = 1, nout = 1;
  for (int k = 0; k < g.rank; ++k) {
    g.in[k] = d[1 + k];
    g.begin[k] = d[1 + kMaxRank + k];
    g.size[k] = d[1 + 2 * kMaxRank + k];
    if (g.begin[k] + g.size[k] > g.in[k]) return a.fail("slice: out of bounds"), nullptr;
    nin *= g.in[k];
    nout *= g.size[k];
  }
  float* big = a.f32(0, nin, "x");
  float* small = a.f32(1, nout, "out");
  bool insert = false;
  if (a.argc > 3) napi_get_value_bool(env, a.argv[3], &insert);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  if (nout > 0) slice(big, small, g, insert);
  return nullptr;
}

// transpose(x, out, geom [rank, shape x8, perm x8]): float32 or int32 (any 4-byte) elements.
napi_value Transpose(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int d[1 + 2 * kMaxRank] = {0};
  a.ints(2, d, 1 + 2 * kMaxRank);
  if (a.failed) return nullptr;
  const int rank = d[0];
  if (rank < 1 || rank > kMaxRank) return a.fail("transpose: bad rank"), nullptr;
  long shape[kMaxRank];
  int perm[kMaxRank];
  bool seen[kMaxRank] = {false};
  long n = 1;
  for (int k = 0; k < rank; ++k) {
    shape[k] = d[1 + k];
    perm[k] = d[1 + kMaxRank + k];
    if (shape[k] < 0 || perm[k] < 0 || perm[k] >= rank || seen[perm[k]]) return a.fail("transpose: bad shape or permutation"), nullptr;
    seen[perm[k]] = true;
    n *= shape[k];
  }
  float* x = a.f32(0, n, "x");
  float* out = a.f32(1, n, "out");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  transpose(reinterpret_cast<const uint32_t*>(x), reinterpret_cast<uint32_t*>(out), rank, shape, perm);
  return nullptr;
}

// affine(x, mul, add, out): out[i, c] = x[i, c] * mul[c] + add[c]
napi_value Affine(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0, c = 0;
  float* x = a.f32any(0, "x", &n);
  float* mul = a.f32any(1, "mul", &c);
  float* add = a.f32(2, c, "add");
  float* out = a.f32(3, n, "out");
  if (a.failed) return nullptr;
  if (c <= 0 || n % c != 0) return a.fail("affine: size is not a multiple of the channels"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  channel_affine(x, mul, add, out, n, static_cast<int>(c));
  return nullptr;
}

// reduceRows(op, x, out): column sums (0) or means (1) of x viewed as [rows, out.length]
napi_value ReduceRows(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = a.i32(0);
  long n = 0, cols = 0;
  float* x = a.f32any(1, "x", &n);
  float* out = a.f32any(2, "out", &cols);
  if (a.failed) return nullptr;
  if (cols <= 0 || n % cols != 0) return a.fail("reduceRows: size is not a multiple of the columns"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  reduce_rows(op, x, out, n / cols, cols);
  return nullptr;
}

// maxpool(x, out, geom) / maxpoolGrad(dy, x, dx, geom); dx must start zeroed.
// reduceInner(op, x, out): row sums (0) or means (1) of x viewed as [out.length, cols]
napi_value ReduceInner(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int op = a.i32(0);
  long n = 0, rows = 0;
  float* x = a.f32any(1, "x", &n);
  float* out = a.f32any(2, "out", &rows);
  if (a.failed) return nullptr;
  if (rows <= 0 || n % rows != 0) return a.fail("reduceInner: size is not a multiple of the rows"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  reduce_inner(op, x, out, rows, n / rows);
  return nullptr;
}

// softmax(x, out, cols): softmax over the last axis of x viewed as [x.length / cols, cols]
napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  float* x = a.f32any(0, "x", &n);
  float* out = a.f32(1, n, "out");
  const int cols = a.i32(2);
  if (a.failed) return nullptr;
  if (cols <= 0 || n % cols != 0) return a.fail("softmax: size is not a multiple of the columns"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  softmax_rows(x, out, n / cols, cols);
  return nullptr;
}

napi_value MaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info);
  PoolGeom g{};
  a.ints(2, &g.n, 12);
  if (!a.failed && (g.sh < 1 || g.sw < 1)) a.fail("maxpool: strides must be >= 1");
  float* x = a.f32(0, static_cast<long>(g.n) * g.h * g.w * g.c, "x");
  float* out = a.f32(1, static_cast<long>(g.n) * g.oh * g.ow * g.c, "out");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  maxpool(g, x, out, nullptr, nullptr);
  return nullptr;
}

napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  PoolGeom g{};
  a.ints(3, &g.n, 12);
  if (!a.failed && (g.sh < 1 || g.sw < 1)) a.fail("maxpool: strides must be >= 1");
  float* dy = a.f32(0, static_cast<long>(g.n) * g.oh * g.ow * g.c, "dy");
  float* x = a.f32(1, static_cast<long>(g.n) * g.h * g.w * g.c, "x");
  float* dx = a.f32(2, static_cast<long>(g.n) * g.h * g.w * g.c, "dx");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  maxpool(g, x, nullptr, dy, dx);
  return nullptr;
}

// c = gamma's length; x holds rows x c. An activation code outside fused.h's set is refused.
bool fused_act_ok(Args& a, int act) {
  if (act == FACT_LINEAR || act == FACT_RELU || act == FACT_RELU6 || act == FACT_SILU) return true;
  a.fail("unknown activation code " + std::to_string(act));
  return false;
}

// bnTrain(x, gamma, beta, y, mean, var, eps, act)
napi_value BnTrain(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0, c = 0;
  float* x = a.f32any(0, "x", &n);
  float* gamma = a.f32any(1, "gamma", &c);
  float* beta = a.f32(2, c, "beta");
  float* y = a.f32(3, n, "y");
  float* mean = a.f32(4, c, "mean");
  float* var = a.f32(5, c, "var");
  const float eps = a.f(6);
  const int act = a.i32(7);
  if (a.failed || !fused_act_ok(a, act)) return nullptr;
  if (c <= 0 || n % c != 0) return a.fail("bnTrain: size is not a multiple of the channels"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  bn_train_forward(x, gamma, beta, y, mean, var, n / c, static_cast<int>(c), eps, act);
  return nullptr;
}

// bnTrainGrad(dy, x, gamma, beta, mean, var, dx, dgamma, dbeta, eps, act)
napi_value BnTrainGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0, c = 0;
  float* dy = a.f32any(0, "dy", &n);
  float* x = a.f32(1, n, "x");
  float* gamma = a.f32any(2, "gamma", &c);
  float* beta = a.f32(3, c, "beta");
  float* mean = a.f32(4, c, "mean");
  float* var = a.f32(5, c, "var");
  float* dx = a.f32(6, n, "dx");
  float* dgamma = a.f32(7, c, "dgamma");
  float* dbeta = a.f32(8, c, "dbeta");
  const float eps = a.f(9);
  const int act = a.i32(10);
  if (a.failed || !fused_act_ok(a, act)) return nullptr;
  if (c <= 0 || n % c != 0) return a.fail("bnTrainGrad: size is not a multiple of the channels"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  bn_train_backward(dy, x, gamma, beta, mean, var, dx, dgamma, dbeta, n / c, static_cast<int>(c), eps, act);
  return nullptr;
}

// act(code, x, y) and actGrad(code, x, dy, dx)
napi_value Act(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int act = a.i32(0);
  long n = 0;
  float* x = a.f32any(1, "x", &n);
  float* y = a.f32(2, n, "y");
  if (a.failed || !fused_act_ok(a, act)) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  act_forward(act, x, y, n);
  return nullptr;
}

napi_value ActGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int act = a.i32(0);
  long n = 0;
  float* x = a.f32any(1, "x", &n);
  float* dy = a.f32(2, n, "dy");
  float* dx = a.f32(3, n, "dx");
  if (a.failed || !fused_act_ok(a, act)) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  act_backward(act, x, dy, dx, n);
  return nullptr;
}

// star(a, b, y): y = relu6(a) * b; starGrad(a, b, dy, da, db)
napi_value Star(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  float* av = a.f32any(0, "a", &n);
  float* bv = a.f32(1, n, "b");
  float* y = a.f32(2, n, "y");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  star_forward(av, bv, y, n);
  return nullptr;
}

napi_value StarGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  float* av = a.f32any(0, "a", &n);
  float* bv = a.f32(1, n, "b");
  float* dy = a.f32(2, n, "dy");
  float* da = a.f32(3, n, "da");
  float* db = a.f32(4, n, "db");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  star_backward(av, bv, dy, da, db, n);
  return nullptr;
}

// dfl(x, y, r): y[i] = DFL integral of row i of r logits; dflGrad(x, dy, dx, r)
napi_value Dfl(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  float* x = a.f32any(0, "x", &n);
  const int r = a.i32(2);
  if (a.failed) return nullptr;
  if (r < 1 || r > 256 || n % r != 0) return a.fail("dfl: reg_max must be 1..256 and divide the input"), nullptr;
  float* y = a.f32(1, n / r, "y");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  dfl_forward(x, y, n / r, r);
  return nullptr;
}

napi_value DflGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  float* x = a.f32any(0, "x", &n);
  const int r = a.i32(3);
  if (a.failed) return nullptr;
  if (r < 1 || r > 256 || n % r != 0) return a.fail("dflGrad: reg_max must be 1..256 and divide the input"), nullptr;
  float* dy = a.f32(1, n / r, "dy");
  float* dx = a.f32(2, n, "dx");
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  dfl_backward(x, dy, dx, n / r, r);
  return nullptr;
}

// Every list as long as `ref` and every array as long as its parameter's.
bool same_sizes(Args& a, const std::vector<std::pair<float*, long>>& ref,
                const std::vector<std::pair<float*, long>>& other, const char* what) {
  if (a.failed) return false;
  if (other.size() != ref.size()) return a.fail(std::string(what) + ": list length differs"), false;
  for (size_t k = 0; k < ref.size(); ++k)
    if (other[k].second != ref[k].second)
      return a.fail(std::string(what) + "[" + std::to_string(k) + "] has the wrong size"), false;
  return true;
}

// sgdUpdate(params[], grads[], bufs[], paramsOut[], bufsOut[], lr, momentum, wd, nesterov);
// bufs/bufsOut are ignored (may be empty) when momentum is 0.
napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto ps = a.f32list(0, "params"), gs = a.f32list(1, "grads"), bs = a.f32list(2, "bufs");
  auto po = a.f32list(3, "paramsOut"), bo = a.f32list(4, "bufsOut");
  const float lr = a.f(5), momentum = a.f(6), wd = a.f(7);
  bool nesterov = false;
  if (!a.failed && a.argc > 8) napi_get_value_bool(env, a.argv[8], &nesterov);
  if (!same_sizes(a, ps, gs, "grads") || !same_sizes(a, ps, po, "paramsOut")) return nullptr;
  if (momentum != 0.f && (!same_sizes(a, ps, bs, "bufs") || !same_sizes(a, ps, bo, "bufsOut"))) return nullptr;
  std::vector<OptimArrays> arr(ps.size());
  for (size_t k = 0; k < ps.size(); ++k) {
    const bool m = momentum != 0.f;
    arr[k] = OptimArrays{ps[k].first, gs[k].first, m ? bs[k].first : nullptr, po[k].first,
                         m ? bo[k].first : nullptr, ps[k].second};
  }
  std::lock_guard<std::mutex> lock(kernel_mu);
  sgd_update(static_cast<int>(arr.size()), arr.data(), lr, momentum, wd, nesterov);
  return nullptr;
}

// emaUpdate(avgs[], srcs[], outs[], keep, take): out = avg * keep + src * take.
napi_value EmaUpdate(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto av = a.f32list(0, "avgs"), sv = a.f32list(1, "srcs"), ov = a.f32list(2, "outs");
  const float keep = a.f(3), take = a.f(4);
  if (!same_sizes(a, av, sv, "srcs") || !same_sizes(a, av, ov, "outs")) return nullptr;
  std::vector<OptimArrays> arr(av.size());
  for (size_t k = 0; k < av.size(); ++k)
    arr[k] = OptimArrays{av[k].first, sv[k].first, nullptr, ov[k].first, nullptr, av[k].second};
  std::lock_guard<std::mutex> lock(kernel_mu);
  ema_update(static_cast<int>(arr.size()), arr.data(), keep, take);
  return nullptr;
}

// An Int32Array of exactly `want` entries (its memory, not a copy), or nullptr after a failure.
int* i32array(Args& a, size_t i, long want, const char* what) {
  if (a.failed) return nullptr;
  bool is_ta = false;
  if (i < a.argc) napi_is_typedarray(a.env, a.argv[i], &is_ta);
  napi_typedarray_type type = napi_int8_array;
  size_t len = 0;
  void* data = nullptr;
  if (is_ta) napi_get_typedarray_info(a.env, a.argv[i], &type, &len, &data, nullptr, nullptr);
  if (!is_ta || type != napi_int32_array || static_cast<long>(len) != want)
    return a.fail(std::string(what) + " is not an Int32Array of " + std::to_string(want)), nullptr;
  return static_cast<int*>(data);
}

// adamwUpdate(params[], grads[], ms[], vs[], paramsOut[], msOut[], vsOut[], scalars[8]): AdamW
// over a group (optim_adamw.h, scalars in AdamWScalars order).
napi_value AdamWUpdate(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto ps = a.f32list(0, "params"), gs = a.f32list(1, "grads"), ms = a.f32list(2, "ms"), vs = a.f32list(3, "vs");
  auto po = a.f32list(4, "paramsOut"), mo = a.f32list(5, "msOut"), vo = a.f32list(6, "vsOut");
  const float* sc = a.f32(7, 8, "scalars");
  if (!same_sizes(a, ps, gs, "grads") || !same_sizes(a, ps, ms, "ms") || !same_sizes(a, ps, vs, "vs") ||
      !same_sizes(a, ps, po, "paramsOut") || !same_sizes(a, ps, mo, "msOut") || !same_sizes(a, ps, vo, "vsOut"))
    return nullptr;
  const AdamWScalars s{sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7]};
  std::vector<AdamWArrays> arr(ps.size());
  for (size_t k = 0; k < ps.size(); ++k)
    arr[k] = AdamWArrays{ps[k].first, gs[k].first, ms[k].first, vs[k].first, po[k].first, mo[k].first, vo[k].first, ps[k].second};
  std::lock_guard<std::mutex> lock(kernel_mu);
  adamw_update(static_cast<int>(arr.size()), arr.data(), s);
  return nullptr;
}

// dslAssign(decoded, scores, priors, gtBoxes, gtLabels: Int32Array, gtFlag, geom [B, N, C, M,
// topk], params [soft_center_radius, iou_weight], gtIndex: Int32Array, metric, target, boxes).
napi_value DslAssign(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int geom[5] = {0, 0, 0, 0, 0};
  a.ints(6, geom, 5);
  const DslGeom g{geom[0], geom[1], geom[2], geom[3], geom[4]};
  const long bn = static_cast<long>(g.batch) * g.priors, bm = static_cast<long>(g.batch) * g.max_gt;
  const float* dec = a.f32(0, bn * 4, "decoded");
  const float* sc = a.f32(1, bn * g.classes, "scores");
  const float* pr = a.f32(2, static_cast<long>(g.priors) * 4, "priors");
  const float* gb = a.f32(3, bm * 4, "gtBoxes");
  const int* gl = i32array(a, 4, bm, "gtLabels");
  const float* gf = a.f32(5, bm, "gtFlag");
  const float* params = a.f32(7, 2, "params");
  int* gi = i32array(a, 8, bn, "gtIndex");
  float* mt = a.f32(9, bn, "metric");
  float* tg = a.f32(10, bn * g.classes, "target");
  float* bx = a.f32(11, bn * 4, "boxes");
  if (a.failed) return nullptr;
  if (g.topk < 1) return a.fail("topk must be >= 1"), nullptr;
  for (long i = 0; i < bm; ++i)
    if (gl[i] < 0 || gl[i] >= g.classes) return a.fail("a GT label is outside 0..classes-1"), nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  dsl_assign(g, dec, sc, pr, gb, gl, gf, params[0], params[1], gi, mt, tg, bx);
  return nullptr;
}

// qualityFocal(x, t, loss, grad, beta): element-wise QFL and its derivative.
napi_value QualityFocal(napi_env env, napi_callback_info info) {
  Args a(env, info);
  long n = 0;
  const float* x = a.f32any(0, "x", &n);
  const float* t = a.f32(1, n, "t");
  float* loss = a.f32(2, n, "loss");
  float* grad = a.f32(3, n, "grad");
  const float beta = a.f(4);
  if (a.failed) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  quality_focal(x, t, n, beta, loss, grad);
  return nullptr;
}

// info(): {threads, simd: the level in use, simdLevels: the levels this CPU and OS can run}.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, threads, simd, levels;
  napi_create_object(env, &obj);
  napi_create_int32(env, pool_threads(), &threads);
  napi_create_string_utf8(env, kernels().name, NAPI_AUTO_LENGTH, &simd);
  napi_create_array(env, &levels);
  for (int l = 0; l <= kernels_best_level(); ++l) {
    napi_value name;
    napi_create_string_utf8(env, kernels_at(l)->name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, levels, l, name);
  }
  napi_set_named_property(env, obj, "threads", threads);
  napi_set_named_property(env, obj, "simd", simd);
  napi_set_named_property(env, obj, "simdLevels", levels);
  return obj;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info);
  pool_set_threads(a.i32(0));
  return nullptr;
}

// setSimd('generic' | 'avx2' | 'avx512' | 'auto'): forces a level (tests compare the levels the
// machine has); 'auto' returns to YOLOC_SIMD's choice or the best. Returns false, changing
// nothing, for a level this CPU cannot run or an unknown name.
napi_value SetSimd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  char buf[16] = {0};
  size_t len = 0;
  if (a.argc > 0) napi_get_value_string_utf8(env, a.argv[0], buf, sizeof buf, &len);
  const std::string want(buf);
  int level = -2;
  if (want == "auto") level = -1;
  for (int l = 0; l <= SIMD_AVX512; ++l)
    if (want == (l == SIMD_GENERIC ? "generic" : l == SIMD_AVX2 ? "avx2" : "avx512")) level = l;
  bool ok = false;
  if (level >= -1) {
    std::lock_guard<std::mutex> lock(kernel_mu);
    ok = kernels_force(level);
  }
  napi_value r;
  napi_get_boolean(env, ok, &r);
  return r;
}

// quietStderr(true) points file descriptor 2 at /dev/null until quietStderr(false) restores it:
// native libraries (Dawn, the Vulkan loader) print warnings straight to fd 2 while yoloc probes
// for a GPU, which JavaScript cannot intercept. Returns whether the redirection is in place.
static int saved_stderr = -1;
napi_value QuietStderr(napi_env env, napi_callback_info info) {
  Args a(env, info);
  bool on = false;
  if (a.argc > 0) napi_get_value_bool(env, a.argv[0], &on);
  bool done = false;
  if (on && saved_stderr < 0) {
    fflush(stderr);
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      saved_stderr = dup(2);
      if (saved_stderr >= 0 && dup2(null_fd, 2) >= 0) done = true;
      close(null_fd);
    }
  } else if (!on && saved_stderr >= 0) {
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
    done = true;
  }
  napi_value r;
  napi_get_boolean(env, done, &r);
  return r;
}

// ---- Inference plans (plan.h) ----

struct PlanHandle {
  Plan* plan = nullptr;
};

void finalize_plan(napi_env, void* data, void*) {
  PlanHandle* h = static_cast<PlanHandle*>(data);
  std::lock_guard<std::mutex> lock(kernel_mu);
  if (h->plan) plan_free(h->plan);
  delete h;
}

PlanHandle* plan_handle(Args& a, size_t i) {
  if (a.failed) return nullptr;
  napi_valuetype vt = napi_undefined;
  if (i < a.argc) napi_typeof(a.env, a.argv[i], &vt);
  void* data = nullptr;
  if (vt != napi_external || napi_get_value_external(a.env, a.argv[i], &data) != napi_ok || !data)
    return a.fail("not a plan handle"), nullptr;
  PlanHandle* h = static_cast<PlanHandle*>(data);
  if (!h->plan) return a.fail("the plan was freed"), nullptr;
  return h;
}

// planCreate(program Int32Array, consts Float32Array[], arenaFloats, inputFloats, outputSizes
// Int32Array) -> handle (freed by planFree or when collected).
napi_value PlanCreate(napi_env env, napi_callback_info info) {
  Args a(env, info);
  bool is_ta = false;
  if (a.argc > 0) napi_is_typedarray(env, a.argv[0], &is_ta);
  napi_typedarray_type type = napi_int8_array;
  size_t words = 0;
  void* prog = nullptr;
  if (is_ta) napi_get_typedarray_info(env, a.argv[0], &type, &words, &prog, nullptr, nullptr);
  if (!is_ta || type != napi_int32_array) return a.fail("plan program is not an Int32Array"), nullptr;
  auto cl = a.f32list(1, "constants");
  const double arena = a.f(2), input = a.f(3);
  if (a.failed) return nullptr;
  bool os_ta = false;
  if (a.argc > 4) napi_is_typedarray(env, a.argv[4], &os_ta);
  size_t nout = 0;
  void* os = nullptr;
  napi_typedarray_type ot = napi_int8_array;
  if (os_ta) napi_get_typedarray_info(env, a.argv[4], &ot, &nout, &os, nullptr, nullptr);
  if (!os_ta || ot != napi_int32_array) return a.fail("plan output sizes are not an Int32Array"), nullptr;
  std::vector<std::vector<float>> consts;
  consts.reserve(cl.size());
  for (auto& c : cl) consts.emplace_back(c.first, c.first + c.second);
  std::vector<long> outs(static_cast<const int*>(os), static_cast<const int*>(os) + nout);
  std::string err;
  Plan* p = plan_create(static_cast<const int*>(prog), static_cast<long>(words), consts,
                        static_cast<long>(arena), static_cast<long>(input), outs, &err);
  if (!p) return a.fail("bad plan: " + err), nullptr;
  PlanHandle* h = new PlanHandle{p};
  napi_value ext;
  napi_create_external(env, h, finalize_plan, nullptr, &ext);
  return ext;
}

// planRun(handle, input Float32Array, outputs Float32Array[], profile?) -> with profile, a
// Float64Array of each op's milliseconds.
napi_value PlanRun(napi_env env, napi_callback_info info) {
  Args a(env, info);
  PlanHandle* h = plan_handle(a, 0);
  long n = 0;
  float* input = a.f32any(1, "input", &n);
  auto outs = a.f32list(2, "outputs");
  bool profile = false;
  if (a.argc > 3) napi_get_value_bool(env, a.argv[3], &profile);
  if (a.failed) return nullptr;
  std::vector<float*> ptrs;
  if (!plan_check_io(h->plan, n, outs, &ptrs)) return a.fail("plan input or outputs have the wrong sizes"), nullptr;
  std::vector<double> ms;
  {
    std::lock_guard<std::mutex> lock(kernel_mu);
    plan_run(h->plan, input, ptrs, profile ? &ms : nullptr);
  }
  if (!profile) return nullptr;
  napi_value buf, arr;
  void* data = nullptr;
  napi_create_arraybuffer(env, ms.size() * sizeof(double), &data, &buf);
  if (!ms.empty()) std::memcpy(data, ms.data(), ms.size() * sizeof(double));
  napi_create_typedarray(env, napi_float64_array, ms.size(), buf, 0, &arr);
  return arr;
}

// planFree(handle): frees the plan now (its memory goes back at once).
napi_value PlanFree(napi_env env, napi_callback_info info) {
  Args a(env, info);
  PlanHandle* h = plan_handle(a, 0);
  if (!h) return nullptr;
  std::lock_guard<std::mutex> lock(kernel_mu);
  plan_free(h->plan);
  h->plan = nullptr;
  return nullptr;
}

// planBytes(handle): the memory the plan holds (arena, constants, packed filters).
napi_value PlanBytes(napi_env env, napi_callback_info info) {
  Args a(env, info);
  PlanHandle* h = plan_handle(a, 0);
  if (!h) return nullptr;
  napi_value r;
  napi_create_double(env, static_cast<double>(plan_bytes(h->plan)), &r);
  return r;
}

// Writable so tests can spy on calls.
constexpr napi_property_attributes kMethod =
    static_cast<napi_property_attributes>(napi_writable | napi_configurable);

// Every kernel output is a fresh zeroed Float32Array (calloc). Above glibc's mmap threshold each
// one is a new mapping whose pages fault in one by one and is unmapped when collected; a
// training step allocates hundreds of MB that way. Keeping large blocks in the heap instead
// trades resident memory (the peak stays reserved) for no page-fault churn.
// YOLOC_NATIVE_MALLOPT=0 leaves malloc alone.
void tune_malloc() {
#if defined(__GLIBC__)
  const char* env = std::getenv("YOLOC_NATIVE_MALLOPT");
  if (env && env[0] == '0') return;
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

napi_value Init(napi_env env, napi_value exports) {
  static std::once_flag tuned;
  std::call_once(tuned, tune_malloc);
  const napi_property_descriptor props[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2dBackpropInput, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2dBackpropFilter, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"depthwise", nullptr, Depthwise, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"depthwiseBackpropInput", nullptr, DepthwiseBackpropInput, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"depthwiseBackpropFilter", nullptr, DepthwiseBackpropFilter, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"matmul", nullptr, Matmul, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"slice", nullptr, Slice, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"affine", nullptr, Affine, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"reduceRows", nullptr, ReduceRows, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"reduceInner", nullptr, ReduceInner, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"maxpool", nullptr, MaxPool, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"maxpoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"bnTrain", nullptr, BnTrain, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"bnTrainGrad", nullptr, BnTrainGrad, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"act", nullptr, Act, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"actGrad", nullptr, ActGrad, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"star", nullptr, Star, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"starGrad", nullptr, StarGrad, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"dfl", nullptr, Dfl, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"dflGrad", nullptr, DflGrad, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"sgdUpdate", nullptr, SgdUpdate, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"emaUpdate", nullptr, EmaUpdate, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"adamwUpdate", nullptr, AdamWUpdate, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"dslAssign", nullptr, DslAssign, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"qualityFocal", nullptr, QualityFocal, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"setSimd", nullptr, SetSimd, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"quietStderr", nullptr, QuietStderr, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"planCreate", nullptr, PlanCreate, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"planRun", nullptr, PlanRun, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"planFree", nullptr, PlanFree, nullptr, nullptr, nullptr, kMethod, nullptr},
      {"planBytes", nullptr, PlanBytes, nullptr, nullptr, nullptr, kMethod, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace
}  // namespace yoloc

NAPI_MODULE(NODE_GYP_MODULE_NAME, yoloc::Init)
