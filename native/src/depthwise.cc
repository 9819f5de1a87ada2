// Depthwise convolutions (StarNet's 7x7 is the hot one): direct loops, threads over image rows.
// The filter gradient sums into one small [KH,KW,C,MULT] buffer per thread, added at the end.
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

void depthwise_forward(const DwGeom& g, const float* x, const float* w, const float* bias,
                       float* out, int act, float alpha) {
  const Kernels& kr = kernels();
  const int co = g.c * g.mult;
  over_rows(static_cast<long>(g.n) * g.oh, [&](long r0, long r1, int) {
    kr.dw_forward(g, x, w, bias, out, r0, r1);
    if (act != ACT_LINEAR)
      kr.bias_act(out + r0 * g.ow * co, static_cast<int>((r1 - r0) * g.ow), co, co, nullptr, act,
                  alpha);
  });
}

void depthwise_backprop_input(const DwGeom& g, const float* dy, const float* w, float* dx) {
  const Kernels& kr = kernels();
  over_rows(static_cast<long>(g.n) * g.h,
            [&](long r0, long r1, int) { kr.dw_backprop_input(g, dy, w, dx, r0, r1); });
}

void depthwise_backprop_filter(const DwGeom& g, const float* x, const float* dy, float* dw) {
  const Kernels& kr = kernels();
  const long wsize = static_cast<long>(g.kh) * g.kw * g.c * g.mult;
  const int threads = pool_threads();
  bool used[256] = {false};
  std::memset(dw, 0, sizeof(float) * wsize);
  // Fixed row ranges per part (not per thread that happened to run them): same bits every run.
  const long rows = static_cast<long>(g.n) * g.oh;
  const long per = ceil_div(rows, threads);
  parallel_for(ceil_div(rows, per), [&](long part, int) {
    float* acc = part == 0 ? dw : scratch(static_cast<int>(part), 3, wsize);
    used[part] = true;
    if (part != 0) std::memset(acc, 0, sizeof(float) * wsize);
    const long r0 = part * per;
    kr.dw_backprop_filter(g, x, dy, acc, r0, r0 + per < rows ? r0 + per : rows);
  });
  for (int tid = 1; tid < threads; ++tid) {
    if (!used[tid]) continue;
    const float* s = scratch(tid, 3, wsize);
    for (long i = 0; i < wsize; ++i) dw[i] += s[i];
  }
}

}  // namespace yoloc
