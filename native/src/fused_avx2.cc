// AVX2+FMA build of the fused row primitives (this file is compiled with -mavx2 -mfma on x64).
#include "fused.h"
#include "vmath.h"

namespace yoloc {
namespace avx2 {
#include "fused_impl.h"
}  // namespace avx2
}  // namespace yoloc
