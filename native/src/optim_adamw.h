// AdamW over many parameters in one call (optim_adamw.cc); see runtime/engine/adamw.ts.
#pragma once

namespace yoloc {

// One parameter's memory: p, its gradient g, moments m and v -> p_out, m_out, v_out.
struct AdamWArrays {
  const float* p;
  const float* g;
  const float* m;
  const float* v;
  float* p_out;
  float* m_out;
  float* v_out;
  long n;
};

// The group's float32 scalars: decay = 1 - lr * wd, b1, c1 = 1 - b1, b2, c2 = 1 - b2,
// bc2sqrt = sqrt(1 - b2^t), eps, neg_step = -lr / (1 - b1^t).
struct AdamWScalars {
  float decay, b1, c1, b2, c2, bc2sqrt, eps, neg_step;
};

void adamw_update(int count, const AdamWArrays* arrays, const AdamWScalars& s);

}  // namespace yoloc
