// The pool is created once and never destroyed: workers are detached, so process exit does not
// have to join them (a joinable std::thread at exit would call std::terminate).
#include "pool.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace yoloc {
namespace {

struct Pool {
  int max_threads = 1;
  std::atomic<int> active{1};
  std::mutex run_mu;  // one job at a time (addon loaded by several JS threads)
  std::mutex mu;
  std::condition_variable cv_start, cv_done;
  const std::function<void(long, int)>* job = nullptr;
  long ntasks = 0;
  std::atomic<long> next{0};
  int pending = 0;
  int job_threads = 1;
  unsigned long generation = 0;

  void work(int tid) {
    for (;;) {
      long t = next.fetch_add(1, std::memory_order_relaxed);
      if (t >= ntasks) break;
      (*job)(t, tid);
    }
  }

  void worker(int tid) {
    unsigned long seen = 0;
    std::unique_lock<std::mutex> lk(mu);
    for (;;) {
      cv_start.wait(lk, [&] { return generation != seen; });
      seen = generation;
      bool mine = tid < job_threads;
      lk.unlock();
      if (mine) work(tid);
      lk.lock();
      if (mine && --pending == 0) cv_done.notify_one();
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
    {
      std::lock_guard<std::mutex> lk(mu);
      job = &fn;
      ntasks = n;
      next.store(0);
      job_threads = use;
      pending = use - 1;
      ++generation;
    }
    cv_start.notify_all();
    work(0);
    std::unique_lock<std::mutex> lk(mu);
    cv_done.wait(lk, [&] { return pending == 0; });
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
