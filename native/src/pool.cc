// The pool is created once and never destroyed: workers are detached, so process exit does not
// have to join them (a joinable std::thread at exit would call std::terminate).
#include "pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace yoloc {
namespace {

// Waiting without the kernel: pause the core briefly (x86 PAUSE), elsewhere yield.
inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

// How long a worker keeps polling for the next job before it sleeps on the condition variable.
// Waking a sleeping thread costs ~100-250 us on a VM, more than a whole small kernel (a
// BatchNorm over 20K values takes 8 us on one thread and took ~290 us on two when the second had
// to be woken); a training step issues kernels every few tens of microseconds, so a worker that
// polls for a while catches the next one at once. YOLOC_SPIN_US=0 restores sleep-at-once (a
// busy shared machine); the default is 500 us.
long spin_budget_us() {
  static const long us = [] {
    const char* env = std::getenv("YOLOC_SPIN_US");
    if (env == nullptr) return 500L;
    long v = std::atol(env);
    return v < 0 ? 0L : (v > 100000 ? 100000L : v);
  }();
  return us;
}

struct Pool {
  int max_threads = 1;
  std::atomic<int> active{1};
  std::mutex run_mu;  // one job at a time (addon loaded by several JS threads)
  std::mutex mu;      // guards sleeping workers' wait on cv_start
  std::condition_variable cv_start;
  // The job: written by run() before `generation` is bumped (release), read by workers after
  // they see the new generation (acquire).
  const std::function<void(long, int)>* job = nullptr;
  long ntasks = 0;
  int job_threads = 1;
  std::atomic<long> next{0};
  std::atomic<unsigned long> generation{0};
  std::atomic<int> pending{0};   // workers of the current job still working
  std::atomic<int> sleepers{0};  // workers that may be blocked on cv_start

  void work(int tid) {
    for (;;) {
      long t = next.fetch_add(1, std::memory_order_relaxed);
      if (t >= ntasks) break;
      (*job)(t, tid);
    }
  }

  // Polls `generation` for up to the spin budget; true when a new job appeared.
  bool spin_for(unsigned long seen) {
    const long budget = spin_budget_us();
    if (budget == 0) return false;
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(budget);
    for (;;) {
      for (int k = 0; k < 64; ++k) {
        if (generation.load(std::memory_order_acquire) != seen) return true;
        relax();
      }
      if (std::chrono::steady_clock::now() >= until) return false;
    }
  }

  void worker(int tid) {
    unsigned long seen = 0;
    for (;;) {
      if (!spin_for(seen)) {
        std::unique_lock<std::mutex> lk(mu);
        // Announce the sleep before the last check (both seq_cst): run() either sees a sleeper
        // and notifies, or this check sees its new generation. No wake-up is lost.
        sleepers.fetch_add(1);
        while (generation.load() == seen) cv_start.wait(lk);
        sleepers.fetch_sub(1);
      }
      seen = generation.load(std::memory_order_acquire);
      if (tid < job_threads) {
        work(tid);
        pending.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  explicit Pool(int n) : max_threads(n), active(n) {
    for (int t = 1; t < n; ++t) std::thread([this, t] { worker(t); }).detach();
  }

  void run(long n, const std::function<void(long, int)>& fn) {
    int use = active.load();
    if (use > n) use = static_cast<int>(n);
    if (use <= 1) {
      for (long t = 0; t < n; ++t) fn(t, 0);
      return;
    }
    std::lock_guard<std::mutex> guard(run_mu);
    job = &fn;
    ntasks = n;
    job_threads = use;
    next.store(0, std::memory_order_relaxed);
    pending.store(use - 1, std::memory_order_relaxed);
    generation.fetch_add(1);  // seq_cst: publishes the job (see worker())
    if (sleepers.load() > 0) {
      std::lock_guard<std::mutex> lk(mu);
      cv_start.notify_all();
    }
    work(0);
    // The workers' last tasks are as short as ours: poll, yielding now and then in case a
    // worker was descheduled on a busy machine.
    for (long k = 0; pending.load(std::memory_order_acquire) != 0; ++k) {
      if ((k & 1023) == 1023) std::this_thread::yield();
      else relax();
    }
  }
};

Pool& pool() {
  static Pool* p = [] {
    int hw = static_cast<int>(std::thread::hardware_concurrency());
    if (hw < 1) hw = 1;
    if (hw > 256) hw = 256;  // scratch.cc keeps 256 per-thread slots
    int n = hw;
    if (const char* env = std::getenv("YOLOC_THREADS")) {
      int v = std::atoi(env);
      if (v >= 1 && v < hw) n = v;
    }
    Pool* q = new Pool(hw);
    q->active.store(n);
    return q;
  }();
  return *p;
}

}  // namespace

int pool_threads() { return pool().active.load(); }

void pool_set_threads(int n) {
  Pool& p = pool();
  if (n < 1) n = 1;
  if (n > p.max_threads) n = p.max_threads;
  p.active.store(n);
}

void parallel_for(long ntasks, const std::function<void(long, int)>& fn) {
  if (ntasks <= 0) return;
  pool().run(ntasks, fn);
}

}  // namespace yoloc
