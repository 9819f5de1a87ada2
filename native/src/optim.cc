// Optimizer updates over many parameters in one call: SGD (torch.optim.SGD: L2 weight decay,
// momentum, Nesterov) and the EMA of the weights. Per parameter these are 5-7 tfjs kernels each
// (~250 parameters: ~2,000 kernel launches per training step); here one call does them all.
// The arithmetic mirrors the composite tfjs ops step by step (each product and sum rounded to
// float; this file is compiled without FMA), so the fused and composite paths agree bitwise.
// Tasks of at most 64K values (one large tensor does not leave a thread idle); the options are
// template arguments and the arrays __restrict, so each loop is straight-line and vectorises.
#include "optim.h"

#include "pool.h"

namespace yoloc {
namespace {

constexpr long kChunk = 1 << 16;

// Runs fn(array, begin, end) over every array in chunks of <= kChunk values, in parallel.
template <typename F>
void over_chunks(int count, const OptimArrays* arrays, F fn) {
  long tasks = 0;
  for (int k = 0; k < count; ++k) tasks += (arrays[k].n + kChunk - 1) / kChunk;
  if (tasks == 0) return;
  parallel_for(tasks, [&](long task, int) {
    int k = 0;
    long t = task;
    for (;; ++k) {
      const long parts = (arrays[k].n + kChunk - 1) / kChunk;
      if (t < parts) break;
      t -= parts;
    }
    const long begin = t * kChunk, end = begin + kChunk < arrays[k].n ? begin + kChunk : arrays[k].n;
    fn(arrays[k], begin, end);
  });
}

template <bool WD, bool MOM, bool NESTEROV>
void sgd_range(const OptimArrays& a, long begin, long end, float lr, float momentum, float wd) {
  const float* __restrict p = a.p;
  const float* __restrict g = a.g;
  const float* __restrict buf = a.buf;
  float* __restrict p_out = a.p_out;
  float* __restrict buf_out = a.buf_out;
  for (long i = begin; i < end; ++i) {
    float d = g[i];
    if (WD) {
      const float decay = p[i] * wd;
      d = d + decay;
    }
    if (MOM) {
      const float kept = buf[i] * momentum;
      const float next = kept + d;
      buf_out[i] = next;
      if (NESTEROV) {
        const float look = next * momentum;
        d = d + look;
      } else {
        d = next;
      }
    }
    const float step = d * lr;
    p_out[i] = p[i] - step;
  }
}

template <bool WD, bool MOM, bool NESTEROV>
void sgd_all(int count, const OptimArrays* arrays, float lr, float momentum, float wd) {
  over_chunks(count, arrays, [&](const OptimArrays& a, long b, long e) { sgd_range<WD, MOM, NESTEROV>(a, b, e, lr, momentum, wd); });
}

}  // namespace

void sgd_update(int count, const OptimArrays* arrays, float lr, float momentum, float wd,
                bool nesterov) {
  const bool w = wd != 0.f, m = momentum != 0.f;
  if (w && m && nesterov) sgd_all<true, true, true>(count, arrays, lr, momentum, wd);
  else if (w && m) sgd_all<true, true, false>(count, arrays, lr, momentum, wd);
  else if (w) sgd_all<true, false, false>(count, arrays, lr, momentum, wd);
  else if (m && nesterov) sgd_all<false, true, true>(count, arrays, lr, momentum, wd);
  else if (m) sgd_all<false, true, false>(count, arrays, lr, momentum, wd);
  else sgd_all<false, false, false>(count, arrays, lr, momentum, wd);
}

void ema_update(int count, const OptimArrays* arrays, float keep, float take) {
  over_chunks(count, arrays, [&](const OptimArrays& a, long begin, long end) {
    const float* __restrict p = a.p;
    const float* __restrict g = a.g;
    float* __restrict out = a.p_out;
    for (long i = begin; i < end; ++i) {
      const float old = p[i] * keep;
      const float add = g[i] * take;
      out[i] = old + add;
    }
  });
}

}  // namespace yoloc
