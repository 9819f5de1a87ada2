// AdamW (torch.optim.AdamW) over every parameter of a group in one call. The arithmetic is the
// per-parameter tfjs ops of runtime/engine/adamw.ts (adamwOps) step by step, each product, sum,
// quotient and square root rounded to float (no FMA: this file is compiled without contraction),
// so both paths give the same bits.
#include "optim_adamw.h"

#include <cmath>

#include "pool.h"

namespace yoloc {

void adamw_update(int count, const AdamWArrays* arrays, const AdamWScalars& s) {
  // tasks of at most 64K values, so that one large tensor does not leave a thread idle
  constexpr long kChunk = 1 << 16;
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
    const AdamWArrays& a = arrays[k];
    const long begin = t * kChunk, end = begin + kChunk < a.n ? begin + kChunk : a.n;
    for (long i = begin; i < end; ++i) {
      const float g = a.g[i];
      const float p1 = a.p[i] * s.decay;
      const float m_kept = a.m[i] * s.b1;
      const float m_add = g * s.c1;
      const float m1 = m_kept + m_add;
      const float v_kept = a.v[i] * s.b2;
      const float gg = g * g;
      const float v_add = gg * s.c2;
      const float v1 = v_kept + v_add;
      const float root = std::sqrt(v1);
      const float scaled = root / s.bc2sqrt;
      const float denom = scaled + s.eps;
      const float num = m1 * s.neg_step;
      const float upd = num / denom;
      a.p_out[i] = p1 + upd;
      a.m_out[i] = m1;
      a.v_out[i] = v1;
    }
  });
}

}  // namespace yoloc
