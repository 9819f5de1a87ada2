// Runtime choice of the SIMD level: AVX2+FMA when the CPU has it, otherwise portable code.
#include "kernels.h"

namespace yoloc {
namespace {
bool force_generic = false;
}

void kernels_force_generic(bool on) { force_generic = on; }

const Kernels& kernels() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (has_avx2 && !force_generic) return avx2::table;
#endif
  return generic::table;
}

}  // namespace yoloc
