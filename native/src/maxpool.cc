// Max pooling and its gradient (YOLOv5's SPPF: three 5x5 stride-1 pools), NHWC, with the cpu
// backend's rule: the first strictly greater value in (row, column) scan order wins, NaN never
// does, and a window with no winner passes no gradient.
#include <cmath>

#include "elementwise.h"
#include "kernels.h"
#include "pool.h"

namespace yoloc {
namespace {
inline long ceil_div(long a, long b) { return (a + b - 1) / b; }
constexpr int kChannelBlock = 16;
}  // namespace

void maxpool(const PoolGeom& g, const float* x, float* out, const float* dy, float* dx) {
  const Kernels& kr = kernels();
  const long cblocks = ceil_div(g.c, kChannelBlock);
  // Tasks own (image, channel block): the gradient's scatter never crosses them.
  parallel_for(static_cast<long>(g.n) * cblocks, [&](long t, int) {
    const long n = t / cblocks;
    const int c0 = static_cast<int>(t % cblocks) * kChannelBlock;
    const int c1 = c0 + kChannelBlock < g.c ? c0 + kChannelBlock : g.c;
    kr.maxpool_block(g, x, out, dy, dx, n, c0, c1);
  });
}

}  // namespace yoloc
