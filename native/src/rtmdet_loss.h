// RTMDet's training loss on the CPU (rtmdet_loss.cc): the dynamic soft label assignment and the
// element-wise Quality Focal Loss with its gradient, each one call instead of ~60 and ~20 tfjs
// kernels. runtime/losses/dsl-assigner.ts and rtmdet-ops.ts hold the same computation as tfjs
// ops (the path of every other backend) and say what it is.
#pragma once

namespace yoloc {

struct DslGeom {
  int batch, priors, classes, max_gt, topk;
};

// decoded [B, N, 4] (x1, y1, x2, y2), scores [B, N, C] logits, priors [N, 4] (x, y, stride_w,
// stride_h), gt_boxes [B, M, 4], gt_labels [B, M], gt_flag [B, M] (1 = a real GT) ->
// gt_index [B, N] (-1 = background), metric [B, N] (matched IoU), target [B, N, C] (the IoU at
// the positive's class), boxes [B, N, 4] (the matched GT box). Every output is written.
void dsl_assign(const DslGeom& g, const float* decoded, const float* scores, const float* priors,
                const float* gt_boxes, const int* gt_labels, const float* gt_flag,
                float soft_center_radius, float iou_weight, int* gt_index, float* metric,
                float* target, float* boxes);

// loss = BCE(x, t) * |t - sigmoid(x)|^beta and dloss/dx, element-wise over n values.
void quality_focal(const float* x, const float* t, long n, float beta, float* loss, float* grad);

}  // namespace yoloc
