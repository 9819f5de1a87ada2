// Branch-free float math that GCC vectorises inside plain loops (libm's expf is a call, which
// stops vectorisation): exp, sigmoid and SiLU to within ~2 ulp of libm. Header-only and
// `static inline`, so each SIMD build (kernels_avx2.cc, fused_avx2.cc, the portable files) gets
// its own copy compiled for its own instruction set.
#pragma once

#include <string.h>

namespace yoloc {
namespace vmath {

// e^x: n = round(x / ln2), r = x - n ln2 (two-part ln2), e^r by Cephes' degree-5 polynomial,
// 2^n built in the exponent bits. x is clamped to [-87.3, 88.7] (finite, normal results).
static inline float exp(float x) {
  x = x < -87.3f ? -87.3f : (x > 88.7f ? 88.7f : x);
  // Truncation of a positive number is floor: round(t) = trunc(t + 128.5) - 128 for t > -128.
  const int n = static_cast<int>(x * 1.44269504088896341f + 128.5f) - 128;
  const float fn = static_cast<float>(n);
  float r = x - fn * 0.693359375f;
  r = r + fn * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  const int bits = (n + 127) << 23;
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return er * scale;
}

// 1 / (1 + e^-x).
static inline float sigmoid(float x) { return 1.0f / (1.0f + exp(-x)); }

// x * sigmoid(x) (nn.SiLU).
static inline float silu(float x) { return x * sigmoid(x); }

// d silu / dx = s (1 + x (1 - s)), s = sigmoid(x).
static inline float silu_grad(float x) {
  const float s = sigmoid(x);
  return s * (1.0f + x * (1.0f - s));
}

}  // namespace vmath
}  // namespace yoloc
