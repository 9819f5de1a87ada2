// Fused memory-bound training kernels (fused.cc): BatchNorm with batch statistics and an
// activation in one pass each way, the StarNet "star" relu6(a) * b, and SiLU. Each replaces
// 5-25 separate tfjs kernels (and their temporaries) per layer and training step.
// Results do not depend on the number of threads or on timing: rows are cut into blocks whose
// size depends only on the shape, and per-block sums are combined in block order.
#pragma once

namespace yoloc {

// Activation codes (the same numbers as kernels.h's Act and runtime/backend/native/shared.ts).
enum FusedAct { FACT_LINEAR = 0, FACT_RELU = 1, FACT_RELU6 = 2, FACT_SILU = 5 };

// Training BatchNorm over x [rows, c]: mean, biased var, y = act((x - mean) / sqrt(var + eps)
// * gamma + beta).
void bn_train_forward(const float* x, const float* gamma, const float* beta, float* y,
                      float* mean, float* var, long rows, int c, float eps, int act);
// Its gradient for dy (w.r.t. the activation's output): dx, dgamma, dbeta (recomputes the
// pre-activation from x and the saved statistics).
void bn_train_backward(const float* dy, const float* x, const float* gamma, const float* beta,
                       const float* mean, const float* var, float* dx, float* dgamma,
                       float* dbeta, long rows, int c, float eps, int act);
// y = act(x) and dx = dy * act'(x) for n elements.
void act_forward(int act, const float* x, float* y, long n);
void act_backward(int act, const float* x, const float* dy, float* dx, long n);
// y = relu6(a) * b; da = dy * b * (0 < a < 6) (PyTorch's ReLU6 gradient), db = dy * relu6(a).
void star_forward(const float* a, const float* b, float* y, long n);
void star_backward(const float* a, const float* b, const float* dy, float* da, float* db, long n);
// DFL integral over `rows` rows of r <= 256 logits: y[i] = sum_j j softmax(x_i)_j; dx = dy_i p_ij (j - y_i).
void dfl_forward(const float* x, float* y, long rows, int r);
void dfl_backward(const float* x, const float* dy, float* dx, long rows, int r);

// Serial row primitives, compiled once per SIMD level (fused_impl.h).
struct FusedKernels {
  // sum[j] = sum over rows [r0, r1) of x[r, j] (center null) or (x[r, j] - center[j])^2.
  void (*col_sums)(const float* x, long r0, long r1, int c, const float* center, float* sum);
  // y[r, j] = act(x[r, j] * scale[j] + shift[j]).
  void (*affine_act)(const float* x, float* y, long r0, long r1, int c, const float* scale,
                     const float* shift, int act);
  // With a = x*scale + shift, g = dy * act'(a), z = (x - mean) * invstd: sg[j] = sum g,
  // sgz[j] = sum g * z over rows [r0, r1).
  void (*bn_grad_sums)(const float* dy, const float* x, long r0, long r1, int c,
                       const float* scale, const float* shift, const float* mean,
                       const float* invstd, int act, float* sg, float* sgz);
  // dx = k[j] * (g - mg[j] - z * mgz[j]) with g, z as above.
  void (*bn_grad_apply)(const float* dy, const float* x, float* dx, long r0, long r1, int c,
                        const float* scale, const float* shift, const float* mean,
                        const float* invstd, int act, const float* k, const float* mg,
                        const float* mgz);
  void (*act_fwd)(int act, const float* x, float* y, long i0, long i1);
  void (*act_bwd)(int act, const float* x, const float* dy, float* dx, long i0, long i1);
  void (*star_fwd)(const float* a, const float* b, float* y, long i0, long i1);
  void (*star_bwd)(const float* a, const float* b, const float* dy, float* da, float* db,
                   long i0, long i1);
};

namespace avx512 { extern const FusedKernels fused_table; }
namespace avx2 { extern const FusedKernels fused_table; }
namespace generic { extern const FusedKernels fused_table; }

}  // namespace yoloc
