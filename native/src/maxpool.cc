// Max pooling and its gradient (YOLOv5's SPPF: three 5x5 stride-1 pools), NHWC, with the cpu
// backend's rule: the first strictly greater value in (row, column) scan order wins, NaN never
// does, and a window with no winner passes no gradient.
#include <cmath>

#include "elementwise.h"
#include "pool.h"

namespace yoloc {
namespace {
inline long ceil_div(long a, long b) { return (a + b - 1) / b; }
constexpr int kChannelBlock = 16;
}  // namespace

void maxpool(const PoolGeom& g, const float* x, float* out, const float* dy, float* dx) {
  const long cblocks = ceil_div(g.c, kChannelBlock);
  // Tasks own (image, channel block): the gradient's scatter never crosses them.
  parallel_for(static_cast<long>(g.n) * cblocks, [&](long t, int) {
    const long n = t / cblocks;
    const int c0 = static_cast<int>(t % cblocks) * kChannelBlock;
    const int c1 = c0 + kChannelBlock < g.c ? c0 + kChannelBlock : g.c;
    for (int oh = 0; oh < g.oh; ++oh) {
      const int ih0 = oh * g.sh - g.pt;
      const int hs = ih0 < 0 ? 0 : ih0, he = ih0 + g.kh < g.h ? ih0 + g.kh : g.h;
      for (int ow = 0; ow < g.ow; ++ow) {
        const int iw0 = ow * g.sw - g.pl;
        const int ws = iw0 < 0 ? 0 : iw0, we = iw0 + g.kw < g.w ? iw0 + g.kw : g.w;
        const long o = ((n * g.oh + oh) * g.ow + ow) * g.c;
        for (int c = c0; c < c1; ++c) {
          float best = -INFINITY;
          long at = -1;
          for (int ih = hs; ih < he; ++ih)
            for (int iw = ws; iw < we; ++iw) {
              const long i = ((n * g.h + ih) * g.w + iw) * g.c + c;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          if (out) out[o + c] = best;
          if (dx && at >= 0) dx[at] += dy[o + c];
        }
      }
    }
  });
}

}  // namespace yoloc
