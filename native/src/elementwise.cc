// Memory-bound kernels that tfjs's cpu backend runs slowly in JS (its broadcasting binary ops
// compute a multi-index per element): binary ops over any broadcast, unary activations,
// strided slices, a per-channel affine (batch norm) and reductions over leading axes.
// Plain C++ (the compiler vectorises the inner loops); threads over rows.
#include <cmath>
#include <cstring>

#include "elementwise.h"
#include "pool.h"

namespace yoloc {
namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

// Splits [0, n) items of `cost` elements each into tasks of at least ~32K elements.
template <typename F>
void chunks(long n, long cost, F fn) {
  long per = ceil_div(32768, cost > 0 ? cost : 1);
  const long balance = ceil_div(n, static_cast<long>(pool_threads()) * 4);
  if (per < balance) per = balance;
  if (per < 1) per = 1;
  parallel_for(ceil_div(n, per), [&](long t, int) {
    const long b = t * per;
    fn(b, b + per < n ? b + per : n);
  });
}

template <typename Op>
void binary_rows(const float* a, const float* b, float* out, const BinaryGeom& g, Op op) {
  const int r = g.rank;
  const long inner = g.shape[r - 1];
  const long ia = g.astride[r - 1], ib = g.bstride[r - 1];
  long rows = 1;
  for (int d = 0; d < r - 1; ++d) rows *= g.shape[d];
  chunks(rows, inner, [&](long r0, long r1) {
    for (long row = r0; row < r1; ++row) {
      long rem = row, oa = 0, ob = 0;
      for (int d = r - 2; d >= 0; --d) {
        const long i = rem % g.shape[d];
        rem /= g.shape[d];
        oa += i * g.astride[d];
        ob += i * g.bstride[d];
      }
      const float* pa = a + oa;
      const float* pb = b + ob;
      float* po = out + row * inner;
      if (ia == 1 && ib == 1) {
        for (long j = 0; j < inner; ++j) po[j] = op(pa[j], pb[j]);
      } else if (ia == 1) {
        const float bv = pb[0];
        for (long j = 0; j < inner; ++j) po[j] = op(pa[j], bv);
      } else if (ib == 1) {
        const float av = pa[0];
        for (long j = 0; j < inner; ++j) po[j] = op(av, pb[j]);
      } else {
        const float v = op(pa[0], pb[0]);
        for (long j = 0; j < inner; ++j) po[j] = v;
      }
    }
  });
}

template <typename Op>
void unary_all(const float* x, float* out, long n, Op op) {
  chunks(n, 1, [&](long b, long e) {
    for (long i = b; i < e; ++i) out[i] = op(x[i]);
  });
}

}  // namespace

void binary(int op, const float* a, const float* b, float* out, const BinaryGeom& g) {
  switch (op) {
    case BIN_ADD: return binary_rows(a, b, out, g, [](float x, float y) { return x + y; });
    case BIN_SUB: return binary_rows(a, b, out, g, [](float x, float y) { return x - y; });
    case BIN_MUL: return binary_rows(a, b, out, g, [](float x, float y) { return x * y; });
    case BIN_DIV: return binary_rows(a, b, out, g, [](float x, float y) { return x / y; });
    case BIN_SQDIFF:
      return binary_rows(a, b, out, g, [](float x, float y) { return (x - y) * (x - y); });
    case BIN_MAX:
      return binary_rows(a, b, out, g, [](float x, float y) { return std::isnan(x) || x > y ? x : y; });
    case BIN_MIN:
      return binary_rows(a, b, out, g, [](float x, float y) { return std::isnan(x) || x < y ? x : y; });
    case BIN_LESS: return binary_rows(a, b, out, g, [](float x, float y) { return x < y ? 1.f : 0.f; });
    case BIN_LESS_EQUAL: return binary_rows(a, b, out, g, [](float x, float y) { return x <= y ? 1.f : 0.f; });
    case BIN_GREATER: return binary_rows(a, b, out, g, [](float x, float y) { return x > y ? 1.f : 0.f; });
    case BIN_GREATER_EQUAL: return binary_rows(a, b, out, g, [](float x, float y) { return x >= y ? 1.f : 0.f; });
    case BIN_EQUAL: return binary_rows(a, b, out, g, [](float x, float y) { return x == y ? 1.f : 0.f; });
    default: return;
  }
}

void unary(int op, const float* x, float* out, long n, float alpha) {
  switch (op) {
    case UN_SIGMOID: return unary_all(x, out, n, [](float v) { return 1.f / (1.f + std::exp(-v)); });
    case UN_RELU: return unary_all(x, out, n, [](float v) { return v > 0.f ? v : (v == v ? 0.f : v); });
    case UN_RELU6:
      return unary_all(x, out, n, [](float v) { return v != v ? v : (v < 0.f ? 0.f : (v > 6.f ? 6.f : v)); });
    case UN_NEG: return unary_all(x, out, n, [](float v) { return -v; });
    case UN_SQUARE: return unary_all(x, out, n, [](float v) { return v * v; });
    case UN_EXP: return unary_all(x, out, n, [](float v) { return std::exp(v); });
    case UN_SQRT: return unary_all(x, out, n, [](float v) { return std::sqrt(v); });
    case UN_RSQRT: return unary_all(x, out, n, [](float v) { return 1.f / std::sqrt(v); });
    case UN_SCALE: return unary_all(x, out, n, [alpha](float v) { return v * alpha; });
    case UN_STEP: return unary_all(x, out, n, [alpha](float v) { return v != v ? v : (v > 0.f ? 1.f : alpha); });
    case UN_SOFTPLUS:
      // tfjs's (TensorFlow's) thresholds, in double as the cpu backend computes it: the same floats
      return unary_all(x, out, n, [](float v) {
        const double t = std::log(1.1920928955078125e-7) + 2.0, d = v;
        if (d < t) return static_cast<float>(std::exp(d));
        if (d > -t) return v;
        return static_cast<float>(std::log(1.0 + std::exp(d)));
      });
    default: return;
  }
}

void slice(float* big, float* small, const SliceGeom& g, bool insert) {
  const int r = g.rank;
  // The trailing dims taken whole make one contiguous run per row.
  int k = r - 1;
  while (k > 0 && g.begin[k] == 0 && g.size[k] == g.in[k]) --k;
  long stride_k = 1;
  for (int d = k + 1; d < r; ++d) stride_k *= g.in[d];
  const long run = g.size[k] * stride_k;
  long in_strides[kMaxRank];
  long s = 1;
  for (int d = r - 1; d >= 0; --d) {
    in_strides[d] = s;
    s *= g.in[d];
  }
  long rows = 1;
  for (int d = 0; d < k; ++d) rows *= g.size[d];
  chunks(rows, run, [&](long r0, long r1) {
    for (long row = r0; row < r1; ++row) {
      long rem = row, off = g.begin[k] * in_strides[k];
      for (int d = k - 1; d >= 0; --d) {
        off += (g.begin[d] + rem % g.size[d]) * in_strides[d];
        rem /= g.size[d];
      }
      if (insert)
        std::memcpy(big + off, small + row * run, sizeof(float) * run);
      else
        std::memcpy(small + row * run, big + off, sizeof(float) * run);
    }
  });
}

void channel_affine(const float* x, const float* mul, const float* add, float* out, long n, int c) {
  const long rows = n / c;
  chunks(rows, c, [&](long r0, long r1) {
    for (long row = r0; row < r1; ++row) {
      const float* px = x + row * c;
      float* po = out + row * c;
      for (int j = 0; j < c; ++j) po[j] = px[j] * mul[j] + add[j];
    }
  });
}

void softmax_rows(const float* x, float* out, long rows, long cols) {
  chunks(rows, cols, [&](long r0, long r1) {
    for (long r = r0; r < r1; ++r) {
      const float* p = x + r * cols;
      float* o = out + r * cols;
      float m = p[0];
      for (long j = 1; j < cols; ++j)
        if (p[j] != p[j] || p[j] > m) m = p[j];  // NaN wins, as tfjs's max
      double s = 0;
      for (long j = 0; j < cols; ++j) {
        const float e = static_cast<float>(std::exp(static_cast<double>(p[j] - m)));
        o[j] = e;
        s += e;
      }
      const double sf = static_cast<float>(s);
      for (long j = 0; j < cols; ++j) o[j] = static_cast<float>(o[j] / sf);
    }
  });
}

void reduce_inner(int op, const float* x, float* out, long rows, long cols) {
  chunks(rows, cols, [&](long r0, long r1) {
    for (long i = r0; i < r1; ++i) {
      const float* p = x + i * cols;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // independent chains: no add-latency stall
      long j = 0;
      for (; j + 4 <= cols; j += 4) {
        s0 += p[j];
        s1 += p[j + 1];
        s2 += p[j + 2];
        s3 += p[j + 3];
      }
      for (; j < cols; ++j) s0 += p[j];
      const double s = (s0 + s1) + (s2 + s3);
      out[i] = static_cast<float>(op == 1 ? s / static_cast<double>(cols) : s);
    }
  });
}

void reduce_rows(int op, const float* x, float* out, long rows, long cols) {
  if (cols == 1 && rows >= 1024) {
    // A full reduction: column sums of [rows/64, 64] (vectorises), then those 64 and the tail.
    constexpr long kW = 64;
    const long main_rows = rows / kW;
    float part[kW];
    reduce_rows(0, x, part, main_rows, kW);
    double s = 0;
    for (long j = 0; j < kW; ++j) s += part[j];
    for (long i = main_rows * kW; i < rows; ++i) s += x[i];
    out[0] = static_cast<float>(op == 1 ? s / static_cast<double>(rows) : s);
    return;
  }
  const double scale = op == 1 ? 1.0 / static_cast<double>(rows) : 1.0;
  // Every path below fixes each column's summation order by the shape alone (never by the thread
  // count or by which thread ran a task): the same bits for any thread count.
  constexpr long kCols = 512;
  if (cols >= 2 * kCols) {
    // Wide rows (few of them, e.g. a gradient summed over the batch): threads over column
    // chunks, each column summed over all rows in row order, in double. No partials to add.
    parallel_for(ceil_div(cols, kCols), [&](long t, int) {
      const long j0 = t * kCols, n = j0 + kCols < cols ? kCols : cols - j0;
      double acc[kCols];
      for (long j = 0; j < n; ++j) acc[j] = 0;
      for (long i = 0; i < rows; ++i) {
        const float* px = x + i * cols + j0;
        for (long j = 0; j < n; ++j) acc[j] += px[j];
      }
      for (long j = 0; j < n; ++j) out[j0 + j] = static_cast<float>(acc[j] * scale);
    });
    return;
  }
  // Narrow rows: partial sums in double over row blocks, added in block order.
  long parts = rows * cols >> 14;
  if (parts > 16) parts = 16;
  if (parts > rows) parts = rows;
  if (parts < 1) parts = 1;
  const long per = ceil_div(rows, parts);
  parts = ceil_div(rows, per);
  double* part = reinterpret_cast<double*>(scratch(-1, 2, 2 * parts * cols + 2));
  std::memset(part, 0, sizeof(double) * parts * cols);
  parallel_for(parts, [&](long t, int) {
    double* acc = part + t * cols;
    const long b = t * per, e = b + per < rows ? b + per : rows;
    for (long i = b; i < e; ++i) {
      const float* px = x + i * cols;
      for (long j = 0; j < cols; ++j) acc[j] += px[j];
    }
  });
  for (long j = 0; j < cols; ++j) {
    double s = 0;
    for (long t = 0; t < parts; ++t) s += part[t * cols + j];
    out[j] = static_cast<float>(s * scale);
  }
}

}  // namespace yoloc

namespace yoloc {

// out = x with its axes permuted (out axis k is x axis perm[k]), 4-byte elements (float32 and
// int32 alike). Output axes that stay neighbours in x are merged first; then a batched 2-D
// transpose ([B, M, N] -> [B, N, M]: NCHW <-> NHWC) runs in 32 x 32 blocks so that both sides
// are read and written a cache line at a time, any other permutation as a gather over the
// output (its last axis a contiguous run where x's last axis stays last).
void transpose(const uint32_t* x, uint32_t* out, int rank, const long* shape, const int* perm) {
  long in_stride[kMaxRank];
  long s = 1;
  for (int k = rank - 1; k >= 0; --k) {
    in_stride[k] = s;
    s *= shape[k];
  }
  const long total = s;
  if (total == 0) return;
  // Output axes with their size and stride in x, neighbours in x merged.
  long dim[kMaxRank], str[kMaxRank];
  int r = 0;
  for (int k = 0; k < rank; ++k) {
    const long d = shape[perm[k]], st = in_stride[perm[k]];
    if (d == 1) continue;
    if (r > 0 && str[r - 1] == st * d) {
      dim[r - 1] *= d;
      str[r - 1] = st;
    } else {
      dim[r] = d;
      str[r] = st;
      ++r;
    }
  }
  if (r <= 1) {
    std::memcpy(out, x, sizeof(uint32_t) * total);
    return;
  }
  // Batched 2-D transpose: out [B, N, M] from x [B, M, N] (out's last axis has x's stride N,
  // out's middle axis stride 1, the batch the rest).
  if ((r == 2 || (r == 3 && str[0] == dim[1] * dim[2])) && str[r - 2] == 1 && str[r - 1] == dim[r - 2]) {
    const long B = r == 3 ? dim[0] : 1, N = dim[r - 2], M = dim[r - 1];
    constexpr long T = 32;
    const long nb = (N + T - 1) / T, mb = (M + T - 1) / T;
    parallel_for(B * nb, [&](long t, int) {
      const long b = t / nb, n0 = (t % nb) * T, n1 = n0 + T < N ? n0 + T : N;
      const uint32_t* xb = x + b * M * N;
      uint32_t* ob = out + b * M * N;
      for (long j = 0; j < mb; ++j) {
        const long m0 = j * T, m1 = m0 + T < M ? m0 + T : M;
        for (long n = n0; n < n1; ++n)
          for (long m = m0; m < m1; ++m) ob[n * M + m] = xb[m * N + n];
      }
    });
    return;
  }
  // General: rows of the output's last axis, gathered.
  const long inner = dim[r - 1], istr = str[r - 1];
  const long rows = total / inner;
  parallel_for((rows + 63) / 64, [&](long t, int) {
    const long r0 = t * 64, r1 = r0 + 64 < rows ? r0 + 64 : rows;
    for (long row = r0; row < r1; ++row) {
      long rem = row, off = 0;
      for (int k = r - 2; k >= 0; --k) {
        off += (rem % dim[k]) * str[k];
        rem /= dim[k];
      }
      uint32_t* o = out + row * inner;
      const uint32_t* xi = x + off;
      if (istr == 1) {
        std::memcpy(o, xi, sizeof(uint32_t) * inner);
      } else {
        for (long q = 0; q < inner; ++q) o[q] = xi[q * istr];
      }
    }
  });
}

}  // namespace yoloc
