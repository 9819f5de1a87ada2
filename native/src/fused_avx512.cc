// AVX-512 build of the fused row primitives (compiled with -mavx512f -mavx512bw -mavx512dq
// -mavx512vl -mfma -mprefer-vector-width=512 on x64): the same loops, vectorised 16 lanes wide.
#include "fused.h"
#include "vmath.h"

namespace yoloc {
namespace avx512 {
#include "fused_impl.h"
}  // namespace avx512
}  // namespace yoloc
