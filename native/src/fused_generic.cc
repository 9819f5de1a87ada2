// Portable build of the fused row primitives (any CPU; the compiler's baseline SIMD).
#include "fused.h"
#include "vmath.h"

namespace yoloc {
namespace generic {
#include "fused_impl.h"
}  // namespace generic
}  // namespace yoloc
