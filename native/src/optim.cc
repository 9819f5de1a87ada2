// Optimizer updates over many parameters in one call: SGD (torch.optim.SGD: L2 weight decay,
// momentum, Nesterov) and the EMA of the weights. Per parameter these are 5-7 tfjs kernels each
// (~250 parameters: ~2,000 kernel launches per training step); here one call does them all.
// The arithmetic mirrors the composite tfjs ops step by step (each product and sum rounded to
// float; this file is compiled without FMA), so the fused and composite paths agree bitwise.
#include "optim.h"

#include "pool.h"

namespace yoloc {

void sgd_update(int count, const OptimArrays* arrays, float lr, float momentum, float wd,
                bool nesterov) {
  parallel_for(count, [&](long t, int) {
    const OptimArrays& a = arrays[t];
    for (long i = 0; i < a.n; ++i) {
      float d = a.g[i];
      if (wd != 0.f) {
        const float decay = a.p[i] * wd;
        d = d + decay;
      }
      if (momentum != 0.f) {
        const float kept = a.buf[i] * momentum;
        const float next = kept + d;
        a.buf_out[i] = next;
        if (nesterov) {
          const float look = next * momentum;
          d = d + look;
        } else {
          d = next;
        }
      }
      const float step = d * lr;
      a.p_out[i] = a.p[i] - step;
    }
  });
}

void ema_update(int count, const OptimArrays* arrays, float keep, float take) {
  parallel_for(count, [&](long t, int) {
    const OptimArrays& a = arrays[t];
    for (long i = 0; i < a.n; ++i) {
      const float old = a.p[i] * keep;
      const float add = a.g[i] * take;
      a.p_out[i] = old + add;
    }
  });
}

}  // namespace yoloc
