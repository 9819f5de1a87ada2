// Portable build of the primitives (plain C++; the compiler vectorises what it can for the
// baseline ISA). Used where the CPU lacks AVX2/FMA, and by tests as a cross-check.
#include <math.h>
#include <string.h>

#include "elementwise.h"
#include "fused.h"
#include "kernels.h"
#include "vmath.h"

namespace yoloc {
namespace generic {

// The portable tier's layout: 6x16 tiles (what the compiler vectorises for SSE2), a 12x8 tile
// for narrow last panels.
constexpr int MR = 6, NR = 16, KC = 256, MC = 144, NMR = 12, NW = 8;

static inline void ukernel(int kc, const float* a, const float* b, float* c, long ldc, bool acc,
                           int mr, int nr) {
  float t[MR * NR];
  for (int i = 0; i < MR * NR; ++i) t[i] = 0.f;
  for (int p = 0; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) {
      const float av = a[i];
      for (int j = 0; j < NR; ++j) t[i * NR + j] += av * b[j];
    }
    a += MR;
    b += NR;
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}

#define YOLOC_PORTABLE_ROWS 1
#define YOLOC_NS_NAME "generic"
#define YOLOC_LEVEL SIMD_GENERIC
#include "kernels_impl.h"

}  // namespace generic
}  // namespace yoloc
