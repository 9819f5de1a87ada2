// AVX2+FMA build of the primitives (this file alone is compiled with -mavx2 -mfma on x64):
// a 6x16 register-tile micro-kernel, 12 ymm accumulators.
#include <math.h>
#include <string.h>

#include "elementwise.h"
#include "fused.h"
#include "kernels.h"
#include "vmath.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

namespace yoloc {
namespace avx2 {

// The AVX2 tier's layout: 6x16 register tiles (12 ymm accumulators of 16), packed B panels 16
// wide, a 12x8 tile for a last panel of <= 8 columns.
constexpr int MR = 6, NR = 16, KC = 256, MC = 144, NMR = 12, NW = 8;

#if defined(__AVX2__) && defined(__FMA__)
static inline void ukernel(int kc, const float* a, const float* b, float* c, long ldc, bool acc,
                           int mr, int nr) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 av;
    av = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    a += MR;
    b += NR;
  }
  const __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      __m256 v0 = rows[i][0], v1 = rows[i][1];
      if (acc) {
        v0 = _mm256_add_ps(v0, _mm256_loadu_ps(ci));
        v1 = _mm256_add_ps(v1, _mm256_loadu_ps(ci + 8));
      }
      _mm256_storeu_ps(ci, v0);
      _mm256_storeu_ps(ci + 8, v1);
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, rows[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, rows[i][1]);
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}

// Writes an mr x nr corner of a tile held in t (row stride NR): edges of C only.
static inline void store_edge(const float* t, float* c, long ldc, bool acc, int mr, int nr) {
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}

// 6x16 tile with A read straight from its rows (row i at a + i*lda, unit stride): no packing of
// A, which for K or N below ~100 costs as much as the FMAs. Rows past mr re-read row mr-1.
static inline void ukernel_rows(int kc, const float* a, long lda, const float* b, float* c,
                                long ldc, bool acc, int mr, int nr) {
  const float* a0 = a;
  const float* a1 = a + (mr > 1 ? 1 : 0) * lda;
  const float* a2 = a + (mr > 2 ? 2 : mr - 1) * lda;
  const float* a3 = a + (mr > 3 ? 3 : mr - 1) * lda;
  const float* a4 = a + (mr > 4 ? 4 : mr - 1) * lda;
  const float* a5 = a + (mr > 5 ? 5 : mr - 1) * lda;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 av;
    av = _mm256_broadcast_ss(a0 + p); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a1 + p); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a2 + p); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a3 + p); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a4 + p); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a5 + p); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    b += NR;
  }
  const __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      float* ci = c + i * ldc;
      __m256 v0 = rows[i][0], v1 = rows[i][1];
      if (acc) {
        v0 = _mm256_add_ps(v0, _mm256_loadu_ps(ci));
        v1 = _mm256_add_ps(v1, _mm256_loadu_ps(ci + 8));
      }
      _mm256_storeu_ps(ci, v0);
      _mm256_storeu_ps(ci + 8, v1);
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, rows[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, rows[i][1]);
  }
  store_edge(t, c, ldc, acc, mr, nr);
}

// 12x8 tile for the last panel of a C whose width leaves 8 or fewer columns there (N = 24, 40,
// ...): the 6x16 tile would spend half its FMAs on zero padding. 12 rows keep 12 independent
// accumulators, enough to hide the FMA latency. b keeps the packed panel stride NR.
static inline void ukernel_rows_narrow(int kc, const float* a, long lda, const float* b, float* c,
                                   long ldc, bool acc, int mr, int nr) {
  const float* ap[2 * MR];
  for (int i = 0; i < 2 * MR; ++i) ap[i] = a + (i < mr ? i : mr - 1) * lda;
  __m256 r0 = _mm256_setzero_ps(), r1 = _mm256_setzero_ps(), r2 = _mm256_setzero_ps();
  __m256 r3 = _mm256_setzero_ps(), r4 = _mm256_setzero_ps(), r5 = _mm256_setzero_ps();
  __m256 r6 = _mm256_setzero_ps(), r7 = _mm256_setzero_ps(), r8 = _mm256_setzero_ps();
  __m256 r9 = _mm256_setzero_ps(), r10 = _mm256_setzero_ps(), r11 = _mm256_setzero_ps();
  const float *a0 = ap[0], *a1 = ap[1], *a2 = ap[2], *a3 = ap[3], *a4 = ap[4], *a5 = ap[5];
  const float *a6 = ap[6], *a7 = ap[7], *a8 = ap[8], *a9 = ap[9], *a10 = ap[10], *a11 = ap[11];
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(b);
    r0 = _mm256_fmadd_ps(_mm256_broadcast_ss(a0 + p), b0, r0);
    r1 = _mm256_fmadd_ps(_mm256_broadcast_ss(a1 + p), b0, r1);
    r2 = _mm256_fmadd_ps(_mm256_broadcast_ss(a2 + p), b0, r2);
    r3 = _mm256_fmadd_ps(_mm256_broadcast_ss(a3 + p), b0, r3);
    r4 = _mm256_fmadd_ps(_mm256_broadcast_ss(a4 + p), b0, r4);
    r5 = _mm256_fmadd_ps(_mm256_broadcast_ss(a5 + p), b0, r5);
    r6 = _mm256_fmadd_ps(_mm256_broadcast_ss(a6 + p), b0, r6);
    r7 = _mm256_fmadd_ps(_mm256_broadcast_ss(a7 + p), b0, r7);
    r8 = _mm256_fmadd_ps(_mm256_broadcast_ss(a8 + p), b0, r8);
    r9 = _mm256_fmadd_ps(_mm256_broadcast_ss(a9 + p), b0, r9);
    r10 = _mm256_fmadd_ps(_mm256_broadcast_ss(a10 + p), b0, r10);
    r11 = _mm256_fmadd_ps(_mm256_broadcast_ss(a11 + p), b0, r11);
    b += NR;
  }
  const __m256 rows[2 * MR] = {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11};
  if (mr == 2 * MR && nr == 8) {
    for (int i = 0; i < 2 * MR; ++i) {
      float* ci = c + i * ldc;
      _mm256_storeu_ps(ci, acc ? _mm256_add_ps(rows[i], _mm256_loadu_ps(ci)) : rows[i]);
    }
    return;
  }
  float t[2 * MR * NR];
  for (int i = 0; i < 2 * MR; ++i) _mm256_storeu_ps(t + i * NR, rows[i]);
  store_edge(t, c, ldc, acc, mr, nr);
}

// Implicit-GEMM tiles for convolutions: row i of A is the window of output pixel i, read from the
// (padded) input at rows[i] + segoff[s] + q for segment s and q < seglen (kernels_impl.h's igemm).
static inline void ukernel_ind(int nseg, int seglen, const long* segoff, const float* const* rows, int mr,
                               const float* b, float* c, long ldc, int nr) {
  const float* r0p = rows[0];
  const float* r1p = rows[mr > 1 ? 1 : 0];
  const float* r2p = rows[mr > 2 ? 2 : mr - 1];
  const float* r3p = rows[mr > 3 ? 3 : mr - 1];
  const float* r4p = rows[mr > 4 ? 4 : mr - 1];
  const float* r5p = rows[mr > 5 ? 5 : mr - 1];
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int s = 0; s < nseg; ++s) {
    const long o = segoff[s];
    const float *a0 = r0p + o, *a1 = r1p + o, *a2 = r2p + o, *a3 = r3p + o, *a4 = r4p + o, *a5 = r5p + o;
    for (int q = 0; q < seglen; ++q, b += NR) {
      const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
      __m256 av;
      av = _mm256_broadcast_ss(a0 + q); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
      av = _mm256_broadcast_ss(a1 + q); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
      av = _mm256_broadcast_ss(a2 + q); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
      av = _mm256_broadcast_ss(a3 + q); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
      av = _mm256_broadcast_ss(a4 + q); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
      av = _mm256_broadcast_ss(a5 + q); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    }
  }
  const __m256 tile[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      _mm256_storeu_ps(c + i * ldc, tile[i][0]);
      _mm256_storeu_ps(c + i * ldc + 8, tile[i][1]);
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, tile[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, tile[i][1]);
  }
  store_edge(t, c, ldc, false, mr, nr);
}

// The same tile with A's k-th value at rows[i] + kidx[k]: one loop over K for short segments
// (the 3-channel stems).
static inline void ukernel_ind_flat(int K, const int* kidx, const float* const* rows, int mr,
                                    const float* b, float* c, long ldc, int nr) {
  const float* a0 = rows[0];
  const float* a1 = rows[mr > 1 ? 1 : 0];
  const float* a2 = rows[mr > 2 ? 2 : mr - 1];
  const float* a3 = rows[mr > 3 ? 3 : mr - 1];
  const float* a4 = rows[mr > 4 ? 4 : mr - 1];
  const float* a5 = rows[mr > 5 ? 5 : mr - 1];
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int k = 0; k < K; ++k, b += NR) {
    const long q = kidx[k];
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    __m256 av;
    av = _mm256_broadcast_ss(a0 + q); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a1 + q); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a2 + q); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a3 + q); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a4 + q); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a5 + q); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
  }
  const __m256 tile[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      _mm256_storeu_ps(c + i * ldc, tile[i][0]);
      _mm256_storeu_ps(c + i * ldc + 8, tile[i][1]);
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, tile[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, tile[i][1]);
  }
  store_edge(t, c, ldc, false, mr, nr);
}
#define YOLOC_HAVE_IND_FLAT 1

static inline void ukernel_ind_narrow(int nseg, int seglen, const long* segoff, const float* const* rows,
                                      int mr, const float* b, float* c, long ldc, int nr) {
  const float* rp[NMR];
  for (int i = 0; i < NMR; ++i) rp[i] = rows[i < mr ? i : mr - 1];
  __m256 acc[NMR];
  for (int i = 0; i < NMR; ++i) acc[i] = _mm256_setzero_ps();
  for (int s = 0; s < nseg; ++s) {
    const long o = segoff[s];
    const float* ap[NMR];
    for (int i = 0; i < NMR; ++i) ap[i] = rp[i] + o;
    for (int q = 0; q < seglen; ++q, b += NR) {
      const __m256 b0 = _mm256_loadu_ps(b);
#pragma GCC unroll 12
      for (int i = 0; i < NMR; ++i) acc[i] = _mm256_fmadd_ps(_mm256_broadcast_ss(ap[i] + q), b0, acc[i]);
    }
  }
  if (mr == NMR && nr == 8) {
    for (int i = 0; i < NMR; ++i) _mm256_storeu_ps(c + i * ldc, acc[i]);
    return;
  }
  float t[NMR * NR];
  for (int i = 0; i < NMR; ++i) _mm256_storeu_ps(t + i * NR, acc[i]);
  store_edge(t, c, ldc, false, mr, nr);
}

// C[mr, nr] += A^T B over kc steps: A (i, p) at a[p*lda + i], B (p, j) at b[p*ldb + j]. Both read
// in place, so the filter gradient packs nothing. Columns past nr are masked out of the loads
// (they may lie past the end of B); rows past mr re-read row mr-1.
static inline void ukernel_tn(int kc, const float* a, long lda, const float* b, long ldb, float* c,
                              long ldc, int mr, int nr) {
  const int i1 = mr > 1 ? 1 : 0, i2 = mr > 2 ? 2 : mr - 1, i3 = mr > 3 ? 3 : mr - 1;
  const int i4 = mr > 4 ? 4 : mr - 1, i5 = mr > 5 ? 5 : mr - 1;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
#define YOLOC_TN_STEP(LOAD0, LOAD1)                                                              \
  for (int p = 0; p < kc; ++p, a += lda, b += ldb) {                                             \
    const __m256 b0 = LOAD0, b1 = LOAD1;                                                         \
    __m256 av;                                                                                   \
    av = _mm256_broadcast_ss(a); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01); \
    av = _mm256_broadcast_ss(a + i1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11); \
    av = _mm256_broadcast_ss(a + i2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21); \
    av = _mm256_broadcast_ss(a + i3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31); \
    av = _mm256_broadcast_ss(a + i4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41); \
    av = _mm256_broadcast_ss(a + i5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51); \
  }
  if (nr == NR) {
    YOLOC_TN_STEP(_mm256_loadu_ps(b), _mm256_loadu_ps(b + 8))
  } else {
    alignas(32) int lanes[NR];
    for (int j = 0; j < NR; ++j) lanes[j] = j < nr ? -1 : 0;
    const __m256i m0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes));
    const __m256i m1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes + 8));
    YOLOC_TN_STEP(_mm256_maskload_ps(b, m0), _mm256_maskload_ps(b + 8, m1))
  }
#undef YOLOC_TN_STEP
  const __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (nr == NR) {
    for (int i = 0; i < mr; ++i) {
      float* ci = c + i * ldc;
      _mm256_storeu_ps(ci, _mm256_add_ps(rows[i][0], _mm256_loadu_ps(ci)));
      _mm256_storeu_ps(ci + 8, _mm256_add_ps(rows[i][1], _mm256_loadu_ps(ci + 8)));
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, rows[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, rows[i][1]);
  }
  store_edge(t, c, ldc, true, mr, nr);
}

// C[mr, nr] += A^T B over kc pixels with A's row p at rows[p] + off and B's at b + p*ldb (the
// filter gradient without im2col; kernels_impl.h's igemm_tn).
static inline void ukernel_tn_ind(int kc, const float* const* rows, long off, const float* b, long ldb,
                                  float* c, long ldc, int mr, int nr) {
  const int i1 = mr > 1 ? 1 : 0, i2 = mr > 2 ? 2 : mr - 1, i3 = mr > 3 ? 3 : mr - 1;
  const int i4 = mr > 4 ? 4 : mr - 1, i5 = mr > 5 ? 5 : mr - 1;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
#define YOLOC_TNI_STEP(LOAD0, LOAD1)                                                             \
  for (int p = 0; p < kc; ++p, b += ldb) {                                                       \
    const float* a = rows[p] + off;                                                              \
    const __m256 b0 = LOAD0, b1 = LOAD1;                                                         \
    __m256 av;                                                                                   \
    av = _mm256_broadcast_ss(a); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01); \
    av = _mm256_broadcast_ss(a + i1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11); \
    av = _mm256_broadcast_ss(a + i2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21); \
    av = _mm256_broadcast_ss(a + i3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31); \
    av = _mm256_broadcast_ss(a + i4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41); \
    av = _mm256_broadcast_ss(a + i5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51); \
  }
  if (nr == NR) {
    YOLOC_TNI_STEP(_mm256_loadu_ps(b), _mm256_loadu_ps(b + 8))
  } else {
    alignas(32) int lanes[NR];
    for (int j = 0; j < NR; ++j) lanes[j] = j < nr ? -1 : 0;
    const __m256i m0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes));
    const __m256i m1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes + 8));
    YOLOC_TNI_STEP(_mm256_maskload_ps(b, m0), _mm256_maskload_ps(b + 8, m1))
  }
#undef YOLOC_TNI_STEP
  const __m256 tile[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (nr == NR) {
    for (int i = 0; i < mr; ++i) {
      float* ci = c + i * ldc;
      _mm256_storeu_ps(ci, _mm256_add_ps(tile[i][0], _mm256_loadu_ps(ci)));
      _mm256_storeu_ps(ci + 8, _mm256_add_ps(tile[i][1], _mm256_loadu_ps(ci + 8)));
    }
    return;
  }
  float t[MR * NR];
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(t + i * NR, tile[i][0]);
    _mm256_storeu_ps(t + i * NR + 8, tile[i][1]);
  }
  store_edge(t, c, ldc, true, mr, nr);
}

// ---- Depthwise: dw_simd.h over 8-lane ymm vectors, the last channel block masked ----
struct V {
  using reg = __m256;
  struct mask {
    __m256i m;
    bool full;
  };
  static constexpr int L = 8;
  static inline mask first(int n) {
    alignas(32) int v[8];
    for (int j = 0; j < 8; ++j) v[j] = j < n ? -1 : 0;
    return {_mm256_load_si256(reinterpret_cast<const __m256i*>(v)), n >= 8};
  }
  static inline reg load(const mask& m, const float* p) { return m.full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, m.m); }
  static inline void store(const mask& m, float* p, reg v) {
    if (m.full) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, m.m, v);
  }
  static inline reg zero() { return _mm256_setzero_ps(); }
  static inline reg fma(reg a, reg b, reg c) { return _mm256_fmadd_ps(a, b, c); }
  static inline reg add(reg a, reg b) { return _mm256_add_ps(a, b); }
};
#include "dw_simd.h"
#else
// Not an x64 build: the same portable tile (the dispatcher never picks this table there).
static inline void ukernel(int kc, const float* a, const float* b, float* c, long ldc, bool acc,
                           int mr, int nr) {
  float t[MR * NR] = {0.f};
  for (int p = 0; p < kc; ++p, a += MR, b += NR)
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NR; ++j) t[i * NR + j] += a[i] * b[j];
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}
// kernels_impl.h supplies the portable ukernel_rows / ukernel_rows_narrow / ukernel_tn.
#define YOLOC_PORTABLE_ROWS 1
#endif

#define YOLOC_NS_NAME "avx2"
#define YOLOC_LEVEL SIMD_AVX2
#include "kernels_impl.h"

}  // namespace avx2
}  // namespace yoloc
