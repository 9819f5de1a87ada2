// Serial compute primitives, included by kernels_avx512.cc, kernels_avx2.cc and
// kernels_generic.cc inside their own namespace (YOLOC_NS_NAME, YOLOC_LEVEL), after each defines
// its tile and micro-kernels. No standard-library templates here: an inline template
// instantiated under -mavx512f could be picked by the linker for the portable build too, and
// crash a CPU without it.
// Needs: Act, DwGeom, Kernels (kernels.h), vmath.h, the tier's layout constants
//   MR, NR (register tile; packed B panels NR wide), KC, MC (L2 blocking),
//   NMR, NW (the narrow tile for a last panel of <= NW columns: NMR rows),
// and micro-kernels
//   ukernel(kc, packedA, packedB, C, ldc, accumulate, mr, nr)                 (MR x NR),
//   ukernel_rows(kc, A, lda, packedB, C, ldc, accumulate, mr, nr)            (MR x NR, A unpacked rows),
//   ukernel_rows_narrow(kc, A, lda, packedB, C, ldc, accumulate, mr, nr)     (NMR x NW, nr <= NW),
//   ukernel_tn(kc, A, lda, B, ldb, C, ldc, mr, nr)                           (MR x NR, C += A^T B),
//   ukernel_ind / ukernel_ind_narrow(nseg, seglen, segoff, rows, mr, B, C, ldc, nr) (implicit GEMM),
// or YOLOC_PORTABLE_ROWS defined for the plain-C++ versions of the last three below, and
// optionally YOLOC_OWN_DW_FORWARD / YOLOC_OWN_DW_FILTER (the tier defines dw_forward /
// dw_backprop_filter itself).

static inline int imin(int a, int b) { return a < b ? a : b; }

#ifdef YOLOC_PORTABLE_ROWS
// Portable tile of rows x NR with A read from its rows; rows past mr re-read row mr-1.
static inline void rows_tile(int rows, int kc, const float* a, long lda, const float* b, float* c,
                             long ldc, bool acc, int mr, int nr) {
  float t[(NMR > MR ? NMR : MR) * NR];
  for (int i = 0; i < rows * NR; ++i) t[i] = 0.f;
  for (int i = 0; i < rows; ++i) {
    const float* ai = a + (i < mr ? i : mr - 1) * lda;
    float* ti = t + i * NR;
    for (int p = 0; p < kc; ++p) {
      const float av = ai[p];
      const float* bp = b + static_cast<long>(p) * NR;
      for (int j = 0; j < NR; ++j) ti[j] += av * bp[j];
    }
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}
static inline void ukernel_rows(int kc, const float* a, long lda, const float* b, float* c,
                                long ldc, bool acc, int mr, int nr) {
  rows_tile(MR, kc, a, lda, b, c, ldc, acc, mr, nr);
}
static inline void ukernel_rows_narrow(int kc, const float* a, long lda, const float* b, float* c,
                                       long ldc, bool acc, int mr, int nr) {
  rows_tile(NMR, kc, a, lda, b, c, ldc, acc, mr, nr);
}
// Portable implicit-GEMM tile of `rows` rows (see igemm below); rows past mr re-read row mr-1.
static inline void ind_tile(int rows, int nseg, int seglen, const long* segoff, const float* const* rp,
                            int mr, const float* b, float* c, long ldc, int nr) {
  float t[(NMR > MR ? NMR : MR) * NR];
  for (int i = 0; i < rows * NR; ++i) t[i] = 0.f;
  for (int i = 0; i < rows; ++i) {
    const float* r = rp[i < mr ? i : mr - 1];
    const float* bp = b;
    float* ti = t + i * NR;
    for (int s = 0; s < nseg; ++s) {
      const float* a = r + segoff[s];
      for (int q = 0; q < seglen; ++q, bp += NR) {
        const float av = a[q];
        for (int j = 0; j < NR; ++j) ti[j] += av * bp[j];
      }
    }
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = t[i * NR + j];
}
static inline void ukernel_ind(int nseg, int seglen, const long* segoff, const float* const* rows, int mr,
                               const float* b, float* c, long ldc, int nr) {
  ind_tile(MR, nseg, seglen, segoff, rows, mr, b, c, ldc, nr);
}
static inline void ukernel_ind_narrow(int nseg, int seglen, const long* segoff, const float* const* rows,
                                      int mr, const float* b, float* c, long ldc, int nr) {
  ind_tile(NMR, nseg, seglen, segoff, rows, mr, b, c, ldc, nr);
}
static inline void ukernel_tn_ind(int kc, const float* const* rows, long off, const float* b, long ldb,
                                  float* c, long ldc, int mr, int nr) {
  float t[MR * NR];
  for (int i = 0; i < MR * NR; ++i) t[i] = 0.f;
  for (int p = 0; p < kc; ++p) {
    const float* ap = rows[p] + off;
    const float* bp = b + p * ldb;
    for (int i = 0; i < mr; ++i)
      for (int j = 0; j < nr; ++j) t[i * NR + j] += ap[i] * bp[j];
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] += t[i * NR + j];
}
static inline void ukernel_tn(int kc, const float* a, long lda, const float* b, long ldb, float* c,
                              long ldc, int mr, int nr) {
  float t[MR * NR];
  for (int i = 0; i < MR * NR; ++i) t[i] = 0.f;
  for (int p = 0; p < kc; ++p) {
    const float* ap = a + p * lda;
    const float* bp = b + p * ldb;
    for (int i = 0; i < mr; ++i)
      for (int j = 0; j < nr; ++j) t[i * NR + j] += ap[i] * bp[j];
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] += t[i * NR + j];
}
#endif

// C[M,N] += A^T B, A (i, p) at A[p*lda + i], B (p, j) at B[p*ldb + j]. Depth blocks of kd
// rows, kd * (M + N) floats ~ 24 KB, so every 6x16 tile after the first reads A and B from L1.
static void gemm_tn(int M, int N, int K, const float* A, long lda, const float* B, long ldb,
                    float* C, long ldc) {
  int kd = 6144 / (M + N);
  kd = kd < 16 ? 16 : (kd > 256 ? 256 : kd);
  for (int p = 0; p < K; p += kd) {
    const int kc = imin(kd, K - p);
    const float* a = A + p * lda;
    const float* b = B + p * ldb;
    for (int i = 0; i < M; i += MR)
      for (int j = 0; j < N; j += NR)
        ukernel_tn(kc, a + i, lda, b + j, ldb, C + i * ldc + j, ldc, imin(MR, M - i), imin(NR, N - j));
  }
}

// C[M, N] += A^T B over P pixels, A's row p (M values: a conv window, K = nseg*seglen) at
// rowp[p] + segoff[s] + q for value s*seglen + q, B's row p at B + p*ldb: the filter gradient
// without im2col. Tiles of up to MR values within one segment; depth blocks as gemm_tn's.
static void igemm_tn(int M, int N, int P, const float* const* rowp, int nseg, int seglen,
                     const long* segoff, const float* B, long ldb, float* C, long ldc) {
  (void)nseg;
  // Depth blocks of 128 pixels: the C tile stays in registers that long (its load and store
  // amortised over 128 x MR x NR FMAs); B's rows come from L2.
  const int kd = 128;
  for (int p = 0; p < P; p += kd) {
    const int kc = imin(kd, P - p);
    for (int i = 0; i < M;) {
      const int s = i / seglen, q = i % seglen;
      const int mr = imin(imin(MR, seglen - q), M - i);
      const long off = segoff[s] + q;
      for (int j = 0; j < N; j += NR)
        ukernel_tn_ind(kc, rowp + p, off, B + p * ldb + j, ldb, C + i * ldc + j, ldc, mr, imin(NR, N - j));
      i += mr;
    }
  }
}

// Packed B up to this many floats per K block (kc x round_up(N, NR)) stays in L2 while every row
// tile of the task streams past it, so A can be read in place instead of packed.
constexpr long kDirectBFloats = 64 * 1024;

// One A block (mc x kc) into MR-row panels: panel ir at dst + ir*kc, element (i, p) at p*MR + i.
static void pack_a(int mc, int kc, const float* A, long rsA, long csA, float* dst) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int mr = imin(MR, mc - ir);
    float* d = dst + static_cast<long>(ir) * kc;
    const float* s = A + ir * rsA;
    if (csA == 1) {
      for (int i = 0; i < mr; ++i) {
        const float* row = s + i * rsA;
        for (int p = 0; p < kc; ++p) d[p * MR + i] = row[p];
      }
      for (int i = mr; i < MR; ++i)
        for (int p = 0; p < kc; ++p) d[p * MR + i] = 0.f;
    } else {
      for (int p = 0; p < kc; ++p) {
        const float* col = s + p * csA;
        for (int i = 0; i < MR; ++i) d[p * MR + i] = i < mr ? col[i * rsA] : 0.f;
      }
    }
  }
}

static void pack_b(int K, int N, const float* B, long rsB, long csB, float* dst, int j0, int j1) {
  for (int jp = j0; jp < j1; ++jp) {
    const int j = jp * NR;
    const int nr = imin(NR, N - j);
    float* d = dst + static_cast<long>(jp) * K * NR;
    if (csB == 1) {
      for (int p = 0; p < K; ++p) {
        const float* s = B + p * rsB + j;
        float* o = d + p * NR;
        for (int jj = 0; jj < nr; ++jj) o[jj] = s[jj];
        for (int jj = nr; jj < NR; ++jj) o[jj] = 0.f;
      }
    } else {
      for (int jj = 0; jj < NR; ++jj) {
        if (jj < nr) {
          const float* s = B + (j + jj) * csB;
          for (int p = 0; p < K; ++p) d[p * NR + jj] = s[p * rsB];
        } else {
          for (int p = 0; p < K; ++p) d[p * NR + jj] = 0.f;
        }
      }
    }
  }
}

static void gemm(int M, int N, int K, const float* A, long rsA, long csA, const float* pB,
                 float* C, long ldc, bool acc, float* packA) {
  if (K == 0) {
    if (!acc)
      for (int i = 0; i < M; ++i) memset(C + i * ldc, 0, sizeof(float) * N);
    return;
  }
  const int npanels = (N + NR - 1) / NR;
  // K blocks of equal depth (288 -> 144 + 144, not 256 + 32): a shallow block pays a full load
  // and store of the C tile for little work.
  const int nkb = (K + KC - 1) / KC;
  const int kcb = (K + nkb - 1) / nkb;
  if (csA == 1 && static_cast<long>(npanels) * NR * kcb <= kDirectBFloats) {
    // A read in place, in steps of NMR rows (a multiple of MR): full panels as MR x NR tiles,
    // then a last panel of <= NW columns as one NMR x NW tile.
    const bool narrow = N % NR != 0 && N % NR <= NW;
    const int wide = narrow ? npanels - 1 : npanels;
    for (int pc = 0; pc < K; pc += kcb) {
      const int kc = imin(kcb, K - pc);
      const bool accum = acc || pc > 0;
      const float* bk = pB + static_cast<long>(pc) * NR;
      for (int ir = 0; ir < M; ir += NMR) {
        const int mr2 = imin(NMR, M - ir);
        for (int h = 0; h < mr2; h += MR) {
          const float* a = A + (ir + h) * rsA + pc;
          float* c = C + (ir + h) * ldc;
          for (int jp = 0; jp < wide; ++jp)
            ukernel_rows(kc, a, rsA, bk + static_cast<long>(jp) * K * NR, c + jp * NR, ldc, accum,
                         imin(MR, mr2 - h), imin(NR, N - jp * NR));
        }
        if (narrow)
          ukernel_rows_narrow(kc, A + ir * rsA + pc, rsA, bk + static_cast<long>(wide) * K * NR,
                          C + ir * ldc + wide * NR, ldc, accum, mr2, N - wide * NR);
      }
    }
    return;
  }
  for (int ic = 0; ic < M; ic += MC) {
    const int mc = imin(MC, M - ic);
    for (int pc = 0; pc < K; pc += kcb) {
      const int kc = imin(kcb, K - pc);
      pack_a(mc, kc, A + ic * rsA + pc * csA, rsA, csA, packA);
      const bool accum = acc || pc > 0;
      for (int jp = 0; jp < npanels; ++jp) {
        const int j = jp * NR;
        const int nr = imin(NR, N - j);
        const float* bp = pB + static_cast<long>(jp) * K * NR + static_cast<long>(pc) * NR;
        for (int ir = 0; ir < mc; ir += MR)
          ukernel(kc, packA + static_cast<long>(ir) * kc, bp, C + (ic + ir) * ldc + j, ldc, accum,
                  imin(MR, mc - ir), nr);
      }
    }
  }
}

// C[M, N] = A B with A's row r the conv window of output pixel r: its k-th value (k = s*seglen +
// q) at rowp[r] + segoff[s] + q; B packed (NR-wide panels of all K = nseg*seglen rows). Full
// panels as MR x NR tiles, a last panel of <= NW columns as NMR x NW tiles.
static void igemm(int M, int N, int nseg, int seglen, const long* segoff, const float* const* rowp,
                  const float* pB, float* C, long ldc) {
  const long K = static_cast<long>(nseg) * seglen;
  const int npanels = (N + NR - 1) / NR;
  const bool narrow = N % NR != 0 && N % NR <= NW;
  const int wide = narrow ? npanels - 1 : npanels;
#ifdef YOLOC_HAVE_IND_FLAT
  int kidx[512];
  const bool flat = seglen < 32 && K <= 512;
  if (flat)
    for (int s = 0; s < nseg; ++s)
      for (int q = 0; q < seglen; ++q) kidx[s * seglen + q] = static_cast<int>(segoff[s] + q);
#endif
  for (int ir = 0; ir < M; ir += NMR) {
    const int mr2 = imin(NMR, M - ir);
    for (int h = 0; h < mr2; h += MR)
      for (int jp = 0; jp < wide; ++jp) {
#ifdef YOLOC_HAVE_IND_FLAT
        if (flat) {
          ukernel_ind_flat(static_cast<int>(K), kidx, rowp + ir + h, imin(MR, mr2 - h), pB + jp * K * NR,
                           C + (ir + h) * ldc + jp * NR, ldc, imin(NR, N - jp * NR));
          continue;
        }
#endif
        ukernel_ind(nseg, seglen, segoff, rowp + ir + h, imin(MR, mr2 - h), pB + jp * K * NR,
                    C + (ir + h) * ldc + jp * NR, ldc, imin(NR, N - jp * NR));
      }
    if (narrow)
      ukernel_ind_narrow(nseg, seglen, segoff, rowp + ir, mr2, pB + wide * K * NR, C + ir * ldc + wide * NR,
                         ldc, N - wide * NR);
  }
}

static inline float apply_act(float v, int act, float alpha) {
  switch (act) {
    case ACT_RELU: return v > 0.f ? v : 0.f;
    case ACT_RELU6: return v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
    case ACT_SIGMOID: return 1.f / (1.f + expf(-v));
    case ACT_LEAKY: return v >= 0.f ? v : alpha * v;
    case ACT_SILU: return vmath::silu(v);
    default: return v;
  }
}

// rows x N block of C: C = act(C + bias[j]) (+ res[i*ldr + j]): the convolutions' epilogue, run on
// each task's block while it is still in cache. bias and res may be null.
static void epilogue(float* C, int rows, int N, long ldc, const float* bias, int act, float alpha,
                     const float* res, long ldr) {
  for (int i = 0; i < rows; ++i) {
    float* c = C + i * ldc;
    if (bias)
      for (int j = 0; j < N; ++j) c[j] += bias[j];
    if (act == ACT_RELU) {
      for (int j = 0; j < N; ++j) c[j] = c[j] > 0.f ? c[j] : 0.f;
    } else if (act == ACT_RELU6) {
      for (int j = 0; j < N; ++j) c[j] = c[j] < 0.f ? 0.f : (c[j] > 6.f ? 6.f : c[j]);
    } else if (act == ACT_SILU) {
      // Its own loop: vmath::silu is branch-free, so this one vectorises.
      for (int j = 0; j < N; ++j) c[j] = vmath::silu(c[j]);
    } else if (act != ACT_LINEAR) {
      for (int j = 0; j < N; ++j) c[j] = apply_act(c[j], act, alpha);
    }
    if (res) {
      const float* r = res + i * ldr;
      for (int j = 0; j < N; ++j) c[j] += r[j];
    }
  }
}

// StarNet's star as an epilogue of one GEMM over both branches: out[i, j] = relu6(T[i, j] +
// b[j]) * (T[i, n + j] + b[n + j]) for rows x n (T row stride ldt; bias may be null).
static void star_rows(const float* T, long ldt, int rows, int n, const float* bias, float* out,
                      long ldo) {
  for (int i = 0; i < rows; ++i) {
    const float* a = T + i * ldt;
    const float* b = a + n;
    float* o = out + i * ldo;
    if (bias) {
      for (int j = 0; j < n; ++j) {
        float v = a[j] + bias[j];
        v = v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
        o[j] = v * (b[j] + bias[n + j]);
      }
    } else {
      for (int j = 0; j < n; ++j) {
        const float v = a[j] < 0.f ? 0.f : (a[j] > 6.f ? 6.f : a[j]);
        o[j] = v * b[j];
      }
    }
  }
}

// Channel block kept in registers across all taps of a depthwise window.
constexpr int CB = 32;

// One output pixel, channels [c0, c0+B): B accumulators stay in registers over every tap. x's
// pixels are xs floats apart (a channel slice of a wider tensor when xs > c).
template <int B>
static inline void dw_block(const DwGeom& g, const float* x, long xs, const float* w,
                            const float* bias, float* o, long n, int ih0, int iw0, int khs, int khe,
                            int kws, int kwe, int c0) {
  float acc[B];
  for (int u = 0; u < B; ++u) acc[u] = bias ? bias[c0 + u] : 0.f;
  for (int kh = khs; kh < khe; ++kh) {
    const float* xr = x + ((n * g.h + ih0 + kh * g.dh) * g.w) * xs + c0;
    const float* wr = w + static_cast<long>(kh * g.kw) * g.c + c0;
    for (int kw = kws; kw < kwe; ++kw) {
      const float* xp = xr + static_cast<long>(iw0 + kw * g.dw) * xs;
      const float* wp = wr + static_cast<long>(kw) * g.c;
      for (int u = 0; u < B; ++u) acc[u] += xp[u] * wp[u];
    }
  }
  for (int u = 0; u < B; ++u) o[c0 + u] = acc[u];
}

// The plain depthwise forward (any geometry); tiers with their own dw_forward use it for the
// cases they do not cover.
static void dw_forward_generic(const DwGeom& g, const float* x, long xs, const float* w,
                               const float* bias, float* out, long os, long r0, long r1) {
  const int co = g.c * g.mult;
  for (long r = r0; r < r1; ++r) {
    const long n = r / g.oh;
    const int oh = static_cast<int>(r % g.oh);
    for (int ow = 0; ow < g.ow; ++ow) {
      float* o = out + (r * g.ow + ow) * os;
      int khs = 0, khe = 0, kws = 0, kwe = 0;
      // Valid tap ranges (ih, iw inside the image) so the inner loops have no branches.
      const int ih0 = oh * g.sh - g.pt, iw0 = ow * g.sw - g.pl;
      for (khs = 0; khs < g.kh && ih0 + khs * g.dh < 0; ++khs) {}
      for (khe = g.kh; khe > khs && ih0 + (khe - 1) * g.dh >= g.h; --khe) {}
      for (kws = 0; kws < g.kw && iw0 + kws * g.dw < 0; ++kws) {}
      for (kwe = g.kw; kwe > kws && iw0 + (kwe - 1) * g.dw >= g.w; --kwe) {}
      if (g.mult == 1) {
        int c0 = 0;
        for (; c0 + CB <= g.c; c0 += CB) dw_block<CB>(g, x, xs, w, bias, o, n, ih0, iw0, khs, khe, kws, kwe, c0);
        // Wider remainders first: independent accumulators hide the FMA latency.
        if (c0 + 24 <= g.c) { dw_block<24>(g, x, xs, w, bias, o, n, ih0, iw0, khs, khe, kws, kwe, c0); c0 += 24; }
        if (c0 + 16 <= g.c) { dw_block<16>(g, x, xs, w, bias, o, n, ih0, iw0, khs, khe, kws, kwe, c0); c0 += 16; }
        for (; c0 + 8 <= g.c; c0 += 8) dw_block<8>(g, x, xs, w, bias, o, n, ih0, iw0, khs, khe, kws, kwe, c0);
        for (; c0 < g.c; ++c0) dw_block<1>(g, x, xs, w, bias, o, n, ih0, iw0, khs, khe, kws, kwe, c0);
      } else {
        for (int q = 0; q < co; ++q) o[q] = bias ? bias[q] : 0.f;
        for (int kh = khs; kh < khe; ++kh)
          for (int kw = kws; kw < kwe; ++kw) {
            const float* xp = x + ((n * g.h + ih0 + kh * g.dh) * g.w + iw0 + kw * g.dw) * xs;
            const float* wp = w + static_cast<long>(kh * g.kw + kw) * co;
            for (int c = 0; c < g.c; ++c)
              for (int m = 0; m < g.mult; ++m) o[c * g.mult + m] += xp[c] * wp[c * g.mult + m];
          }
      }
    }
  }
}
#ifndef YOLOC_OWN_DW_FORWARD
static void dw_forward(const DwGeom& g, const float* x, long xs, const float* w, const float* bias,
                       float* out, long os, long r0, long r1) {
  dw_forward_generic(g, x, xs, w, bias, out, os, r0, r1);
}
#endif

static void dw_backprop_input(const DwGeom& g, const float* dy, const float* w, float* dx,
                              long r0, long r1) {
  const int co = g.c * g.mult;
  for (long r = r0; r < r1; ++r) {
    const long n = r / g.h;
    const int ih = static_cast<int>(r % g.h);
    for (int iw = 0; iw < g.w; ++iw) {
      float* d = dx + (r * g.w + iw) * g.c;
      for (int c = 0; c < g.c; ++c) d[c] = 0.f;
      for (int kh = 0; kh < g.kh; ++kh) {
        const int t = ih + g.pt - kh * g.dh;
        if (t < 0 || t % g.sh != 0 || t / g.sh >= g.oh) continue;
        const int oh = t / g.sh;
        for (int kw = 0; kw < g.kw; ++kw) {
          const int u = iw + g.pl - kw * g.dw;
          if (u < 0 || u % g.sw != 0 || u / g.sw >= g.ow) continue;
          const int ow = u / g.sw;
          const float* gp = dy + ((n * g.oh + oh) * g.ow + ow) * co;
          const float* wp = w + static_cast<long>(kh * g.kw + kw) * co;
          if (g.mult == 1) {
            for (int c = 0; c < g.c; ++c) d[c] += gp[c] * wp[c];
          } else {
            for (int c = 0; c < g.c; ++c) {
              float s = 0.f;
              for (int m = 0; m < g.mult; ++m) s += gp[c * g.mult + m] * wp[c * g.mult + m];
              d[c] += s;
            }
          }
        }
      }
    }
  }
}

static void dw_backprop_filter_generic(const DwGeom& g, const float* x, const float* dy,
                                       float* dw, long r0, long r1) {
  const int co = g.c * g.mult;
  for (long r = r0; r < r1; ++r) {
    const long n = r / g.oh;
    const int oh = static_cast<int>(r % g.oh);
    for (int ow = 0; ow < g.ow; ++ow) {
      const float* gp = dy + (r * g.ow + ow) * co;
      for (int kh = 0; kh < g.kh; ++kh) {
        const int ih = oh * g.sh - g.pt + kh * g.dh;
        if (ih < 0 || ih >= g.h) continue;
        for (int kw = 0; kw < g.kw; ++kw) {
          const int iw = ow * g.sw - g.pl + kw * g.dw;
          if (iw < 0 || iw >= g.w) continue;
          const float* xp = x + ((n * g.h + ih) * g.w + iw) * g.c;
          float* dp = dw + static_cast<long>(kh * g.kw + kw) * co;
          if (g.mult == 1) {
            for (int c = 0; c < g.c; ++c) dp[c] += xp[c] * gp[c];
          } else {
            for (int c = 0; c < g.c; ++c)
              for (int m = 0; m < g.mult; ++m) dp[c * g.mult + m] += xp[c] * gp[c * g.mult + m];
          }
        }
      }
    }
  }
}

#ifndef YOLOC_OWN_DW_FILTER
static void dw_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw,
                               long r0, long r1) {
  dw_backprop_filter_generic(g, x, dy, dw, r0, r1);
}
#endif

// Winograd F(2x2, 3x3) transforms over channels (vectorised at the tier's width: each channel's
// arithmetic is the same sequence of adds in every tier).
static void wino_in(const float* const* d, int c, float* v, long vs) {
  const float *d0 = d[0], *d1 = d[1], *d2 = d[2], *d3 = d[3], *d4 = d[4], *d5 = d[5], *d6 = d[6], *d7 = d[7];
  const float *d8 = d[8], *d9 = d[9], *d10 = d[10], *d11 = d[11], *d12 = d[12], *d13 = d[13], *d14 = d[14], *d15 = d[15];
  float* __restrict v0 = v;
#pragma GCC ivdep
  for (int k = 0; k < c; ++k) {
    // B^T d (rows), B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
    const float e00 = d0[k] - d8[k], e01 = d1[k] - d9[k], e02 = d2[k] - d10[k], e03 = d3[k] - d11[k];
    const float e10 = d4[k] + d8[k], e11 = d5[k] + d9[k], e12 = d6[k] + d10[k], e13 = d7[k] + d11[k];
    const float e20 = d8[k] - d4[k], e21 = d9[k] - d5[k], e22 = d10[k] - d6[k], e23 = d11[k] - d7[k];
    const float e30 = d4[k] - d12[k], e31 = d5[k] - d13[k], e32 = d6[k] - d14[k], e33 = d7[k] - d15[k];
    // (B^T d) B (columns)
    v0[0 * vs + k] = e00 - e02; v0[1 * vs + k] = e01 + e02; v0[2 * vs + k] = e02 - e01; v0[3 * vs + k] = e01 - e03;
    v0[4 * vs + k] = e10 - e12; v0[5 * vs + k] = e11 + e12; v0[6 * vs + k] = e12 - e11; v0[7 * vs + k] = e11 - e13;
    v0[8 * vs + k] = e20 - e22; v0[9 * vs + k] = e21 + e22; v0[10 * vs + k] = e22 - e21; v0[11 * vs + k] = e21 - e23;
    v0[12 * vs + k] = e30 - e32; v0[13 * vs + k] = e31 + e32; v0[14 * vs + k] = e32 - e31; v0[15 * vs + k] = e31 - e33;
  }
}

static void wino_out(const float* m, long ms, int co, float* const* o) {
  float* __restrict y00 = o[0];
  float* __restrict y01 = o[1];
  float* __restrict y10 = o[2];
  float* __restrict y11 = o[3];
#pragma GCC ivdep
  for (int k = 0; k < co; ++k) {
    // A^T M (rows), A^T = [1 1 1 0; 0 1 -1 -1]
    const float s00 = m[0 * ms + k] + m[4 * ms + k] + m[8 * ms + k];
    const float s01 = m[1 * ms + k] + m[5 * ms + k] + m[9 * ms + k];
    const float s02 = m[2 * ms + k] + m[6 * ms + k] + m[10 * ms + k];
    const float s03 = m[3 * ms + k] + m[7 * ms + k] + m[11 * ms + k];
    const float s10 = m[4 * ms + k] - m[8 * ms + k] - m[12 * ms + k];
    const float s11 = m[5 * ms + k] - m[9 * ms + k] - m[13 * ms + k];
    const float s12 = m[6 * ms + k] - m[10 * ms + k] - m[14 * ms + k];
    const float s13 = m[7 * ms + k] - m[11 * ms + k] - m[15 * ms + k];
    // (A^T M) A
    y00[k] = s00 + s01 + s02;
    y01[k] = s01 - s02 - s03;
    y10[k] = s10 + s11 + s12;
    y11[k] = s11 - s12 - s13;
  }
}

// One output pixel's window over 16 channels as GCC vectors (one zmm, two ymm or four xmm per
// tier): best value and its input index (relative to base) per channel, a strictly greater
// value replacing the best (NaN compares false: it never wins).
typedef float yoloc_v16f __attribute__((vector_size(64)));
typedef int yoloc_v16i __attribute__((vector_size(64)));
static inline void maxpool_window16(const float* x, long base, long rowstep, long colstep, int hn,
                                    int wn, float* best_out, int* at_out) {
  yoloc_v16f best;
  yoloc_v16i at, lane;
  for (int k = 0; k < 16; ++k) {
    best[k] = -INFINITY;
    at[k] = -1;
    lane[k] = k;
  }
  for (int i = 0; i < hn; ++i)
    for (int j = 0; j < wn; ++j) {
      const long off = i * rowstep + j * colstep;
      yoloc_v16f v;
      memcpy(&v, x + base + off, sizeof v);
      const yoloc_v16i m = v > best;
      best = (yoloc_v16f)(((yoloc_v16i)v & m) | ((yoloc_v16i)best & ~m));
      at = ((lane + static_cast<int>(off)) & m) | (at & ~m);
    }
  memcpy(best_out, &best, sizeof best);
  memcpy(at_out, &at, sizeof at);
}

// The same for the last cn < 16 channels, one at a time.
static inline void maxpool_window_tail(const float* x, int cn, long base, long rowstep, long colstep,
                                       int hn, int wn, float* best, int* at) {
  for (int k = 0; k < cn; ++k) {
    best[k] = -INFINITY;
    at[k] = -1;
  }
  for (int i = 0; i < hn; ++i)
    for (int j = 0; j < wn; ++j) {
      const long off = i * rowstep + j * colstep;
      for (int k = 0; k < cn; ++k)
        if (x[base + off + k] > best[k]) {
          best[k] = x[base + off + k];
          at[k] = static_cast<int>(off) + k;
        }
    }
}

static void maxpool_block(const PoolGeom& g, const float* x, float* out, const float* dy, float* dx,
                          long n, int c0, int c1) {
  const int cn = c1 - c0;
  float best[16];
  int at[16];
  for (int oh = 0; oh < g.oh; ++oh) {
    const int ih0 = oh * g.sh - g.pt;
    const int hs = ih0 < 0 ? 0 : ih0, he = ih0 + g.kh < g.h ? ih0 + g.kh : g.h;
    for (int ow = 0; ow < g.ow; ++ow) {
      const int iw0 = ow * g.sw - g.pl;
      const int ws = iw0 < 0 ? 0 : iw0, we = iw0 + g.kw < g.w ? iw0 + g.kw : g.w;
      const long o = ((n * g.oh + oh) * g.ow + ow) * g.c + c0;
      const long base = ((n * g.h + hs) * g.w + ws) * g.c + c0;
      const long rowstep = static_cast<long>(g.w) * g.c;
      if (cn == 16)
        maxpool_window16(x, base, rowstep, g.c, he - hs, we - ws, best, at);
      else
        maxpool_window_tail(x, cn, base, rowstep, g.c, he - hs, we - ws, best, at);
      if (out)
        for (int k = 0; k < cn; ++k) out[o + k] = best[k];
      if (dx)
        for (int k = 0; k < cn; ++k)
          if (at[k] >= 0) dx[base + at[k]] += dy[o + k];
    }
  }
}

extern const Kernels table = {
    YOLOC_NS_NAME, YOLOC_LEVEL, {MR, NR, KC, MC}, pack_b, gemm, gemm_tn, igemm, igemm_tn, epilogue, star_rows,
    dw_forward, dw_backprop_input, dw_backprop_filter, wino_in, wino_out, maxpool_block, &fused_table,
};
