// Multi-parameter optimizer updates (optim.cc).
#pragma once

namespace yoloc {

// One parameter's memory. SGD: p, its gradient g, momentum buffer buf -> p_out, buf_out.
// EMA: average p, source g -> p_out (buf unused).
struct OptimArrays {
  const float* p;
  const float* g;
  const float* buf;
  float* p_out;
  float* buf_out;
  long n;
};

// p_out = p - lr * d, d = g + wd * p, then with momentum: buf_out = momentum * buf + d and
// d = buf_out (or d + momentum * buf_out for Nesterov); every parameter of one group.
void sgd_update(int count, const OptimArrays* arrays, float lr, float momentum, float wd,
                bool nesterov);
// p_out = p * keep + g * take (keep = 1 - m, take = m as float32).
void ema_update(int count, const OptimArrays* arrays, float keep, float take);

}  // namespace yoloc
