// Per-thread (serial) compute primitives, compiled three times from kernels_impl.h: AVX-512
// (F/BW/DQ/VL), AVX2+FMA and portable. kernels() picks the table at run time (CPUID, and XGETBV
// for the registers the OS saves: kernels_dispatch.cc); YOLOC_SIMD=generic|avx2|avx512 forces
// one. The drivers in conv.cc / matmul.cc / depthwise.cc split work over the pool and call these.
#pragma once

namespace yoloc {

// Activation codes shared with the TypeScript side.
// ACT_SILU (x * sigmoid(x), vmath's polynomial exp) has no tfjs counterpart: our own kernels only.
enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_LEAKY = 4, ACT_SILU = 5 };

// SIMD levels, in order: a higher level runs where its instructions and register state exist.
enum SimdLevel { SIMD_GENERIC = 0, SIMD_AVX2 = 1, SIMD_AVX512 = 2 };

// Depthwise geometry (NHWC input, filter [KH,KW,C,MULT], output channels C*MULT).
struct DwGeom {
  int n, h, w, c, kh, kw, mult, oh, ow, sh, sw, dh, dw, pt, pl;
};

// The GEMM layout of one tier: its one place (each tier's kernels_*.cc sets these constants and
// the table carries them to the drivers). MR x NR is the register tile (rows of A x columns of B);
// packed B is stored in panels NR columns wide, zero-padded; A panels (when packed) MR rows deep;
// KC deep K blocks and MC rows of packed A stay in L2.
struct Tile {
  int mr, nr, kc, mc;
};

struct FusedKernels;
struct PoolGeom;

struct Kernels {
  const char* name;
  int level;  // SimdLevel
  Tile tile;
  // dst (size round_up(N, NR) * K) <- B, element (p, j) at B[p*rsB + j*csB]; panels [j0, j1).
  void (*pack_b)(int K, int N, const float* B, long rsB, long csB, float* dst, int j0, int j1);
  // C[M,N] (+)= A * packedB; A element (i, p) at A[i*rsA + p*csA]; packA holds MC*KC floats.
  void (*gemm)(int M, int N, int K, const float* A, long rsA, long csA, const float* packedB,
               float* C, long ldc, bool accumulate, float* packA);
  // C[M,N] += A^T B with A element (i, p) at A[p*lda + i] and B element (p, j) at B[p*ldb + j]:
  // the filter gradient's reduction over pixels, both operands read in place (no packing).
  void (*gemm_tn)(int M, int N, int K, const float* A, long lda, const float* B, long ldb,
                  float* C, long ldc);
  // C[M, N] = A B for a convolution without im2col: A's row r is output pixel r's window, its
  // k-th value (k = s*seglen + q) at rowp[r] + segoff[s] + q (a segment: a filter row of the
  // padded input); B packed as by pack_b (K = nseg*seglen rows).
  void (*igemm)(int M, int N, int nseg, int seglen, const long* segoff, const float* const* rowp,
                const float* packedB, float* C, long ldc);
  // C[M, N] += A^T B over P output pixels for a filter gradient without im2col: A's row p (M =
  // K values) at rowp[p] + segoff[s] + q for value s*seglen + q; B's row p at B + p*ldb.
  void (*igemm_tn)(int M, int N, int P, const float* const* rowp, int nseg, int seglen,
                   const long* segoff, const float* B, long ldb, float* C, long ldc);
  // rows x N block of C: C = act(C + bias[j]) + res[i*ldr + j] (bias, res may be null).
  void (*epilogue)(float* C, int rows, int N, long ldc, const float* bias, int act, float alpha,
                   const float* res, long ldr);
  // out[i, j] = relu6(T[i, j] + b[j]) * (T[i, n+j] + b[n+j]), rows x n (StarNet's star after one
  // GEMM over both branches; bias may be null).
  void (*star_rows)(const float* T, long ldt, int rows, int n, const float* bias, float* out,
                    long ldo);
  // Depthwise forward (bias, no activation) for output rows [r0, r1) (row = n*OH + oh); input
  // pixels xs floats apart, output pixels os apart (channel slices of wider tensors).
  void (*dw_forward)(const DwGeom& g, const float* x, long xs, const float* w, const float* bias,
                     float* out, long os, long r0, long r1);
  // Depthwise input gradient for input rows [r0, r1) (row = n*H + ih).
  void (*dw_backprop_input)(const DwGeom& g, const float* dy, const float* w, float* dx,
                            long r0, long r1);
  // Depthwise filter gradient accumulated into dw over output rows [r0, r1).
  void (*dw_backprop_filter)(const DwGeom& g, const float* x, const float* dy, float* dw,
                             long r0, long r1);
  // Winograd F(2x2, 3x3) (conv.cc). Input transform of one tile: d[16] point at the 4x4 patch's
  // pixels (c floats each; a zero row where outside the image), v[k*vs + j] = (B^T d B)[k][j].
  void (*wino_in)(const float* const* d, int c, float* v, long vs);
  // Output transform of one tile: m[k*ms + o] the 16 GEMM results; o[0..3] get the 2x2 outputs
  // (y00, y01, y10, y11) of co channels (a scratch row for outputs outside the image).
  void (*wino_out)(const float* m, long ms, int co, float* const* o);
  // Max pooling of image n, channels [c0, c1) (c1 - c0 <= 16): out gets each window's max and/or
  // dx += dy at its first strictly greater value in (row, column) order (NaN never wins; a
  // window without a winner passes nothing): the cpu backend's rule. Vectorised over channels.
  void (*maxpool_block)(const PoolGeom& g, const float* x, float* out, const float* dy, float* dx,
                        long n, int c0, int c1);
  // The fused training kernels of the same level (fused.h).
  const FusedKernels* fused;
};

// The table in use: the best level the CPU and OS support, or the one YOLOC_SIMD / kernels_force
// asked for when available.
const Kernels& kernels();
// The table of a level, or null when this CPU (or OS) cannot run it.
const Kernels* kernels_at(int level);
// Forces a level (-1: automatic). Returns false (and changes nothing) when it is unavailable.
bool kernels_force(int level);
// The highest level this CPU and OS support.
int kernels_best_level();
// Compatibility with the tests' hook: true forces the portable table, false restores automatic.
void kernels_force_generic(bool on);

namespace avx512 { extern const Kernels table; }
namespace avx2 { extern const Kernels table; }
namespace generic { extern const Kernels table; }

}  // namespace yoloc
