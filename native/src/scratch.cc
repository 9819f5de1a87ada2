// Scratch memory kept between kernel calls: allocating (and page-faulting) tens of MB for every
// convolution would cost as much as the convolution itself.
#include <cstdlib>
#include <cstring>

#include "ops.h"

namespace yoloc {
namespace {
constexpr int kMaxThreads = 256;
constexpr int kSlots = 7;
struct Buf {
  float* p = nullptr;
  long cap = 0;
};
Buf bufs[kMaxThreads + 1][kSlots];
}  // namespace

float* scratch(int tid, int slot, long floats) {
  Buf& b = bufs[tid + 1][slot];
  if (floats > b.cap) {
    std::free(b.p);
    long cap = floats + floats / 4 + 64;
    void* p = std::aligned_alloc(64, ((cap * sizeof(float) + 63) / 64) * 64);
    if (!p) std::abort();
    b.p = static_cast<float*>(p);
    b.cap = cap;
  }
  return b.p;
}

}  // namespace yoloc
