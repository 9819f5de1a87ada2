// Dense convolutions as GEMMs over the backend's NHWC/HWIO memory. Rows of the GEMM are output
// pixels, and a pixel's window [kh][kw][c] matches the HWIO filter flattened to [K, CO]: the
// forward conv and the filter gradient read windows in place (implicit GEMM: per-pixel pointers
// into a zero-padded input, a filter row of kw*c contiguous floats at a time); the input gradient
// is a forward conv of dy (stride 1: the flipped filter; stride s: one conv per phase of dx), or a
// GEMM and col2im where neither applies.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ops.h"
#include "pool.h"

namespace yoloc {
namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

bool is_pointwise(const ConvGeom& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pl == 0 &&
         g.oh == g.h && g.ow == g.w;
}

// Rows of a GEMM per task: enough tasks to balance the threads, a multiple of MR, bounded so the
// im2col block stays near L2.
long rows_per_task(long m, long max_rows, int mr) {
  long target = ceil_div(m, static_cast<long>(pool_threads()) * 4);
  long r = ceil_div(target, mr) * mr;
  if (r > max_rows) r = max_rows / mr * mr;
  if (r < mr) r = mr;
  return r;
}

// dst[0, n) = src[0, n): a plain loop for the short runs of few-channel layers (a memcpy call
// costs more than copying 9 or 18 floats), memcpy for long ones.
inline void copy_run(float* dst, const float* src, int n) {
  if (n < 8) {
    for (int q = 0; q < n; ++q) dst[q] = src[q];
  } else if (n <= 64) {
    // Fixed 8-float moves (inlined as vector loads/stores), the last one overlapping the one
    // before: no scalar tail loop.
    for (int q = 0; q + 8 < n; q += 8) std::memcpy(dst + q, src + q, 8 * sizeof(float));
    std::memcpy(dst + n - 8, src + n - 8, 8 * sizeof(float));
  } else {
    std::memcpy(dst, src, sizeof(float) * n);
  }
}

// dst[0, n) += src[0, n).
inline void add_run(float* dst, const float* src, int n) {
  for (int q = 0; q < n; ++q) dst[q] += src[q];
}

// Packs B (K x N, element (p, j) at B[p*rsB + j*csB]) into the shared buffer, panels in parallel.
float* pack_shared_b(int K, int N, const float* B, long rsB, long csB) {
  const Kernels& kr = kernels();
  const int NR = kr.tile.nr;
  const int panels = static_cast<int>(ceil_div(N, NR));
  float* pb = scratch(-1, 0, static_cast<long>(panels) * NR * K);
  const int per = static_cast<int>(ceil_div(panels, pool_threads()));
  parallel_for(ceil_div(panels, per), [&](long t, int) {
    const int j0 = static_cast<int>(t) * per;
    const int j1 = j0 + per < panels ? j0 + per : panels;
    kr.pack_b(K, N, B, rsB, csB, pb, j0, j1);
  });
  return pb;
}

}  // namespace

float* conv2d_pack_filter(int K, int N, const float* w) { return pack_shared_b(K, N, w, N, 1); }

// The input as the implicit GEMM reads it: every tap of every output pixel inside an image of
// hh x ww pixels of c floats (a zero-padded copy when the conv pads, or when x is a channel slice
// of a wider tensor; x itself otherwise).
struct Padded {
  const float* p;
  int hh, ww;
};

Padded pad_input(const ConvGeom& g, const float* x, long xs) {
  const int hh = (g.oh - 1) * g.sh + (g.kh - 1) * g.dh + 1, ww = (g.ow - 1) * g.sw + (g.kw - 1) * g.dw + 1;
  if (g.pt == 0 && g.pl == 0 && hh <= g.h && ww <= g.w && xs == g.c) return {x, g.h, g.w};
  float* xp = scratch(-1, 2, static_cast<long>(g.n) * hh * ww * g.c);
  const long rows = static_cast<long>(g.n) * hh;
  const long row_floats = static_cast<long>(ww) * g.c;
  parallel_for(ceil_div(rows, 8), [&](long t, int) {
    const long r1 = (t + 1) * 8 < rows ? (t + 1) * 8 : rows;
    for (long r = t * 8; r < r1; ++r) {
      const long n = r / hh;
      const int ih = static_cast<int>(r % hh) - g.pt;
      float* d = xp + r * row_floats;
      if (ih < 0 || ih >= g.h) {
        std::memset(d, 0, sizeof(float) * row_floats);
        continue;
      }
      const int left = g.pl < ww ? g.pl : ww;
      std::memset(d, 0, sizeof(float) * left * g.c);
      int iw_end = ww - g.pl < g.w ? ww - g.pl : g.w;  // input columns that land inside [0, ww)
      if (iw_end < 0) iw_end = 0;
      const float* src = x + (n * g.h + ih) * static_cast<long>(g.w) * xs;
      float* dst = d + static_cast<long>(left) * g.c;
      if (xs == g.c) {
        std::memcpy(dst, src, sizeof(float) * iw_end * g.c);
      } else {
        for (int iw = 0; iw < iw_end; ++iw) copy_run(dst + static_cast<long>(iw) * g.c, src + iw * xs, g.c);
      }
      const long done = static_cast<long>(left + iw_end) * g.c;
      std::memset(d + done, 0, sizeof(float) * (row_floats - done));
    }
  });
  return {xp, hh, ww};
}

void conv2d_forward_packed(const ConvGeom& g, const float* x, long xs, const float* pb, float* out,
                           long os, const ConvEpilogue& ep) {
  const long m = static_cast<long>(g.n) * g.oh * g.ow;
  const int k = g.kh * g.kw * g.c;
  const int n = ep.star ? 2 * g.co : g.co;
  const Kernels& kr = kernels();
  const bool direct = is_pointwise(g);
  const long rpt = rows_per_task(m, 192, kr.tile.mr);
  const bool post = ep.bias || ep.act != ACT_LINEAR || ep.res;
  // Implicit GEMM for all but 1x1 stride-1 convs: segments are filter rows (kw*c contiguous
  // floats with dilation 1), or single taps (c floats) with dilation.
  Padded xp{x, g.h, g.w};
  int nseg = 1, seglen = k;
  long segoff[64];
  std::vector<long> segoff_big;
  long* so = segoff;
  if (!direct) {
    xp = pad_input(g, x, xs);
    const long row = static_cast<long>(xp.ww) * g.c;
    nseg = g.dw == 1 ? g.kh : g.kh * g.kw;
    seglen = g.dw == 1 ? g.kw * g.c : g.c;
    if (nseg > 64) {
      segoff_big.resize(nseg);
      so = segoff_big.data();
    }
    for (int s = 0; s < nseg; ++s)
      so[s] = g.dw == 1 ? s * g.dh * row : ((s / g.kw) * g.dh * row + static_cast<long>(s % g.kw) * g.dw * g.c);
  }
  parallel_for(ceil_div(m, rpt), [&](long t, int tid) {
    const long m0 = t * rpt;
    const int rows = static_cast<int>(m0 + rpt <= m ? rpt : m - m0);
    const bool staged = ep.star || ep.nsplit > 0;
    float* c = staged ? scratch(tid, 2, static_cast<long>(rows) * n) : out + m0 * os;
    const long ldc = staged ? n : os;
    if (direct) {
      kr.gemm(rows, n, k, x + m0 * xs, xs, 1, pb, c, ldc, false,
              scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc));
    } else {
      // Each output pixel's window origin in the padded input.
      const float** rowp = reinterpret_cast<const float**>(scratch(tid, 0, 2L * rows));
      const long img = static_cast<long>(xp.hh) * xp.ww * g.c;
      long q = m0;
      long b = q / (static_cast<long>(g.oh) * g.ow);
      int oh = static_cast<int>((q / g.ow) % g.oh), ow = static_cast<int>(q % g.ow);
      for (int r = 0; r < rows; ++r) {
        rowp[r] = xp.p + b * img + (static_cast<long>(oh) * g.sh * xp.ww + static_cast<long>(ow) * g.sw) * g.c;
        if (++ow == g.ow) {
          ow = 0;
          if (++oh == g.oh) {
            oh = 0;
            ++b;
          }
        }
      }
      kr.igemm(rows, n, nseg, seglen, so, rowp, pb, c, ldc);
    }
    if (ep.star) {
      kr.star_rows(c, n, rows, g.co, ep.bias, out + m0 * os, os);
      return;
    }
    if (post) kr.epilogue(c, rows, n, ldc, ep.bias, ep.act, ep.alpha, ep.res ? ep.res + m0 * ep.rs : nullptr, ep.rs);
    for (int s = 0; s < ep.nsplit; ++s) {
      const ConvSplit& sp = ep.split[s];
      for (int r = 0; r < rows; ++r) copy_run(sp.dst + (m0 + r) * sp.ps, c + static_cast<long>(r) * n + sp.col, sp.len);
    }
  });
}


// ---------------------------------------------------------------------------------------------
// Winograd F(2x2, 3x3) for 3x3 stride-1 'same' convolutions (pad 1, dilation 1): each 2x2 block
// of outputs from a 4x4 input patch with 16 multiplies per input/output channel pair instead of
// 36 (2.25x fewer), as 16 GEMMs of [tiles, ci] x [ci, co] between an input transform
// V = B^T d B and an output transform Y = A^T M A; the filter transform U = G g G^T is done once
// per packed filter. The tiles are cut into blocks fixed by the shape (never by the thread
// count), each block's V and M kept in its thread's scratch (L2): results are the same bits run to
// run and for any thread count. The rounding differs from the direct conv's (within ~1e-6 of
// the values); the inference plan and the tfjs kernels both run it, so the plan still matches
// the tfjs forward bit for bit. YOLOC_WINOGRAD=0 turns it off.

bool conv_winograd_ok(const ConvGeom& g, const ConvEpilogue& ep) {
  const char* e = std::getenv("YOLOC_WINOGRAD");  // read per call: tests and A/B runs switch it
  const bool off = e != nullptr && e[0] == '0';
  if (off || g.kh != 3 || g.kw != 3 || g.sh != 1 || g.sw != 1 || g.dh != 1 || g.dw != 1 ||
      g.pt != 1 || g.pl != 1 || g.oh != g.h || g.ow != g.w || g.c < 16 || g.co < 16 || ep.star ||
      ep.nsplit != 0)
    return false;
  // Enough tiles to repay the filter transform, which a training forward or an input gradient
  // does on every call (bench/onednn: at 2x10x10x256, 50 tiles, it cost 3x the direct conv). The
  // inference plan transforms once, but takes the same choice, so that it keeps the tfjs
  // forward's bits.
  const long tiles = static_cast<long>(g.n) * ((g.oh + 1) / 2) * ((g.ow + 1) / 2);
  return tiles * 2 >= static_cast<long>(g.c > g.co ? g.c : g.co) * 5;
}

long winograd_packed_floats(int ci, int co) {
  const int NR = kernels().tile.nr;
  return 16L * ceil_div(co, NR) * NR * ci;
}

// w: HWIO [3][3][ci][co] -> 16 matrices U_k [ci][co], each written straight into the tier's
// packed B panels (pack_b's layout: panel jp, row c, column jj at (jp*ci + c)*NR + jj; the
// columns past co of the last panel zero).
void winograd_pack_filter(int ci, int co, const float* w, float* out) {
  const int NR = kernels().tile.nr;
  const long panels = ceil_div(co, NR);
  const long one = panels * NR * ci;
  parallel_for(ci, [&](long c, int) {
    for (long jp = 0; jp < panels; ++jp)
      for (int jj = 0; jj < NR; ++jj) {
        const long o = jp * NR + jj;
        float u[16];
        if (o < co) {
          float g[3][3], t[4][3];
          for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) g[i][j] = w[(static_cast<long>(i * 3 + j) * ci + c) * co + o];
          for (int j = 0; j < 3; ++j) {  // G g: G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1]
            t[0][j] = g[0][j];
            t[1][j] = 0.5f * (g[0][j] + g[1][j] + g[2][j]);
            t[2][j] = 0.5f * (g[0][j] - g[1][j] + g[2][j]);
            t[3][j] = g[2][j];
          }
          for (int i = 0; i < 4; ++i) {  // (G g) G^T
            u[i * 4 + 0] = t[i][0];
            u[i * 4 + 1] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
            u[i * 4 + 2] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
            u[i * 4 + 3] = t[i][2];
          }
        } else {
          for (float& v : u) v = 0.f;
        }
        for (int k = 0; k < 16; ++k) out[k * one + (jp * ci + c) * NR + jj] = u[k];
      }
  });
}

void conv2d_winograd(const ConvGeom& g, const float* x, long xs, const float* pu, float* out,
                     long os, const ConvEpilogue& ep) {
  const Kernels& kr = kernels();
  const int ci = g.c, co = g.co;
  const int th = (g.oh + 1) / 2, tw = (g.ow + 1) / 2;
  const long tiles = static_cast<long>(g.n) * th * tw;
  const long one = winograd_packed_floats(ci, co) / 16;
  // Tiles per block: V and M (16 x T x (ci + co) floats) within ~512 KB, a multiple of MR.
  const int mr = kr.tile.mr;
  long T = 196608 / (16L * (ci + co));
  T = T / mr * mr;
  if (T < mr) T = mr;
  if (T > 240) T = 240;
  // Zero pixel for the patch taps outside the image; a sink for outputs outside it.
  float* zero = scratch(-1, 3, ci > co ? ci : co);
  std::memset(zero, 0, sizeof(float) * (ci > co ? ci : co));
  parallel_for(ceil_div(tiles, T), [&](long blk, int tid) {
    const long t0 = blk * T;
    const int nt = static_cast<int>(t0 + T <= tiles ? T : tiles - t0);
    float* V = scratch(tid, 4, 16L * T * ci);
    float* M = scratch(tid, 5, 16L * T * co + co);
    float* sink = M + 16L * T * co;
    const long vs = static_cast<long>(T) * ci, ms = static_cast<long>(T) * co;
    // Input transform: V[k][t][c] = (B^T d B)[k] of the tile's 4x4 patch.
    for (int t = 0; t < nt; ++t) {
      const long q = t0 + t;
      const int b = static_cast<int>(q / (static_cast<long>(th) * tw));
      const int ty = static_cast<int>((q / tw) % th), tx = static_cast<int>(q % tw);
      const float* d[16];
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          const int yy = 2 * ty - 1 + i, xx = 2 * tx - 1 + j;
          d[i * 4 + j] = (yy >= 0 && yy < g.h && xx >= 0 && xx < g.w) ? x + ((static_cast<long>(b) * g.h + yy) * g.w + xx) * xs : zero;
        }
      kr.wino_in(d, ci, V + static_cast<long>(t) * ci, vs);
    }
    // 16 GEMMs: M_k [nt, co] = V_k [nt, ci] x U_k [ci, co].
    float* packA = scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc);
    for (int k = 0; k < 16; ++k)
      kr.gemm(nt, co, ci, V + k * vs, ci, 1, pu + k * one, M + k * ms, co, false, packA);
    // Output transform into the output pixels, then the epilogue (bias, activation, residual)
    // over each run of pixels of one image row.
    const bool post = ep.bias || ep.act != ACT_LINEAR || ep.res;
    for (int t = 0; t < nt;) {
      const long q = t0 + t;
      const int b = static_cast<int>(q / (static_cast<long>(th) * tw));
      const int ty = static_cast<int>((q / tw) % th), tx0 = static_cast<int>(q % tw);
      int run = tw - tx0;  // tiles of this tile row in the block
      if (run > nt - t) run = nt - t;
      const int oy = 2 * ty;
      const bool down = oy + 1 < g.oh;
      for (int r = 0; r < run; ++r) {
        const int ox = 2 * (tx0 + r);
        const bool right = ox + 1 < g.ow;
        float* o00 = out + ((static_cast<long>(b) * g.oh + oy) * g.ow + ox) * os;
        float* o[4] = {o00, right ? o00 + os : sink, down ? o00 + static_cast<long>(g.ow) * os : sink,
                       right && down ? o00 + (static_cast<long>(g.ow) + 1) * os : sink};
        kr.wino_out(M + static_cast<long>(t + r) * co, ms, co, o);
      }
      if (post) {
        const int ox0 = 2 * tx0;
        int npx = 2 * run;
        if (ox0 + npx > g.ow) npx = g.ow - ox0;
        for (int dy = 0; dy < 2 && oy + dy < g.oh; ++dy) {
          const long pix = (static_cast<long>(b) * g.oh + oy + dy) * g.ow + ox0;
          kr.epilogue(out + pix * os, npx, co, os, ep.bias, ep.act, ep.alpha,
                      ep.res ? ep.res + pix * ep.rs : nullptr, ep.rs);
        }
      }
      t += run;
    }
  });
}

void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias,
                    float* out, int act, float alpha) {
  ConvEpilogue ep;
  ep.bias = bias;
  ep.act = act;
  ep.alpha = alpha;
  if (conv_winograd_ok(g, ep)) {
    float* pu = scratch(-1, 6, winograd_packed_floats(g.c, g.co));
    winograd_pack_filter(g.c, g.co, w, pu);
    conv2d_winograd(g, x, g.c, pu, out, g.co, ep);
    return;
  }
  const float* pb = conv2d_pack_filter(g.kh * g.kw * g.c, g.co, w);
  conv2d_forward_packed(g, x, g.c, pb, out, g.co, ep);
}

// The input gradient of a stride-s conv as s*s stride-1 convs of dy, one per phase of dx (input
// pixels whose (ih + pt) % s, (iw + pl) % s are fixed): phase (rh, rw) sums the taps kh = rh +
// s*a, kw = rw + s*b, a forward conv of dy with that sub-filter flipped (and transposed in
// channels), run as an implicit GEMM per row of the phase and written to dx with a pixel stride
// of s*c. Every dx pixel is in one phase: no col2im, no zeroing but of tapless phases.
void backprop_input_phases(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const Kernels& kr = kernels();
  const int s = g.sh, P = (g.kh > g.kw ? g.kh : g.kw);
  // dy zero-padded by P on every side: every window of every phase lies inside.
  const int hp = g.oh + 2 * P, wp = g.ow + 2 * P;
  float* dyp = scratch(-1, 2, static_cast<long>(g.n) * hp * wp * g.co);
  const long prow = static_cast<long>(wp) * g.co;
  parallel_for(static_cast<long>(g.n) * hp, [&](long r, int) {
    const long n = r / hp;
    const int ih = static_cast<int>(r % hp) - P;
    float* d = dyp + r * prow;
    if (ih < 0 || ih >= g.oh) {
      std::memset(d, 0, sizeof(float) * prow);
      return;
    }
    std::memset(d, 0, sizeof(float) * P * g.co);
    std::memcpy(d + static_cast<long>(P) * g.co, dy + (n * g.oh + ih) * static_cast<long>(g.ow) * g.co,
                sizeof(float) * g.ow * g.co);
    std::memset(d + static_cast<long>(P + g.ow) * g.co, 0, sizeof(float) * P * g.co);
  });
  struct Phase {
    int rh, rw, ah, aw, i0, rows, j0, cols;
    float* pb;
  };
  std::vector<Phase> phases;
  std::vector<std::vector<float>> packed;
  const int nr = kr.tile.nr;
  for (int rh = 0; rh < s; ++rh)
    for (int rw = 0; rw < s; ++rw) {
      Phase ph{rh, rw, (g.kh - rh + s - 1) / s, (g.kw - rw + s - 1) / s, 0, 0, 0, 0, nullptr};
      // Output rows i' of the phase: ih = s*i' + rh - pt in [0, H).
      auto first = [s](int lo) { return lo <= 0 ? -((-lo) / s) : (lo + s - 1) / s; };  // ceil(lo / s)
      ph.i0 = first(g.pt - rh);
      ph.rows = (g.h - 1 + g.pt - rh >= 0 ? (g.h - 1 + g.pt - rh) / s : -1) - ph.i0 + 1;
      ph.j0 = first(g.pl - rw);
      ph.cols = (g.w - 1 + g.pl - rw >= 0 ? (g.w - 1 + g.pl - rw) / s : -1) - ph.j0 + 1;
      if (ph.rows <= 0 || ph.cols <= 0) continue;
      // B[(a', b', o), ci] = w[rh + s*(ah-1-a')][rw + s*(aw-1-b')][ci][o].
      const int K = ph.ah * ph.aw * g.co;
      std::vector<float> wt(static_cast<size_t>(K) * g.c);
      for (int a = 0; a < ph.ah; ++a)
        for (int b = 0; b < ph.aw; ++b) {
          const float* src = w + (static_cast<long>(rh + s * (ph.ah - 1 - a)) * g.kw + rw + s * (ph.aw - 1 - b)) * g.c * g.co;
          float* dst = wt.data() + static_cast<long>(a * ph.aw + b) * g.co * g.c;
          for (int ci = 0; ci < g.c; ++ci)
            for (int o = 0; o < g.co; ++o) dst[static_cast<long>(o) * g.c + ci] = src[static_cast<long>(ci) * g.co + o];
        }
      const int panels = static_cast<int>(ceil_div(g.c, nr));
      packed.emplace_back(static_cast<size_t>(panels) * nr * K, 0.f);
      kr.pack_b(K, g.c, wt.data(), g.c, 1, packed.back().data(), 0, panels);
      phases.push_back(ph);
    }
  for (size_t q = 0; q < phases.size(); ++q) phases[q].pb = packed[q].data();
  // Phases without taps (a 1-wide filter direction): their pixels get no gradient.
  bool tapless = false;
  for (int rh = 0; rh < s; ++rh)
    for (int rw = 0; rw < s; ++rw)
      if ((g.kh - rh + s - 1) / s <= 0 || (g.kw - rw + s - 1) / s <= 0) tapless = true;
  if (tapless) std::memset(dx, 0, sizeof(float) * static_cast<long>(g.n) * g.h * g.w * g.c);
  // Tasks: (phase, image, phase row).
  std::vector<long> start(phases.size() + 1, 0);
  for (size_t q = 0; q < phases.size(); ++q) start[q + 1] = start[q] + static_cast<long>(g.n) * phases[q].rows;
  parallel_for(start.back(), [&](long t, int tid) {
    size_t q = 0;
    while (start[q + 1] <= t) ++q;
    const Phase& ph = phases[q];
    const long local = t - start[q];
    const long n = local / ph.rows;
    const int ip = ph.i0 + static_cast<int>(local % ph.rows);
    const int ih = s * ip + ph.rh - g.pt;
    long segoff[16];
    std::vector<long> segbig;
    long* so = segoff;
    if (ph.ah > 16) {
      segbig.resize(ph.ah);
      so = segbig.data();
    }
    for (int a = 0; a < ph.ah; ++a) so[a] = a * prow;
    const float** rowp = reinterpret_cast<const float**>(scratch(tid, 0, 2L * ph.cols));
    const float* base = dyp + (n * hp + ip - (ph.ah - 1) + P) * prow;
    for (int j = 0; j < ph.cols; ++j) rowp[j] = base + static_cast<long>(ph.j0 + j - (ph.aw - 1) + P) * g.co;
    float* out = dx + ((n * g.h + ih) * static_cast<long>(g.w) + s * ph.j0 + ph.rw - g.pl) * g.c;
    kr.igemm(ph.cols, g.c, ph.ah, ph.aw * g.co, so, rowp, ph.pb, out, static_cast<long>(s) * g.c);
  });
}

void conv2d_backprop_input(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const int k = g.kh * g.kw * g.c;
  const Kernels& kr = kernels();
  if (g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && (g.kh > 1 || g.kw > 1) &&
      g.pt < g.kh && g.pl < g.kw && static_cast<long>(g.n) * g.h * g.w >= 2048) {
    // Stride 1: dx is the forward conv of dy with the filter flipped in space and transposed in
    // channels, padded by k-1-p. Same FLOPs, but a K of kh*kw*CO instead of CO, and no col2im
    // scatter: ~15% faster on large maps. On small ones (deep layers, few pixels per weight)
    // transposing the filter costs more than it saves. wt[kh'][kw'][co][c] = w[KH-1-kh'][KW-1-kw'][c][co].
    const long taps = static_cast<long>(g.kh) * g.kw;
    float* wt = scratch(-1, 1, taps * g.c * g.co);
    parallel_for(taps, [&](long t, int) {
      const float* src = w + (taps - 1 - t) * g.c * g.co;
      float* dst = wt + t * g.co * g.c;
      for (int c = 0; c < g.c; ++c)
        for (int o = 0; o < g.co; ++o) dst[static_cast<long>(o) * g.c + c] = src[static_cast<long>(c) * g.co + o];
    });
    const ConvGeom t{g.n, g.oh, g.ow, g.co, g.kh, g.kw, g.c, g.h, g.w, 1, 1, 1, 1,
                     g.kh - 1 - g.pt, g.kw - 1 - g.pl};
    conv2d_forward(t, dy, wt, nullptr, dx, ACT_LINEAR, 0.f);
    return;
  }
  if (g.sh == g.sw && g.sh > 1 && g.dh == 1 && g.dw == 1 && g.kh >= g.sh && g.kw >= g.sw &&
      static_cast<long>(g.n) * g.h * g.w >= 2048) {
    backprop_input_phases(g, dy, w, dx);
    return;
  }
  // B = W^T: element (co, j) at w[j*CO + co].
  const float* pb = pack_shared_b(g.co, k, w, 1, g.co);
  if (is_pointwise(g)) {
    const long m = static_cast<long>(g.n) * g.oh * g.ow;
    const long rpt = rows_per_task(m, 192, kr.tile.mr);
    parallel_for(ceil_div(m, rpt), [&](long t, int tid) {
      const long m0 = t * rpt;
      const int rows = static_cast<int>(m0 + rpt <= m ? rpt : m - m0);
      kr.gemm(rows, k, g.co, dy + m0 * g.co, g.co, 1, pb, dx + m0 * g.c, g.c, false,
              scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc));
    });
    return;
  }
  const long in_size = static_cast<long>(g.n) * g.h * g.w * g.c;
  const long zchunk = 1 << 16;
  parallel_for(ceil_div(in_size, zchunk), [&](long t, int) {
    const long b = t * zchunk, e = b + zchunk < in_size ? b + zchunk : in_size;
    std::memset(dx + b, 0, sizeof(float) * (e - b));
  });
  // Blocks of output rows; blocks two apart touch disjoint input rows (rh*SH >= (KH-1)*DH),
  // so even blocks run in parallel, then odd ones, with no atomics.
  long rh = ceil_div(static_cast<long>(g.kh - 1) * g.dh, g.sh);
  const long by_pixels = ceil_div(96, g.ow);
  if (rh < by_pixels) rh = by_pixels;
  if (rh < 1) rh = 1;
  if (rh > g.oh) rh = g.oh;
  const long blocks = ceil_div(g.oh, rh);
  for (int phase = 0; phase < 2; ++phase) {
    const long per_image = (blocks - phase + 1) / 2;
    if (per_image <= 0) continue;
    parallel_for(g.n * per_image, [&](long t, int tid) {
      const long n = t / per_image;
      const long oh0 = ((t % per_image) * 2 + phase) * rh;
      const int nrows = static_cast<int>(oh0 + rh <= g.oh ? rh : g.oh - oh0);
      const long m0 = (n * g.oh + oh0) * g.ow;
      const int rows = nrows * g.ow;
      float* dcol = scratch(tid, 0, static_cast<long>(rows) * k);
      kr.gemm(rows, k, g.co, dy + m0 * g.co, g.co, 1, pb, dcol, k, false, scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc));
      for (int r = 0; r < rows; ++r) {
        const int oh = static_cast<int>(oh0) + r / g.ow, ow = r % g.ow;
        const float* src = dcol + static_cast<long>(r) * k;
        const int iw0 = ow * g.sw - g.pl;
        const bool row_inside = g.dw == 1 && iw0 >= 0 && iw0 + g.kw <= g.w;
        for (int kh = 0; kh < g.kh; ++kh) {
          const int ih = oh * g.sh - g.pt + kh * g.dh;
          if (ih < 0 || ih >= g.h) {
            src += g.kw * g.c;
            continue;
          }
          float* drow = dx + (n * g.h + ih) * static_cast<long>(g.w) * g.c;
          if (row_inside) {
            // The window row is contiguous in dx: one run of kw*c adds.
            add_run(drow + static_cast<long>(iw0) * g.c, src, g.kw * g.c);
            src += g.kw * g.c;
            continue;
          }
          for (int kw = 0; kw < g.kw; ++kw, src += g.c) {
            const int iw = iw0 + kw * g.dw;
            if (iw < 0 || iw >= g.w) continue;
            add_run(drow + static_cast<long>(iw) * g.c, src, g.c);
          }
        }
      }
    });
  }
}

void conv2d_backprop_filter(const ConvGeom& g, const float* x, const float* dy, float* dw) {
  const long m = static_cast<long>(g.n) * g.oh * g.ow;
  const int k = g.kh * g.kw * g.c, co = g.co;
  const long wsize = static_cast<long>(k) * co;
  const Kernels& kr = kernels();
  const bool direct = is_pointwise(g);
  // dw[K, CO] = col^T dy, a reduction over the m output pixels, split into `parts` row ranges
  // fixed by the shape alone, each summed into its own [K, CO] buffer (part 0 into dw), then
  // added in order: the bits are the same from run to run and for any thread count.
  // A power of two (2, 4 or 8): 3 parts on 2 threads left one thread a third of the work idle
  // (2x40x40 maps: m = 3200).
  int parts = static_cast<int>(m / 1024 < 8 ? m / 1024 : 8);
  while (parts > 2 && parts * wsize > (4L << 20)) --parts;
  while (parts & (parts - 1)) --parts;
  if (parts < 2) parts = m >= 32 ? 2 : 1;
  // Narrow CO or K: read col and dy in place (gemm_tn), in chunks whose rows of both stay within
  // ~192 KB of L2; packing would cost more than it saves there (measured: K=24..48 with CO up
  // to 192, CO <= 64 with K up to 576). Both wide: the packed GEMM, dy packed per 256 rows.
  const bool tn = co <= 64 || k <= 48;
  long rc = 256;
  if (tn) {
    rc = (48L * 1024) / (k + co);
    rc = rc < 16 ? 16 : (rc > 512 ? 512 : rc / 8 * 8);
  }
  const int NR = kr.tile.nr;
  const int panels = static_cast<int>(ceil_div(co, NR));
  // Not 1x1 stride 1: the implicit GEMM over window pointers into the padded input (no im2col).
  Padded xp{x, g.h, g.w};
  int nseg = 1, seglen = k;
  std::vector<long> segoff(1, 0);
  if (!direct) {
    xp = pad_input(g, x, g.c);
    const long row = static_cast<long>(xp.ww) * g.c;
    nseg = g.dw == 1 ? g.kh : g.kh * g.kw;
    seglen = g.dw == 1 ? g.kw * g.c : g.c;
    segoff.resize(nseg);
    for (int s = 0; s < nseg; ++s)
      segoff[s] = g.dw == 1 ? s * g.dh * row : ((s / g.kw) * g.dh * row + static_cast<long>(s % g.kw) * g.dw * g.c);
    rc = 512;
  }
  const long img = static_cast<long>(xp.hh) * xp.ww * g.c;
  parallel_for(parts, [&](long part, int tid) {
    float* acc = part == 0 ? dw : scratch(static_cast<int>(part), 3, wsize);
    std::memset(acc, 0, sizeof(float) * wsize);
    const long r1 = (part + 1) * m / parts;
    for (long m0 = part * m / parts; m0 < r1; m0 += rc) {
      const int rows = static_cast<int>(m0 + rc <= r1 ? rc : r1 - m0);
      if (!direct) {
        const float** rowp = reinterpret_cast<const float**>(scratch(tid, 0, 2L * rows));
        long b = m0 / (static_cast<long>(g.oh) * g.ow);
        int oh = static_cast<int>((m0 / g.ow) % g.oh), ow = static_cast<int>(m0 % g.ow);
        for (int r = 0; r < rows; ++r) {
          rowp[r] = xp.p + b * img + (static_cast<long>(oh) * g.sh * xp.ww + static_cast<long>(ow) * g.sw) * g.c;
          if (++ow == g.ow) {
            ow = 0;
            if (++oh == g.oh) {
              oh = 0;
              ++b;
            }
          }
        }
        kr.igemm_tn(k, co, rows, rowp, nseg, seglen, segoff.data(), dy + m0 * co, co, acc, co);
        continue;
      }
      const float* col = x + m0 * g.c;
      if (tn) {
        kr.gemm_tn(k, co, rows, col, k, dy + m0 * co, co, acc, co);
      } else {
        float* pb = scratch(tid, 2, static_cast<long>(panels) * NR * rows);
        kr.pack_b(rows, co, dy + m0 * co, co, 1, pb, 0, panels);
        // A = x^T: element (i, p) at x[p*K + i].
        kr.gemm(k, co, rows, col, 1, k, pb, acc, co, true, scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc));
      }
    }
  });
  const long chunk = 1 << 14;
  parallel_for(ceil_div(wsize, chunk), [&](long t, int) {
    const long b = t * chunk, e = b + chunk < wsize ? b + chunk : wsize;
    for (int part = 1; part < parts; ++part) {
      const float* s = scratch(part, 3, wsize);
      for (long i = b; i < e; ++i) dw[i] += s[i];
    }
  });
}

}  // namespace yoloc
