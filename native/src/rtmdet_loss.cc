// RTMDet's dynamic soft label assignment and Quality Focal Loss (see rtmdet_loss.h). The float
// arithmetic follows the tfjs ops of runtime/losses/dsl-assigner.ts step by step (each sum and
// product rounded to float; this file is compiled without FMA contraction); exp, log, pow and
// sigmoid are computed in double and rounded once, as tfjs's cpu kernels compute them with
// Math.*, so the assignment equals the composite path (and PyTorch's on the parity fixtures).
#include "rtmdet_loss.h"

#include <cmath>
#include <vector>

#include "pool.h"

namespace yoloc {
namespace {

inline float fexp(float x) { return static_cast<float>(std::exp(static_cast<double>(x))); }
inline float flog(float x) { return static_cast<float>(std::log(static_cast<double>(x))); }
inline float fsigmoid(float x) { return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(x)))); }

// PyTorch's binary_cross_entropy_with_logits: (1 - t) * x + m + log(exp(-m) + exp(-x - m)).
inline float bce_torch(float x, float t) {
  const float neg_x = -x;
  const float m = neg_x < 0.f ? 0.f : neg_x;
  const float e1 = fexp(-m);
  const float e2 = fexp(neg_x - m);
  const float lse = flog(e1 + e2);
  const float a = (1.f - t) * x;
  const float b = a + m;
  return b + lse;
}

constexpr float kInf = 100000000.f;

// One image: cost and IoU columns [M][N], then the selection.
void assign_image(const DslGeom& g, int b, const float* decoded, const float* scores,
                  const float* priors, const float* gt_boxes, const int* gt_labels,
                  const float* gt_flag, float radius, float iou_weight, int* gt_index,
                  float* metric, float* target, float* boxes) {
  const int N = g.priors, C = g.classes, M = g.max_gt;
  const float* dec = decoded + static_cast<long>(b) * N * 4;
  const float* sc = scores + static_cast<long>(b) * N * C;
  const float* gb = gt_boxes + static_cast<long>(b) * M * 4;
  const int* gl = gt_labels + static_cast<long>(b) * M;
  const float* gf = gt_flag + static_cast<long>(b) * M;
  int* gi = gt_index + static_cast<long>(b) * N;
  float* mt = metric + static_cast<long>(b) * N;
  float* tg = target + static_cast<long>(b) * N * C;
  float* bx = boxes + static_cast<long>(b) * N * 4;
  for (int n = 0; n < N; ++n) gi[n] = -1, mt[n] = 0.f;
  for (long i = 0; i < static_cast<long>(N) * C; ++i) tg[i] = 0.f;
  for (long i = 0; i < static_cast<long>(N) * 4; ++i) bx[i] = 0.f;
  if (M == 0) return;

  // priors strictly inside some real GT
  std::vector<unsigned char> valid(N, 0);
  for (int n = 0; n < N; ++n) {
    const float px = priors[n * 4], py = priors[n * 4 + 1];
    for (int m = 0; m < M && !valid[n]; ++m) {
      if (gf[m] == 0.f) continue;
      const float* q = gb + m * 4;
      float d = px - q[0];
      const float d2 = py - q[1], d3 = q[2] - px, d4 = q[3] - py;
      d = d2 < d ? d2 : d;
      d = d3 < d ? d3 : d;
      d = d4 < d ? d4 : d;
      if (d > 0.f) valid[n] = 1;
    }
  }
  // The parts of the classification cost that depend on the logit alone (sigmoid, max(-x, 0),
  // log(exp(-m) + exp(-x - m))), once per prior and class among this image's GT labels.
  std::vector<int> slot(C, -1);
  int classes = 0;
  for (int m = 0; m < M; ++m)
    if (slot[gl[m]] < 0) slot[gl[m]] = classes++;
  std::vector<float> sig(static_cast<size_t>(classes) * N), mneg(sig.size()), lse(sig.size());
  for (int c = 0; c < C; ++c) {
    if (slot[c] < 0) continue;
    const size_t base = static_cast<size_t>(slot[c]) * N;
    for (int n = 0; n < N; ++n) {
      if (!valid[n]) continue;
      const float x = sc[static_cast<long>(n) * C + c];
      const float neg_x = -x;
      const float mm = neg_x < 0.f ? 0.f : neg_x;
      sig[base + n] = fsigmoid(x);
      mneg[base + n] = mm;
      lse[base + n] = flog(fexp(-mm) + fexp(neg_x - mm));
    }
  }
  std::vector<float> cost(static_cast<size_t>(M) * N), iou(static_cast<size_t>(M) * N);
  for (int m = 0; m < M; ++m) {
    const float* q = gb + m * 4;
    const float cx = (q[0] + q[2]) / 2.f, cy = (q[1] + q[3]) / 2.f;
    const float area2 = (q[2] - q[0]) * (q[3] - q[1]);
    const int label = gl[m];
    const size_t base = static_cast<size_t>(slot[label]) * N;
    float* cm = cost.data() + static_cast<size_t>(m) * N;
    float* im = iou.data() + static_cast<size_t>(m) * N;
    for (int n = 0; n < N; ++n) {
      const float* p = dec + n * 4;
      const float area1 = (p[2] - p[0]) * (p[3] - p[1]);
      float w = (p[2] < q[2] ? p[2] : q[2]) - (p[0] > q[0] ? p[0] : q[0]);
      float h = (p[3] < q[3] ? p[3] : q[3]) - (p[1] > q[1] ? p[1] : q[1]);
      w = w < 0.f ? 0.f : w;
      h = h < 0.f ? 0.f : h;
      const float overlap = w * h;
      float uni = (area1 + area2) - overlap;
      uni = uni < 1e-6f ? 1e-6f : uni;
      const float v = overlap / uni;
      im[n] = v;
      if (!valid[n]) {
        cm[n] = kInf;
        continue;
      }
      const float dx = priors[n * 4] - cx, dy = priors[n * 4 + 1] - cy;
      const float dist = std::sqrt(dx * dx + dy * dy) / priors[n * 4 + 2];
      const float soft = static_cast<float>(std::pow(10.0, static_cast<double>(dist - radius)));
      const float iou_cost = -flog(v + 1e-7f) * iou_weight;
      const float x = sc[static_cast<long>(n) * C + label];
      // bce_torch(x, v) with its logit-only parts from the table
      const float bce = (((1.f - v) * x) + mneg[base + n]) + lse[base + n];
      const float s = v - sig[base + n];
      const float a = s < 0.f ? -s : s;
      const float cls_cost = bce * (a * a);
      cm[n] = (cls_cost + iou_cost) + soft;
    }
  }
  // each real GT: its k = max(floor(sum of its topk IoUs), 1) cheapest priors
  const int k = g.topk < N ? g.topk : N;
  std::vector<float> top_v(k);
  std::vector<int> top_i(k);
  std::vector<int> count(N, 0), first(N, -1);
  for (int m = 0; m < M; ++m) {
    if (gf[m] == 0.f) continue;
    const float* im = iou.data() + static_cast<size_t>(m) * N;
    // the k largest IoUs (descending), summed in that order as tfjs's Sum does (in double)
    int filled = 0;
    for (int n = 0; n < N; ++n) {
      const float v = im[n];
      if (filled == k && !(v > top_v[k - 1])) continue;
      int pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && v > top_v[pos - 1]) top_v[pos] = top_v[pos - 1], --pos;
      top_v[pos] = v;
    }
    double sum = 0;
    for (int r = 0; r < k; ++r) sum += top_v[r];
    float dk = std::floor(static_cast<float>(sum));
    const int take = dk < 1.f ? 1 : static_cast<int>(dk);
    // the `take` smallest costs, equal costs in prior order
    const float* cm = cost.data() + static_cast<size_t>(m) * N;
    filled = 0;
    for (int n = 0; n < N; ++n) {
      const float v = cm[n];
      if (filled == take && !(v < top_v[take - 1])) continue;
      int pos = filled < take ? filled++ : take - 1;
      while (pos > 0 && v < top_v[pos - 1]) top_v[pos] = top_v[pos - 1], top_i[pos] = top_i[pos - 1], --pos;
      top_v[pos] = v;
      top_i[pos] = n;
    }
    for (int r = 0; r < take; ++r) {
      const int n = top_i[r];
      if (count[n]++ == 0) first[n] = m;
    }
  }
  for (int n = 0; n < N; ++n) {
    if (count[n] == 0) continue;
    int m = first[n];
    if (count[n] > 1) {
      // the cheapest column (padding included), the first on ties
      m = 0;
      for (int j = 1; j < M; ++j)
        if (cost[static_cast<size_t>(j) * N + n] < cost[static_cast<size_t>(m) * N + n]) m = j;
    }
    const float v = iou[static_cast<size_t>(m) * N + n];
    gi[n] = m;
    mt[n] = v;
    tg[static_cast<long>(n) * C + gl[m]] = v;
    for (int c = 0; c < 4; ++c) bx[n * 4 + c] = gb[m * 4 + c];
  }
}

}  // namespace

void dsl_assign(const DslGeom& g, const float* decoded, const float* scores, const float* priors,
                const float* gt_boxes, const int* gt_labels, const float* gt_flag,
                float soft_center_radius, float iou_weight, int* gt_index, float* metric,
                float* target, float* boxes) {
  parallel_for(g.batch, [&](long b, int) {
    assign_image(g, static_cast<int>(b), decoded, scores, priors, gt_boxes, gt_labels, gt_flag,
                 soft_center_radius, iou_weight, gt_index, metric, target, boxes);
  });
}

void quality_focal(const float* x, const float* t, long n, float beta, float* loss, float* grad) {
  // One exp and one log1p per value (float libm): e = exp(-|x|); sigmoid = 1 / (1 + e) or
  // e / (1 + e); BCE = (1 - t) x + max(-x, 0) + log1p(e), PyTorch's formula with its
  // exp(-m) + exp(-x - m) = 1 + e. Within a few ulp of the composite path, not bitwise.
  const long chunk = 16384;
  parallel_for((n + chunk - 1) / chunk, [&](long task, int) {
    const long end = (task + 1) * chunk < n ? (task + 1) * chunk : n;
    for (long i = task * chunk; i < end; ++i) {
      const float xi = x[i], ti = t[i];
      const float e = std::exp(-std::fabs(xi));
      const float inv = 1.f / (1.f + e);
      const float sig = xi >= 0.f ? inv : e * inv;
      const float m = xi < 0.f ? -xi : 0.f;
      const float bce = ((1.f - ti) * xi + m) + std::log1p(e);
      const float diff = sig - ti;
      const float s = diff < 0.f ? -diff : diff;
      const float dsig = (1.f - sig) * sig;
      if (beta == 2.f) {
        loss[i] = bce * (s * s);
        grad[i] = diff * ((s * s) + (bce * 2.f) * dsig);
      } else {
        const float sb = std::pow(s, beta), sb1 = std::pow(s, beta - 1.f);
        const float sign = diff > 0.f ? 1.f : (diff < 0.f ? -1.f : 0.f);
        loss[i] = bce * sb;
        grad[i] = diff * sb + ((bce * beta) * sb1) * (sign * dsig);
      }
    }
  });
}

}  // namespace yoloc
