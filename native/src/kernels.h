// Per-thread (serial) compute primitives, compiled twice from kernels_impl.h: once for AVX2+FMA
// and once portable; kernels() picks the table at run time with __builtin_cpu_supports.
// The drivers in conv.cc / matmul.cc split work over the pool and call these.
#pragma once

namespace yoloc {

// GEMM blocking: MR x NR register tile, KC deep panels, MC rows of A kept in L2.
constexpr int MR = 6;
constexpr int NR = 16;
constexpr int KC = 256;
constexpr int MC = 144;

// Activation codes shared with the TypeScript side.
// ACT_SILU (x * sigmoid(x), vmath's polynomial exp) has no tfjs counterpart: our own kernels only.
enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_LEAKY = 4, ACT_SILU = 5 };

// Depthwise geometry (NHWC input, filter [KH,KW,C,MULT], output channels C*MULT).
struct DwGeom {
  int n, h, w, c, kh, kw, mult, oh, ow, sh, sw, dh, dw, pt, pl;
};

struct Kernels {
  const char* name;
  // dst (size round_up(N, NR) * K) <- B, element (p, j) at B[p*rsB + j*csB].
  void (*pack_b)(int K, int N, const float* B, long rsB, long csB, float* dst, int j0, int j1);
  // C[M,N] (+)= A * packedB; A element (i, p) at A[i*rsA + p*csA]; packA holds MC*KC floats.
  void (*gemm)(int M, int N, int K, const float* A, long rsA, long csA, const float* packedB,
               float* C, long ldc, bool accumulate, float* packA);
  // C[M,N] += A^T B with A element (i, p) at A[p*lda + i] and B element (p, j) at B[p*ldb + j]:
  // the filter gradient's reduction over pixels, both operands read in place (no packing).
  void (*gemm_tn)(int M, int N, int K, const float* A, long lda, const float* B, long ldb,
                  float* C, long ldc);
  // rows x N block of C: C += bias[j] (bias may be null), then the activation.
  void (*bias_act)(float* C, int rows, int N, long ldc, const float* bias, int act, float alpha);
  // Depthwise forward for output rows [r0, r1) (row = n*OH + oh).
  void (*dw_forward)(const DwGeom& g, const float* x, const float* w, const float* bias,
                     float* out, long r0, long r1);
  // Depthwise input gradient for input rows [r0, r1) (row = n*H + ih).
  void (*dw_backprop_input)(const DwGeom& g, const float* dy, const float* w, float* dx,
                            long r0, long r1);
  // Depthwise filter gradient accumulated into dw over output rows [r0, r1).
  void (*dw_backprop_filter)(const DwGeom& g, const float* x, const float* dy, float* dw,
                             long r0, long r1);
};

const Kernels& kernels();
// Forces the portable table (tests compare it with the AVX2 one).
void kernels_force_generic(bool on);

namespace avx2 { extern const Kernels table; }
namespace generic { extern const Kernels table; }

}  // namespace yoloc
