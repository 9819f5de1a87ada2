// Batched matrix product for BatchMatMul / _FusedMatMul: B packed once per batch entry (once in
// all when it is broadcast), rows of A split over the pool.
#include "ops.h"
#include "pool.h"

namespace yoloc {
namespace {
inline long ceil_div(long a, long b) { return (a + b - 1) / b; }
}  // namespace

void matmul(int batch, int M, int N, int K, bool ta, bool tb, long strideA, long strideB,
            const float* a, const float* b, const float* bias, float* out, int act, float alpha) {
  const Kernels& kr = kernels();
  const int MR = kr.tile.mr, NR = kr.tile.nr;
  const long rsA = ta ? 1 : K, csA = ta ? M : 1;
  const long rsB = tb ? 1 : N, csB = tb ? K : 1;
  const int panels = static_cast<int>(ceil_div(N, NR));
  float* pb = scratch(-1, 1, static_cast<long>(panels) * NR * K);
  long rpt = ceil_div(ceil_div(M, pool_threads() * 2), MR) * MR;
  if (rpt > 192) rpt = 192;
  if (rpt < MR) rpt = MR;
  const long row_tasks = ceil_div(M, rpt);
  for (int bi = 0; bi < batch; ++bi) {
    if (bi == 0 || strideB != 0) {
      const float* bb = b + bi * strideB;
      const int per = static_cast<int>(ceil_div(panels, pool_threads()));
      parallel_for(ceil_div(panels, per), [&](long t, int) {
        const int j0 = static_cast<int>(t) * per;
        kr.pack_b(K, N, bb, rsB, csB, pb, j0, j0 + per < panels ? j0 + per : panels);
      });
    }
    const float* ab = a + bi * strideA;
    float* ob = out + static_cast<long>(bi) * M * N;
    parallel_for(row_tasks, [&](long t, int tid) {
      const long m0 = t * rpt;
      const int rows = static_cast<int>(m0 + rpt <= M ? rpt : M - m0);
      kr.gemm(rows, N, K, ab + m0 * rsA, rsA, csA, pb, ob + m0 * N, N, false,
              scratch(tid, 1, static_cast<long>(kr.tile.mc) * kr.tile.kc));
      if (bias || act != ACT_LINEAR) kr.epilogue(ob + m0 * N, rows, N, N, bias, act, alpha, nullptr, 0);
    });
  }
}

}  // namespace yoloc
