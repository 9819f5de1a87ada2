// Depthwise forward and filter gradient over SIMD vectors of L channels (the last channel block
// masked), included by a tier's kernels_*.cc inside its namespace after it defines V:
//   V::reg, V::mask, V::L, V::first(n) (mask of the first n lanes, n may exceed L), V::load(m, p),
//   V::store(m, p, v), V::zero(), V::fma(a, b, c) = a*b + c, V::add(a, b).
// Stride-1 rows with a 3, 5 or 7 wide filter run in strips of 8 outputs held in registers, each
// input pixel of a filter row loaded once per strip; the rest (borders, stride 2, dilation) pixel
// by pixel. Defines YOLOC_OWN_DW_FORWARD / YOLOC_OWN_DW_FILTER for kernels_impl.h.
using VReg = V::reg;
using VMask = V::mask;

// One output pixel, channels [c0, c0+L) under mask m, taps [khs,khe) x [kws,kwe) all inside the
// image: bias + sum of x * w.
static inline VReg dw_pixel(const DwGeom& g, const float* x, long xs, const float* w, VReg acc,
                              long n, int ih0, int iw0, int khs, int khe, int kws, int kwe, int c0,
                              VMask m) {
  for (int kh = khs; kh < khe; ++kh) {
    const float* xr = x + ((n * g.h + ih0 + kh * g.dh) * g.w) * xs + c0;
    const float* wr = w + static_cast<long>(kh * g.kw) * g.c + c0;
    for (int kw = kws; kw < kwe; ++kw)
      acc = V::fma(V::load(m, xr + static_cast<long>(iw0 + kw * g.dw) * xs),
                            V::load(m, wr + static_cast<long>(kw) * g.c), acc);
  }
  return acc;
}

// A strip of T stride-1 output pixels in registers: each input pixel of a filter row is loaded
// once and meets the KW weights (held in registers) of every output it touches.
template <int KW, int T>
static inline void dw_strip(const float* xr, long xs, const float* wr, long wc, VReg (&acc)[T],
                            VMask m) {
  VReg wv[KW];
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k) wv[k] = V::load(m, wr + k * wc);
#pragma GCC unroll 22
  for (int i = 0; i < T + KW - 1; ++i) {
    const VReg xv = V::load(m, xr + i * xs);
#pragma GCC unroll 7
    for (int k = 0; k < KW; ++k) {
      const int t = i - k;
      if (t >= 0 && t < T) acc[t] = V::fma(xv, wv[k], acc[t]);
    }
  }
}

template <int KW>
static void dw_row_s1(const DwGeom& g, const float* x, long xs, const float* w, const float* bias,
                      float* orow, long os, long n, int ih0, int khs, int khe, int owa, int owb,
                      int c0, VMask m) {
  constexpr int T = 8;
  const VReg b = bias ? V::load(m, bias + c0) : V::zero();
  int ow = owa;
  for (; ow + T <= owb; ow += T) {
    VReg acc[T];
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) acc[t] = b;
    for (int kh = khs; kh < khe; ++kh)
      dw_strip<KW, T>(x + ((n * g.h + ih0 + kh) * g.w + ow - g.pl) * xs + c0, xs,
                      w + static_cast<long>(kh * KW) * g.c + c0, g.c, acc, m);
#pragma GCC unroll 8
    for (int t = 0; t < T; ++t) V::store(m, orow + (ow + t) * os + c0, acc[t]);
  }
  for (; ow < owb; ++ow)
    V::store(m, orow + ow * os + c0,
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
    for (int c0 = 0; c0 < g.c; c0 += V::L) {
      const VMask m = V::first(g.c - c0);
      const VReg b = bias ? V::load(m, bias + c0) : V::zero();
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
        V::store(m, orow + ow * os + c0,
                              dw_pixel(g, x, xs, w, b, n, ih0, iw0, khs, khe, kws, kwe, c0, m));
      }
    }
  }
}

// Filter gradient of a stride-1 depthwise conv for one filter row kh and channels [c0, c0+L):
// acc[kw] += sum over output pixels of x * dy; a strip of T dy vectors in registers, each input
// pixel loaded once per strip.
template <int KW>
static void dwf_row_s1(const DwGeom& g, const float* x, const float* dy, float* dw, long r0,
                       long r1, int kh, int c0, VMask m) {
  constexpr int T = 8;
  VReg acc[KW];
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k) acc[k] = V::zero();
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
      VReg gv[T];
#pragma GCC unroll 8
      for (int t = 0; t < T; ++t) gv[t] = V::load(m, grow + static_cast<long>(ow + t) * g.c);
      const float* xs = xrow + static_cast<long>(ow - g.pl) * g.c;
#pragma GCC unroll 22
      for (int i = 0; i < T + KW - 1; ++i) {
        const VReg xv = V::load(m, xs + static_cast<long>(i) * g.c);
#pragma GCC unroll 7
        for (int k = 0; k < KW; ++k) {
          const int t = i - k;
          if (t >= 0 && t < T) acc[k] = V::fma(xv, gv[t], acc[k]);
        }
      }
    }
    // Leftover and border outputs, tap by tap.
    for (int o = 0; o < g.ow; ++o) {
      if (o >= owa && o < ow) continue;  // done by the strips
      const VReg gv = V::load(m, grow + static_cast<long>(o) * g.c);
#pragma GCC unroll 7
      for (int k = 0; k < KW; ++k) {
        const int iw = o - g.pl + k;
        if (iw < 0 || iw >= g.w) continue;
        acc[k] = V::fma(V::load(m, xrow + static_cast<long>(iw) * g.c), gv, acc[k]);
      }
    }
  }
  float* d = dw + static_cast<long>(kh * KW) * g.c + c0;
#pragma GCC unroll 7
  for (int k = 0; k < KW; ++k)
    V::store(m, d + k * g.c, V::add(acc[k], V::load(m, d + k * g.c)));
}

static void dw_backprop_filter_generic(const DwGeom& g, const float* x, const float* dy, float* dw,
                                       long r0, long r1);

static void dw_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw,
                               long r0, long r1) {
  if (g.mult != 1 || g.sh != 1 || g.sw != 1 || g.dh != 1 || g.dw != 1 ||
      (g.kw != 3 && g.kw != 5 && g.kw != 7))
    return dw_backprop_filter_generic(g, x, dy, dw, r0, r1);
  for (int c0 = 0; c0 < g.c; c0 += V::L) {
    const VMask m = V::first(g.c - c0);
    for (int kh = 0; kh < g.kh; ++kh) {
      if (g.kw == 7) dwf_row_s1<7>(g, x, dy, dw, r0, r1, kh, c0, m);
      else if (g.kw == 5) dwf_row_s1<5>(g, x, dy, dw, r0, r1, kh, c0, m);
      else dwf_row_s1<3>(g, x, dy, dw, r0, r1, kh, c0, m);
    }
  }
}
#define YOLOC_OWN_DW_FORWARD 1
#define YOLOC_OWN_DW_FILTER 1
