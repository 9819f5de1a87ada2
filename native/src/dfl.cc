// YOLOv8's DFL integral over rows of reg_max logits: E = sum_j j * softmax(x)_j (the expected
// distance of one box side), and its gradient dE/dx_j = p_j * (j - E). One pass per row each way
// instead of tfjs's softmax chain (max, sub, exp, sum, div, matmul and their gradients), which
// on tfjs-cpu's kernels took seconds per 8x640 step. Rows are independent: threads over row
// blocks, no reduction across rows, so results do not depend on the thread count.
#include "fused.h"

#include <cmath>

#include "pool.h"

namespace yoloc {
namespace {

inline long ceil_div(long a, long b) { return (a + b - 1) / b; }

// Runs fn(r0, r1) over [0, rows) in blocks of ~16K elements.
template <typename F>
void over_rows(long rows, int r, F fn) {
  const long per = ceil_div(16384, r > 0 ? r : 1);
  parallel_for(ceil_div(rows, per), [&](long t, int) {
    const long r0 = t * per;
    fn(r0, r0 + per < rows ? r0 + per : rows);
  });
}

// exp(x_j - max) into e; returns their sum (float, summed in j order as softmax does).
inline float row_exp(const float* x, int r, float* e) {
  float m = x[0];
  for (int j = 1; j < r; ++j) m = x[j] > m ? x[j] : m;
  float s = 0.f;
  for (int j = 0; j < r; ++j) {
    e[j] = std::exp(x[j] - m);
    s += e[j];
  }
  return s;
}

}  // namespace

void dfl_forward(const float* x, float* y, long rows, int r) {
  over_rows(rows, r, [&](long r0, long r1) {
    float e[256];
    for (long i = r0; i < r1; ++i) {
      const float s = row_exp(x + i * r, r, e);
      float acc = 0.f;
      for (int j = 0; j < r; ++j) acc += (e[j] / s) * static_cast<float>(j);
      y[i] = acc;
    }
  });
}

void dfl_backward(const float* x, const float* dy, float* dx, long rows, int r) {
  over_rows(rows, r, [&](long r0, long r1) {
    float e[256];
    for (long i = r0; i < r1; ++i) {
      const float s = row_exp(x + i * r, r, e);
      float ex = 0.f;
      for (int j = 0; j < r; ++j) {
        e[j] /= s;
        ex += e[j] * static_cast<float>(j);
      }
      const float g = dy[i];
      float* d = dx + i * r;
      for (int j = 0; j < r; ++j) d[j] = g * e[j] * (static_cast<float>(j) - ex);
    }
  });
}

}  // namespace yoloc
