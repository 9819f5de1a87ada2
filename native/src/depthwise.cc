// Depthwise convolutions (StarNet's 7x7 is the hot one): direct loops, threads over image rows.
// The filter gradient sums into one small [KH,KW,C,MULT] buffer per row block, added at the end.
#include <cstring>

#include "ops.h"
#include "pool.h"

namespace yoloc {
namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

// Runs fn(r0, r1) over [0, rows) in blocks sized to balance the pool.
template <typename F>
void over_rows(long rows, F fn) {
  const long tasks_wanted = static_cast<long>(pool_threads()) * 8;
  const long per = ceil_div(rows, tasks_wanted);
  parallel_for(ceil_div(rows, per), [&](long t, int tid) {
    const long r0 = t * per;
    fn(r0, r0 + per < rows ? r0 + per : rows, tid);
  });
}

}  // namespace

void depthwise_forward_ex(const DwGeom& g, const float* x, long xs, const float* w,
                          const float* bias, float* out, long os, int act, float alpha,
                          const float* res, long rs) {
  const Kernels& kr = kernels();
  const int co = g.c * g.mult;
  over_rows(static_cast<long>(g.n) * g.oh, [&](long r0, long r1, int) {
    kr.dw_forward(g, x, xs, w, bias, out, os, r0, r1);
    if (act != ACT_LINEAR || res) {
      const long p0 = r0 * g.ow;
      kr.epilogue(out + p0 * os, static_cast<int>((r1 - r0) * g.ow), co, os, nullptr, act, alpha,
                  res ? res + p0 * rs : nullptr, rs);
    }
  });
}

void depthwise_forward(const DwGeom& g, const float* x, const float* w, const float* bias,
                       float* out, int act, float alpha) {
  depthwise_forward_ex(g, x, g.c, w, bias, out, static_cast<long>(g.c) * g.mult, act, alpha, nullptr, 0);
}

void depthwise_backprop_input(const DwGeom& g, const float* dy, const float* w, float* dx) {
  const Kernels& kr = kernels();
  if (g.mult == 1 && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.pt < g.kh && g.pl < g.kw) {
    // Stride 1: dx is the forward depthwise conv of dy with the filter flipped in space, padded by
    // k-1-p: the forward kernel's register blocking, and no scattered adds.
    const long taps = static_cast<long>(g.kh) * g.kw;
    float* wf = scratch(-1, 1, taps * g.c);
    for (long t = 0; t < taps; ++t) std::memcpy(wf + t * g.c, w + (taps - 1 - t) * g.c, sizeof(float) * g.c);
    const DwGeom f{g.n, g.oh, g.ow, g.c, g.kh, g.kw, 1, g.h, g.w, 1, 1, 1, 1, g.kh - 1 - g.pt, g.kw - 1 - g.pl};
    over_rows(static_cast<long>(g.n) * g.h,
              [&](long r0, long r1, int) { kr.dw_forward(f, dy, g.c, wf, nullptr, dx, g.c, r0, r1); });
    return;
  }
  over_rows(static_cast<long>(g.n) * g.h,
            [&](long r0, long r1, int) { kr.dw_backprop_input(g, dy, w, dx, r0, r1); });
}

void depthwise_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw) {
  const Kernels& kr = kernels();
  const long wsize = static_cast<long>(g.kh) * g.kw * g.c * g.mult;
  // A reduction over the n*oh output rows, split into row blocks fixed by the shape alone (not by
  // the thread count, nor by which thread ran a block), each summed into its own buffer (block 0
  // into dw), then added in block order: the same bits for any thread count and any run, so a
  // run resumed on another machine or with YOLOC_THREADS set retraces an uninterrupted one.
  // Up to 16 blocks keep 2..16 threads busy; small layers get fewer (the final add is per block).
  const long rows = static_cast<long>(g.n) * g.oh;
  const long work = rows * g.ow * g.kh * g.kw * g.c * g.mult;
  long parts = work >> 18;
  if (parts > 16) parts = 16;
  if (parts > rows) parts = rows;
  while (parts & (parts - 1)) --parts;  // a power of two: balanced on 2, 4, 8, 16 threads
  if (parts < 1) parts = 1;
  const long per = ceil_div(rows, parts);
  parts = ceil_div(rows, per);
  float* partial = parts > 1 ? scratch(-1, 3, (parts - 1) * wsize) : nullptr;
  parallel_for(parts, [&](long part, int) {
    float* acc = part == 0 ? dw : partial + (part - 1) * wsize;
    std::memset(acc, 0, sizeof(float) * wsize);
    const long r0 = part * per;
    kr.dw_backprop_filter(g, x, dy, acc, r0, r0 + per < rows ? r0 + per : rows);
  });
  if (parts == 1) return;
  const long chunk = 4096;
  parallel_for(ceil_div(wsize, chunk), [&](long t, int) {
    const long b = t * chunk, e = b + chunk < wsize ? b + chunk : wsize;
    for (long p = 1; p < parts; ++p) {
      const float* s = partial + (p - 1) * wsize;
      for (long i = b; i < e; ++i) dw[i] += s[i];
    }
  });
}

}  // namespace yoloc
