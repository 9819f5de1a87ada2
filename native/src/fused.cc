// Threaded drivers of the fused kernels (see fused.h). Every per-channel reduction is cut into
// row blocks whose size depends only on (rows, c); blocks run on any thread, their float
// partial sums land in their own slots and are added in block order in double. So results are
// bitwise the same for any thread count and any history.
#include "fused.h"

#include <cmath>
#include <vector>

#include "kernels.h"
#include "pool.h"

namespace yoloc {
namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

// The fused table of the GEMM's level (kernels_dispatch.cc), so a forced level applies to both.
const FusedKernels& fk() { return *kernels().fused; }

// Rows per block for a [rows, c] reduction: ~16K elements, at least 8 rows, at most 1024 blocks.
long block_rows(long rows, int c) {
  long b = ceil_div(16384, c > 0 ? c : 1);
  if (b < 8) b = 8;
  if (ceil_div(rows, b) > 1024) b = ceil_div(rows, 1024);
  return b;
}

// Element ranges for element-wise work: ~32K elements per task.
template <typename F>
void elementwise(long n, F fn) {
  const long per = 32768;
  parallel_for(ceil_div(n, per), [&](long t, int) {
    const long i0 = t * per;
    fn(i0, i0 + per < n ? i0 + per : n);
  });
}

// out[j] = sum over blocks of part[block][j], in block order, in double.
void combine(const std::vector<float>& part, long blocks, int c, std::vector<double>& out) {
  out.assign(c, 0.0);
  for (long b = 0; b < blocks; ++b)
    for (int j = 0; j < c; ++j) out[j] += part[b * c + j];
}

// Per-channel sums of x (or of (x - center)^2) over all rows, deterministic.
void channel_sums(const float* x, long rows, int c, const float* center, std::vector<double>& out) {
  const long br = block_rows(rows, c);
  const long blocks = ceil_div(rows, br);
  std::vector<float> part(static_cast<size_t>(blocks) * c);
  const FusedKernels& k = fk();
  parallel_for(blocks, [&](long b, int) {
    const long r0 = b * br;
    k.col_sums(x, r0, r0 + br < rows ? r0 + br : rows, c, center, part.data() + b * c);
  });
  combine(part, blocks, c, out);
}

// scale = gamma * invstd, shift = beta - mean * scale, from the batch statistics.
void affine_of(const float* gamma, const float* beta, const float* mean, const float* var, int c,
               float eps, std::vector<float>& invstd, std::vector<float>& scale,
               std::vector<float>& shift) {
  invstd.resize(c);
  scale.resize(c);
  shift.resize(c);
  for (int j = 0; j < c; ++j) {
    invstd[j] = static_cast<float>(1.0 / std::sqrt(static_cast<double>(var[j]) + eps));
    scale[j] = gamma[j] * invstd[j];
    shift[j] = beta[j] - mean[j] * scale[j];
  }
}

}  // namespace

void bn_train_forward(const float* x, const float* gamma, const float* beta, float* y,
                      float* mean, float* var, long rows, int c, float eps, int act) {
  const double n = rows > 0 ? static_cast<double>(rows) : 1.0;
  std::vector<double> s;
  channel_sums(x, rows, c, nullptr, s);
  for (int j = 0; j < c; ++j) mean[j] = static_cast<float>(s[j] / n);
  // Two passes (sum of squared deviations from the mean): no cancellation for large means.
  channel_sums(x, rows, c, mean, s);
  for (int j = 0; j < c; ++j) var[j] = static_cast<float>(s[j] / n);
  std::vector<float> invstd, scale, shift;
  affine_of(gamma, beta, mean, var, c, eps, invstd, scale, shift);
  const FusedKernels& k = fk();
  const long br = block_rows(rows, c);
  parallel_for(ceil_div(rows, br), [&](long b, int) {
    const long r0 = b * br;
    k.affine_act(x, y, r0, r0 + br < rows ? r0 + br : rows, c, scale.data(), shift.data(), act);
  });
}

void bn_train_backward(const float* dy, const float* x, const float* gamma, const float* beta,
                       const float* mean, const float* var, float* dx, float* dgamma,
                       float* dbeta, long rows, int c, float eps, int act) {
  std::vector<float> invstd, scale, shift;
  affine_of(gamma, beta, mean, var, c, eps, invstd, scale, shift);
  const FusedKernels& k = fk();
  const long br = block_rows(rows, c);
  const long blocks = ceil_div(rows, br);
  std::vector<float> pg(static_cast<size_t>(blocks) * c), pgz(static_cast<size_t>(blocks) * c);
  parallel_for(blocks, [&](long b, int) {
    const long r0 = b * br;
    k.bn_grad_sums(dy, x, r0, r0 + br < rows ? r0 + br : rows, c, scale.data(), shift.data(), mean,
                   invstd.data(), act, pg.data() + b * c, pgz.data() + b * c);
  });
  std::vector<double> sg, sgz;
  combine(pg, blocks, c, sg);
  combine(pgz, blocks, c, sgz);
  const double n = rows > 0 ? static_cast<double>(rows) : 1.0;
  std::vector<float> kk(c), mg(c), mgz(c);
  for (int j = 0; j < c; ++j) {
    dbeta[j] = static_cast<float>(sg[j]);
    dgamma[j] = static_cast<float>(sgz[j]);
    kk[j] = gamma[j] * invstd[j];
    mg[j] = static_cast<float>(sg[j] / n);
    mgz[j] = static_cast<float>(sgz[j] / n);
  }
  parallel_for(blocks, [&](long b, int) {
    const long r0 = b * br;
    k.bn_grad_apply(dy, x, dx, r0, r0 + br < rows ? r0 + br : rows, c, scale.data(), shift.data(),
                    mean, invstd.data(), act, kk.data(), mg.data(), mgz.data());
  });
}

void act_forward(int act, const float* x, float* y, long n) {
  const FusedKernels& k = fk();
  elementwise(n, [&](long i0, long i1) { k.act_fwd(act, x, y, i0, i1); });
}

void act_backward(int act, const float* x, const float* dy, float* dx, long n) {
  const FusedKernels& k = fk();
  elementwise(n, [&](long i0, long i1) { k.act_bwd(act, x, dy, dx, i0, i1); });
}

void star_forward(const float* a, const float* b, float* y, long n) {
  const FusedKernels& k = fk();
  elementwise(n, [&](long i0, long i1) { k.star_fwd(a, b, y, i0, i1); });
}

void star_backward(const float* a, const float* b, const float* dy, float* da, float* db, long n) {
  const FusedKernels& k = fk();
  elementwise(n, [&](long i0, long i1) { k.star_bwd(a, b, dy, da, db, i0, i1); });
}

}  // namespace yoloc
