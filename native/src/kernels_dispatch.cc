// Run-time choice of the SIMD level. A level is usable when the CPU has its instructions (CPUID)
// AND the OS saves the registers it uses across context switches (XGETBV's XCR0: YMM state for
// AVX2, plus opmask and ZMM state for AVX-512); otherwise an AVX-512 instruction faults, or a
// context switch corrupts its registers. YOLOC_SIMD=generic|avx2|avx512 forces a level (when it
// is available; the JavaScript side warns otherwise), kernels_force() does it for tests.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace yoloc {
namespace {

#if defined(__x86_64__) || defined(__i386__)
unsigned long long xcr0() {
  unsigned eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<unsigned long long>(edx) << 32) | eax;
}
#endif

int detect() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return SIMD_GENERIC;
  const bool osxsave = c & (1u << 27), avx = c & (1u << 28), fma = c & (1u << 12);
  if (!osxsave || !avx || !fma) return SIMD_GENERIC;
  const unsigned long long x = xcr0();
  if ((x & 0x6) != 0x6) return SIMD_GENERIC;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return SIMD_GENERIC;
  if (!(b & (1u << 5))) return SIMD_GENERIC;  // AVX2
  const bool f = b & (1u << 16), dq = b & (1u << 17), bw = b & (1u << 30), vl = b & (1u << 31);
  if (f && dq && bw && vl && (x & 0xE6) == 0xE6) return SIMD_AVX512;  // + opmask, ZMM0-15 hi, ZMM16-31
  return SIMD_AVX2;
#else
  return SIMD_GENERIC;
#endif
}

const Kernels* const kTables[] = {&generic::table, &avx2::table, &avx512::table};

int best() {
  static const int level = detect();
  return level;
}

int from_env() {
  const char* e = std::getenv("YOLOC_SIMD");
  if (e == nullptr || e[0] == '\0' || std::strcmp(e, "auto") == 0) return -1;
  if (std::strcmp(e, "generic") == 0) return SIMD_GENERIC;
  if (std::strcmp(e, "avx2") == 0) return SIMD_AVX2;
  if (std::strcmp(e, "avx512") == 0) return SIMD_AVX512;
  return -1;
}

// The level in use; -2 until the first call reads YOLOC_SIMD.
std::atomic<int> current{-2};

int resolve(int want) {
  const int b = best();
  return want < 0 || want > b ? b : want;
}

}  // namespace

int kernels_best_level() { return best(); }

const Kernels* kernels_at(int level) {
  if (level < 0 || level > best()) return nullptr;
  return kTables[level];
}

const Kernels& kernels() {
  int l = current.load(std::memory_order_relaxed);
  if (l < 0) {
    l = resolve(from_env());
    current.store(l, std::memory_order_relaxed);
  }
  return *kTables[l];
}

bool kernels_force(int level) {
  if (level > best()) return false;
  current.store(level < 0 ? resolve(from_env()) : level, std::memory_order_relaxed);
  return true;
}

void kernels_force_generic(bool on) { kernels_force(on ? SIMD_GENERIC : -1); }

}  // namespace yoloc
