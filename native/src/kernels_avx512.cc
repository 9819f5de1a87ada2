// AVX-512 build of the primitives (this file alone is compiled with -mavx512f -mavx512bw
// -mavx512dq -mavx512vl -mfma on x64): 12x32 register tiles (24 zmm accumulators of the 32
// registers, two for B, the A values broadcast from memory into the FMAs), masked loads and stores
// at the edges of C and B instead of scalar remainders.
#include <math.h>
#include <string.h>

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

// ---- Depthwise, 16 channels a vector (the last block masked) ----

// One output pixel, channels [c0, c0+16) under mask m, taps [khs,khe) x [kws,kwe) all inside the
// image: bias + sum of x * w.
static inline __m512 dw_pixel(const DwGeom& g, const float* x, long xs, const float* w, __m512 acc,
                              long n, int ih0, int iw0, int khs, int khe, int kws, int kwe, int c0,
                              __mmask16 m) {
  for (int kh = khs; kh < khe; ++kh) {
    const float* xr = x + ((n * g.h + ih0 + kh * g.dh) * g.w) * xs + c0;
    const float* wr = w + static_cast<long>(kh * g.kw) * g.c + c0;
    for (int kw = kws; kw < kwe; ++kw)
      acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, xr + static_cast<long>(iw0 + kw * g.dw) * xs),
                            _mm512_maskz_loadu_ps(m, wr + static_cast<long>(kw) * g.c), acc);
  }
  return acc;
}

// A strip of T stride-1 output pixels in registers: each input pixel of a filter row is loaded
// once and meets the KW weights (held in registers) of every output it touches.
template <int KW, int T>
static inline void dw_strip(const float* xr, long xs, const float* wr, long wc, __m512 (&acc)[T],
                            __mmask16 m) {
  __m512 wv[KW];
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k) wv[k] = _mm512_maskz_loadu_ps(m, wr + k * wc);
#pragma GCC unroll 22
  for (int i = 0; i < T + KW - 1; ++i) {
    const __m512 xv = _mm512_maskz_loadu_ps(m, xr + i * xs);
#pragma GCC unroll 7
    for (int k = 0; k < KW; ++k) {
      const int t = i - k;
      if (t >= 0 && t < T) acc[t] = _mm512_fmadd_ps(xv, wv[k], acc[t]);
    }
  }
}

template <int KW>
static void dw_row_s1(const DwGeom& g, const float* x, long xs, const float* w, const float* bias,
                      float* orow, long os, long n, int ih0, int khs, int khe, int owa, int owb,
                      int c0, __mmask16 m) {
  constexpr int T = 8;
  const __m512 b = bias ? _mm512_maskz_loadu_ps(m, bias + c0) : _mm512_setzero_ps();
  int ow = owa;
  for (; ow + T <= owb; ow += T) {
    __m512 acc[T];
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = b;
    for (int kh = khs; kh < khe; ++kh)
      dw_strip<KW, T>(x + ((n * g.h + ih0 + kh) * g.w + ow - g.pl) * xs + c0, xs,
                      w + static_cast<long>(kh * KW) * g.c + c0, g.c, acc, m);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) _mm512_mask_storeu_ps(orow + (ow + t) * os + c0, m, acc[t]);
  }
  for (; ow < owb; ++ow)
    _mm512_mask_storeu_ps(orow + ow * os + c0, m,
                          dw_pixel(g, x, xs, w, b, n, ih0, ow - g.pl, khs, khe, 0, KW, c0, m));
}

static void dw_forward_generic(const DwGeom& g, const float* x, long xs, const float* w,
                               const float* bias, float* out, long os, long r0, long r1);

static void dw_forward(const DwGeom& g, const float* x, long xs, const float* w, const float* bias,
                       float* out, long os, long r0, long r1) {
  if (g.mult != 1) return dw_forward_generic(g, x, xs, w, bias, out, os, r0, r1);
  const bool s1 = g.sw == 1 && g.dw == 1 && g.dh == 1 && (g.kw == 3 || g.kw == 5 || g.kw == 7);
  // Outputs whose window lies inside the image horizontally: [owa, owb).
  int owa = 0, owb = 0;
  if (s1) {
    owa = g.pl < g.ow ? g.pl : g.ow;
    owb = g.w - g.kw + g.pl + 1;
    if (owb > g.ow) owb = g.ow;
    if (owb < owa) owb = owa;
  }
  for (long r = r0; r < r1; ++r) {
    const long n = r / g.oh;
    const int oh = static_cast<int>(r % g.oh);
    const int ih0 = oh * g.sh - g.pt;
    int khs = 0, khe = g.kh;
    while (khs < g.kh && ih0 + khs * g.dh < 0) ++khs;
    while (khe > khs && ih0 + (khe - 1) * g.dh >= g.h) --khe;
    float* orow = out + r * g.ow * os;
    for (int c0 = 0; c0 < g.c; c0 += 16) {
      const __mmask16 m = lanes(g.c - c0);
      const __m512 b = bias ? _mm512_maskz_loadu_ps(m, bias + c0) : _mm512_setzero_ps();
      for (int ow = 0; ow < g.ow; ++ow) {
        if (ow == owa && owb > owa) {
          if (g.kw == 7) dw_row_s1<7>(g, x, xs, w, bias, orow, os, n, ih0, khs, khe, owa, owb, c0, m);
          else if (g.kw == 5) dw_row_s1<5>(g, x, xs, w, bias, orow, os, n, ih0, khs, khe, owa, owb, c0, m);
          else dw_row_s1<3>(g, x, xs, w, bias, orow, os, n, ih0, khs, khe, owa, owb, c0, m);
          ow = owb - 1;
          continue;
        }
        const int iw0 = ow * g.sw - g.pl;
        int kws = 0, kwe = g.kw;
        while (kws < g.kw && iw0 + kws * g.dw < 0) ++kws;
        while (kwe > kws && iw0 + (kwe - 1) * g.dw >= g.w) --kwe;
        _mm512_mask_storeu_ps(orow + ow * os + c0, m,
                              dw_pixel(g, x, xs, w, b, n, ih0, iw0, khs, khe, kws, kwe, c0, m));
      }
    }
  }
}

// Filter gradient of a stride-1 depthwise conv for one filter row kh and channels [c0, c0+16):
// acc[kw] += sum over output pixels of x * dy; a strip of T dy vectors in registers, each input
// pixel loaded once per strip.
template <int KW>
static void dwf_row_s1(const DwGeom& g, const float* x, const float* dy, float* dw, long r0,
                       long r1, int kh, int c0, __mmask16 m) {
  constexpr int T = 8;
  __m512 acc[KW];
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k) acc[k] = _mm512_setzero_ps();
  // Outputs whose whole window row is inside the image: [owa, owb); the rest tap by tap.
  int owa = g.pl < g.ow ? g.pl : g.ow;
  int owb = g.w - KW + g.pl + 1;
  if (owb > g.ow) owb = g.ow;
  if (owb < owa) owb = owa;
  for (long r = r0; r < r1; ++r) {
    const long n = r / g.oh;
    const int oh = static_cast<int>(r % g.oh);
    const int ih = oh - g.pt + kh;
    if (ih < 0 || ih >= g.h) continue;
    const float* xrow = x + (n * g.h + ih) * static_cast<long>(g.w) * g.c + c0;
    const float* grow = dy + r * static_cast<long>(g.ow) * g.c + c0;
    int ow = owa;
    for (; ow + T <= owb; ow += T) {
      __m512 gv[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) gv[t] = _mm512_maskz_loadu_ps(m, grow + static_cast<long>(ow + t) * g.c);
      const float* xs = xrow + static_cast<long>(ow - g.pl) * g.c;
#pragma GCC unroll 22
      for (int i = 0; i < T + KW - 1; ++i) {
        const __m512 xv = _mm512_maskz_loadu_ps(m, xs + static_cast<long>(i) * g.c);
#pragma GCC unroll 7
        for (int k = 0; k < KW; ++k) {
          const int t = i - k;
          if (t >= 0 && t < T) acc[k] = _mm512_fmadd_ps(xv, gv[t], acc[k]);
        }
      }
    }
    // Leftover and border outputs, tap by tap.
    for (int o = 0; o < g.ow; ++o) {
      if (o >= owa && o < ow) continue;  // done by the strips
      const __m512 gv = _mm512_maskz_loadu_ps(m, grow + static_cast<long>(o) * g.c);
#pragma GCC unroll 7
      for (int k = 0; k < KW; ++k) {
        const int iw = o - g.pl + k;
        if (iw < 0 || iw >= g.w) continue;
        acc[k] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, xrow + static_cast<long>(iw) * g.c), gv, acc[k]);
      }
    }
  }
  float* d = dw + static_cast<long>(kh * KW) * g.c + c0;
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k)
    _mm512_mask_storeu_ps(d + k * g.c, m, _mm512_add_ps(acc[k], _mm512_maskz_loadu_ps(m, d + k * g.c)));
}

static void dw_backprop_filter_generic(const DwGeom& g, const float* x, const float* dy, float* dw,
                                       long r0, long r1);

static void dw_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw,
                               long r0, long r1) {
  if (g.mult != 1 || g.sh != 1 || g.sw != 1 || g.dh != 1 || g.dw != 1 ||
      (g.kw != 3 && g.kw != 5 && g.kw != 7))
    return dw_backprop_filter_generic(g, x, dy, dw, r0, r1);
  for (int c0 = 0; c0 < g.c; c0 += 16) {
    const __mmask16 m = lanes(g.c - c0);
    for (int kh = 0; kh < g.kh; ++kh) {
      if (g.kw == 7) dwf_row_s1<7>(g, x, dy, dw, r0, r1, kh, c0, m);
      else if (g.kw == 5) dwf_row_s1<5>(g, x, dy, dw, r0, r1, kh, c0, m);
      else dwf_row_s1<3>(g, x, dy, dw, r0, r1, kh, c0, m);
    }
  }
}
#define YOLOC_OWN_DW_FORWARD 1
#define YOLOC_OWN_DW_FILTER 1
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
