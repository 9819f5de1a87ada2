// AVX-512 build of the primitives (this file alone is compiled with -mavx512f -mavx512bw
// -mavx512dq -mavx512vl -mfma on x64): 12x32 register tiles (24 zmm accumulators of the 32
// registers, two for B, the A values broadcast from memory into the FMAs), masked loads and stores
// at the edges of C and B instead of scalar remainders.
#include <math.h>
#include <string.h>

#include "elementwise.h"
#include "fused.h"
#include "kernels.h"
#include "vmath.h"

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
#include <immintrin.h>
#define YOLOC_HAVE_AVX512 1
#endif

namespace yoloc {
namespace avx512 {

// The AVX-512 tier's layout: 12x32 tiles (two zmm of 16 lanes per row), packed B panels 32 wide;
// a 12x16 tile for a last panel of <= 16 columns; KC x NR of packed B = 32 KB stays in L1.
constexpr int MR = 12, NR = 32, KC = 256, MC = 144, NMR = 12, NW = 16;

#ifdef YOLOC_HAVE_AVX512
// Lane masks for the first n (0..16) lanes.
static inline __mmask16 lanes(int n) {
  return n >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (n > 0 ? n : 0)) - 1u);
}

// Stores rows [0, mr) of the tile (2 vectors per row, columns [0, nr)), adding C when acc.
static inline void store_tile(const __m512 (&r0)[MR], const __m512 (&r1)[MR], float* c, long ldc,
                              bool acc, int mr, int nr) {
  if (nr == NR) {
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      if (i >= mr) break;
      float* ci = c + i * ldc;
      __m512 v0 = r0[i], v1 = r1[i];
      if (acc) {
        v0 = _mm512_add_ps(v0, _mm512_loadu_ps(ci));
        v1 = _mm512_add_ps(v1, _mm512_loadu_ps(ci + 16));
      }
      _mm512_storeu_ps(ci, v0);
      _mm512_storeu_ps(ci + 16, v1);
    }
    return;
  }
  const __mmask16 m0 = lanes(nr), m1 = lanes(nr - 16);
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    if (i >= mr) break;
    float* ci = c + i * ldc;
    __m512 v0 = r0[i], v1 = r1[i];
    if (acc) {
      v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, ci));
      v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, ci + 16));
    }
    _mm512_mask_storeu_ps(ci, m0, v0);
    _mm512_mask_storeu_ps(ci + 16, m1, v1);
  }
}

// MR x NR tile from packed A (a[p*MR + i]) and packed B (b[p*NR + j]).
static inline void ukernel(int kc, const float* a, const float* b, float* c, long ldc, bool acc,
                           int mr, int nr) {
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  for (int p = 0; p < kc; ++p, a += MR, b += NR) {
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      const __m512 av = _mm512_set1_ps(a[i]);
      r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
      r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
    }
  }
  store_tile(r0, r1, c, ldc, acc, mr, nr);
}

// MR x NR tile with A read straight from its rows (row i at a + i*lda, unit stride): no packing of
// A, which for K or N below ~100 costs as much as the FMAs. Rows past mr re-read row mr-1.
static inline void ukernel_rows(int kc, const float* a, long lda, const float* b, float* c,
                                long ldc, bool acc, int mr, int nr) {
  const float* ap[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) ap[i] = a + (i < mr ? i : mr - 1) * lda;
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  for (int p = 0; p < kc; ++p, b += NR) {
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      const __m512 av = _mm512_set1_ps(ap[i][p]);
      r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
      r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
    }
  }
  store_tile(r0, r1, c, ldc, acc, mr, nr);
}

// NMR x NW tile for the last panel of a C whose width leaves <= 16 columns there (N = 48, 80,
// 255, ...): the MR x NR tile would spend half its FMAs on zero padding. b keeps the panel
// stride NR.
static inline void ukernel_rows_narrow(int kc, const float* a, long lda, const float* b, float* c,
                                       long ldc, bool acc, int mr, int nr) {
  const float* ap[NMR];
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) ap[i] = a + (i < mr ? i : mr - 1) * lda;
  __m512 r[NMR];
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) r[i] = _mm512_setzero_ps();
  for (int p = 0; p < kc; ++p, b += NR) {
    const __m512 b0 = _mm512_loadu_ps(b);
#pragma GCC unroll 12
    for (int i = 0; i < NMR; ++i) r[i] = _mm512_fmadd_ps(_mm512_set1_ps(ap[i][p]), b0, r[i]);
  }
  const __mmask16 m = lanes(nr);
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) {
    if (i >= mr) break;
    float* ci = c + i * ldc;
    _mm512_mask_storeu_ps(ci, m, acc ? _mm512_add_ps(r[i], _mm512_maskz_loadu_ps(m, ci)) : r[i]);
  }
}

// Implicit-GEMM tiles for convolutions: row i of A is the window of output pixel i, read from the
// (padded) input at rows[i] + segoff[s] + q for segment s (a filter row: kw*c contiguous floats)
// and q < seglen. No im2col copy; K summed in order in registers, C written (not accumulated).
static inline void ukernel_ind(int nseg, int seglen, const long* segoff, const float* const* rows, int mr,
                               const float* b, float* c, long ldc, int nr) {
  const float* r[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r[i] = rows[i < mr ? i : mr - 1];
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  for (int s = 0; s < nseg; ++s) {
    const long o = segoff[s];
    const float* ap[MR];
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) ap[i] = r[i] + o;
    for (int q = 0; q < seglen; ++q, b += NR) {
      const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
      for (int i = 0; i < MR; ++i) {
        const __m512 av = _mm512_set1_ps(ap[i][q]);
        r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
        r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
      }
    }
  }
  store_tile(r0, r1, c, ldc, false, mr, nr);
}

// The same tile with A's k-th value at rows[i] + kidx[k]: one loop over K, for convs whose
// segments are short (few channels: the 3-channel stems), where a loop per segment costs more
// than the FMAs.
static inline void ukernel_ind_flat(int K, const int* kidx, const float* const* rows, int mr,
                                    const float* b, float* c, long ldc, int nr) {
  const float* r[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r[i] = rows[i < mr ? i : mr - 1];
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  for (int k = 0; k < K; ++k, b += NR) {
    const long o = kidx[k];
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      const __m512 av = _mm512_set1_ps(r[i][o]);
      r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
      r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
    }
  }
  store_tile(r0, r1, c, ldc, false, mr, nr);
}
#define YOLOC_HAVE_IND_FLAT 1

static inline void ukernel_ind_narrow(int nseg, int seglen, const long* segoff, const float* const* rows,
                                      int mr, const float* b, float* c, long ldc, int nr) {
  const float* r[NMR];
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) r[i] = rows[i < mr ? i : mr - 1];
  __m512 acc[NMR];
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) acc[i] = _mm512_setzero_ps();
  for (int s = 0; s < nseg; ++s) {
    const long o = segoff[s];
    const float* ap[NMR];
#pragma GCC unroll 12
    for (int i = 0; i < NMR; ++i) ap[i] = r[i] + o;
    for (int q = 0; q < seglen; ++q, b += NR) {
      const __m512 b0 = _mm512_loadu_ps(b);
#pragma GCC unroll 12
      for (int i = 0; i < NMR; ++i) acc[i] = _mm512_fmadd_ps(_mm512_set1_ps(ap[i][q]), b0, acc[i]);
    }
  }
  const __mmask16 m = lanes(nr);
#pragma GCC unroll 12
  for (int i = 0; i < NMR; ++i) {
    if (i >= mr) break;
    _mm512_mask_storeu_ps(c + i * ldc, m, acc[i]);
  }
}

// C[mr, nr] += A^T B over kc steps: A (i, p) at a[p*lda + i], B (p, j) at b[p*ldb + j]. Both read
// in place, so the filter gradient packs nothing. Columns past nr are masked out of the loads
// (they may lie past the end of B); rows past mr re-read row mr-1.
static inline void ukernel_tn(int kc, const float* a, long lda, const float* b, long ldb, float* c,
                              long ldc, int mr, int nr) {
  int off[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) off[i] = i < mr ? i : mr - 1;
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  const __mmask16 m0 = lanes(nr), m1 = lanes(nr - 16);
  if (nr == NR && mr == MR) {
    for (int p = 0; p < kc; ++p, a += lda, b += ldb) {
      const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
      for (int i = 0; i < MR; ++i) {
        const __m512 av = _mm512_set1_ps(a[i]);
        r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
        r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
      }
    }
  } else {
    for (int p = 0; p < kc; ++p, a += lda, b += ldb) {
      const __m512 b0 = _mm512_maskz_loadu_ps(m0, b), b1 = _mm512_maskz_loadu_ps(m1, b + 16);
#pragma GCC unroll 12
      for (int i = 0; i < MR; ++i) {
        const __m512 av = _mm512_set1_ps(a[off[i]]);
        r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
        r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
      }
    }
  }
  store_tile(r0, r1, c, ldc, true, mr, nr);
}

// ---- Depthwise: dw_simd.h over 16-lane zmm vectors, the last channel block masked ----
struct V {
  using reg = __m512;
  using mask = __mmask16;
  static constexpr int L = 16;
  static inline mask first(int n) { return lanes(n); }
  static inline reg load(mask m, const float* p) { return _mm512_maskz_loadu_ps(m, p); }
  static inline void store(mask m, float* p, reg v) { _mm512_mask_storeu_ps(p, m, v); }
  static inline reg zero() { return _mm512_setzero_ps(); }
  static inline reg fma(reg a, reg b, reg c) { return _mm512_fmadd_ps(a, b, c); }
  static inline reg add(reg a, reg b) { return _mm512_add_ps(a, b); }
};
#include "dw_simd.h"

// C[mr, nr] += A^T B over kc pixels with A's row p at rows[p] + off (a pixel's window in the padded
// input, mr consecutive filter taps x channels of one segment) and B's at b + p*ldb: the filter
// gradient without im2col.
static inline void ukernel_tn_ind(int kc, const float* const* rows, long off, const float* b, long ldb,
                                  float* c, long ldc, int mr, int nr) {
  int ix[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) ix[i] = i < mr ? i : mr - 1;
  __m512 r0[MR], r1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) r0[i] = r1[i] = _mm512_setzero_ps();
  const __mmask16 m0 = lanes(nr), m1 = lanes(nr - 16);
  if (mr == MR && nr == NR) {
    for (int p = 0; p < kc; ++p, b += ldb) {
      const float* a = rows[p] + off;
      const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
      for (int i = 0; i < MR; ++i) {
        const __m512 av = _mm512_set1_ps(a[i]);
        r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
        r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
      }
    }
  } else {
    for (int p = 0; p < kc; ++p, b += ldb) {
      const float* a = rows[p] + off;
      const __m512 b0 = _mm512_maskz_loadu_ps(m0, b), b1 = _mm512_maskz_loadu_ps(m1, b + 16);
#pragma GCC unroll 12
      for (int i = 0; i < MR; ++i) {
        const __m512 av = _mm512_set1_ps(a[ix[i]]);
        r0[i] = _mm512_fmadd_ps(av, b0, r0[i]);
        r1[i] = _mm512_fmadd_ps(av, b1, r1[i]);
      }
    }
  }
  store_tile(r0, r1, c, ldc, true, mr, nr);
}
#else
// Not an x64 build: the portable tiles (the dispatcher never picks this table there).
static inline void ukernel(int kc, const float* a, const float* b, float* c, long ldc, bool acc,
                           int mr, int nr) {
  float t[MR * NR] = {0.f};
  for (int p = 0; p < kc; ++p, a += MR, b += NR)
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NR; ++j) t[i * NR + j] += a[i] * b[j];
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}
#define YOLOC_PORTABLE_ROWS 1
#endif

#define YOLOC_NS_NAME "avx512"
#define YOLOC_LEVEL SIMD_AVX512
#include "kernels_impl.h"

}  // namespace avx512
}  // namespace yoloc
