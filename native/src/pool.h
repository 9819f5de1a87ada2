// A small persistent thread pool: the calling thread works too; between jobs workers poll for
// a while (YOLOC_SPIN_US, default 500 us), then sleep on a condition variable. Tasks are handed
// out by an atomic counter (dynamic balance).
#pragma once
#include <functional>

namespace yoloc {

// Number of threads a parallel_for uses (>= 1).
int pool_threads();
// Sets the number of threads (clamped to [1, hardware]); takes effect on the next job.
void pool_set_threads(int n);
// Runs fn(task, tid) for task in [0, ntasks); tid in [0, pool_threads()). Blocks until done.
// Which thread runs which task varies from call to call, and the thread count from machine to
// machine: use tid only to pick scratch memory, and split any reduction into partial sums by a
// partition fixed by the shape, added in a fixed order (depthwise.cc), so that results, and so
// training runs resumed elsewhere, have the same bits (tests/native/resume.test.ts).
void parallel_for(long ntasks, const std::function<void(long, int)>& fn);

}  // namespace yoloc
