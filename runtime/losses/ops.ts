/**
 * The differentiable pieces of the YOLOv5 loss, in tfjs-core ops: a stop-gradient, sigmoid
 * BCE with PyTorch's exact gradient, and YOLOv5's CIoU. Only tfjs-core is imported, so they
 * run on whatever backend the caller selected (cpu, wasm, webgpu).
 */
import * as tf from '@tensorflow/tfjs-core';

type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** tf.customGrad with plain tensor arguments (its own typing mixes in the save function). */
export function customOp(
  fn: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: GradFunc },
): (...xs: tf.Tensor[]) => tf.Tensor {
  const wrapped = (...args: (tf.Tensor | tf.GradSaveFunc)[]) =>
    fn(args.slice(0, -1) as tf.Tensor[], args[args.length - 1] as tf.GradSaveFunc);
  return tf.customGrad(wrapped as Parameters<typeof tf.customGrad>[0]);
}

/** Identity whose gradient is zero: PyTorch's `.detach()` / `torch.no_grad()`. */
export const stopGradient: (x: tf.Tensor) => tf.Tensor = customOp(
  ([x]) => ({ value: tf.clone(x!), gradFunc: (dy) => tf.zerosLike(dy) }),
);

/**
 * Element-wise sigmoid binary cross-entropy with logits, as
 * F.binary_cross_entropy_with_logits(reduction='none'): the value is the stable form
 * relu(x) - x*t + log1p(exp(-|x|)), the gradient PyTorch's own (sigmoid(x) - t) * dy, so no
 * kink of relu/abs at 0 leaks into it. The target gets no gradient.
 */
export const bceWithLogits: (x: tf.Tensor, t: tf.Tensor) => tf.Tensor = customOp(
  ([x, t], save) => {
    save([x!, t!]);
    const value = tf.tidy(() => tf.add(tf.sub(tf.relu(x!), tf.mul(x!, t!)), tf.log1p(tf.exp(tf.neg(tf.abs(x!))))));
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sx, st] = saved as [tf.Tensor, tf.Tensor];
        return [tf.mul(dy, tf.sub(tf.sigmoid(sx), st)), tf.zerosLike(st)];
      },
    };
  },
);

/**
 * F.binary_cross_entropy_with_logits(x, t, pos_weight=pw, reduction='none'), which mmdet's
 * CrossEntropyLoss(use_sigmoid=True, class_weight=pw) computes: pw (broadcast over the last axis)
 * weighs the positive term, value (1 - t) x + (1 + (pw - 1) t) (log1p(exp(-|x|)) + relu(-x)) as
 * PyTorch writes it, gradient PyTorch's ((pw t + 1 - t) sigmoid(x) - pw t) dy. The target and
 * pw get no gradient.
 */
export const bceWithLogitsPosWeight: (x: tf.Tensor, t: tf.Tensor, pw: tf.Tensor) => tf.Tensor = customOp(
  ([x, t, pw], save) => {
    save([x!, t!, pw!]);
    const value = tf.tidy(() => {
      const logWeight = tf.add(tf.mul(tf.sub(pw!, 1), t!), 1);
      const sp = tf.add(tf.log1p(tf.exp(tf.neg(tf.abs(x!)))), tf.relu(tf.neg(x!)));
      return tf.add(tf.mul(tf.sub(1, t!), x!), tf.mul(logWeight, sp));
    });
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sx, st, spw] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.tidy(() => {
          const pt = tf.mul(spw, st);
          return [tf.mul(dy, tf.sub(tf.mul(tf.sub(tf.add(pt, 1), st), tf.sigmoid(sx)), pt)), tf.zerosLike(st), tf.zerosLike(spw)];
        });
      },
    };
  },
);

/**
 * Gathers elements of a flattened tensor, with a scatter-add as gradient. tfjs's own GatherV2
 * gradient is unsortedSegmentSum, which the cpu backend runs as one op per segment: hopeless
 * for a [B, A*C, H, W] head output. scatterND sums duplicate indices, as the gradient must.
 */
export function gatherFlat(flat: tf.Tensor1D, indices: Int32Array): tf.Tensor1D {
  const size = flat.size;
  const f = customOp(([x]) => ({
    value: tf.gather(x!, tf.tensor1d(indices, 'int32')),
    gradFunc: (dy) => tf.scatterND(tf.tensor2d(indices, [indices.length, 1], 'int32'), dy, [size]),
  }));
  return f(flat) as tf.Tensor1D;
}

/**
 * Complete-IoU of aligned (cx, cy, w, h) boxes [P, 4], YOLOv5 flavour (MMYOLO bbox_overlaps,
 * iou_mode='ciou', bbox_format='xywh'): eps added to the union, to the squared enclosing
 * diagonal and to both heights inside atan(w/h) only; widths re-derived from corners; alpha
 * detached; the result clamped to [-1, 1] (zero gradient outside). Returns [P].
 */
export function ciouXywh(pred: tf.Tensor2D, target: tf.Tensor2D, eps = 1e-7): tf.Tensor1D {
  return tf.tidy(() => {
    const corners = (b: tf.Tensor2D) => {
      const [c, wh] = tf.split(b, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const half = tf.div(wh, 2);
      return [tf.sub(c, half), tf.add(c, half)] as const;
    };
    const [p1, p2] = corners(pred);
    const [t1, t2] = corners(target);
    const col = (x: tf.Tensor, i: number) => tf.squeeze(tf.slice(x, [0, i], [-1, 1]), [1]);
    const interWh = tf.clipByValue(tf.sub(tf.minimum(p2, t2), tf.maximum(p1, t1)), 0, Infinity);
    const inter = tf.mul(col(interWh, 0), col(interWh, 1));
    const pw = tf.sub(col(p2, 0), col(p1, 0));
    const ph = tf.sub(col(p2, 1), col(p1, 1));
    const tw = tf.sub(col(t2, 0), col(t1, 0));
    const th = tf.sub(col(t2, 1), col(t1, 1));
    const union = tf.add(tf.sub(tf.add(tf.mul(pw, ph), tf.mul(tw, th)), inter), eps);
    const iou = tf.div(inter, union);

    const enc = tf.clipByValue(tf.sub(tf.maximum(p2, t2), tf.minimum(p1, t1)), 0, Infinity);
    const diag2 = tf.add(tf.add(tf.square(col(enc, 0)), tf.square(col(enc, 1))), eps);
    // squared centre distance from corner sums, as MMYOLO computes it
    const dx = tf.sub(tf.add(col(t1, 0), col(t2, 0)), tf.add(col(p1, 0), col(p2, 0)));
    const dy = tf.sub(tf.add(col(t1, 1), col(t2, 1)), tf.add(col(p1, 1), col(p2, 1)));
    const rho2 = tf.add(tf.div(tf.square(dx), 4), tf.div(tf.square(dy), 4));
    const dAtan = tf.sub(tf.atan(tf.div(tw, tf.add(th, eps))), tf.atan(tf.div(pw, tf.add(ph, eps))));
    const v = tf.mul(4 / Math.PI ** 2, tf.square(dAtan));
    const alpha = stopGradient(tf.div(v, tf.add(tf.sub(v, iou), 1 + eps)));
    const ciou = tf.sub(iou, tf.add(tf.div(rho2, diag2), tf.mul(alpha, v)));
    return tf.clipByValue(ciou, -1, 1) as tf.Tensor1D;
  });
}

/**
 * Complete-IoU of aligned xyxy boxes [P, 4] as MMYOLO's bbox_overlaps(iou_mode='ciou',
 * bbox_format='xyxy') (YOLOv8's IoULoss and assigner): eps in the union, the enclosing
 * diagonal and the heights inside atan; alpha detached; clamped to [-1, 1]. Returns [P].
 */
export function ciouXyxy(pred: tf.Tensor2D, target: tf.Tensor2D, eps = 1e-7): tf.Tensor1D {
  return tf.tidy(() => {
    const [px1, py1, px2, py2] = tf.unstack(pred, 1) as tf.Tensor1D[];
    const [tx1, ty1, tx2, ty2] = tf.unstack(target, 1) as tf.Tensor1D[];
    const pos = (x: tf.Tensor) => tf.clipByValue(x, 0, Infinity);
    const inter = tf.mul(pos(tf.sub(tf.minimum(px2!, tx2!), tf.maximum(px1!, tx1!))), pos(tf.sub(tf.minimum(py2!, ty2!), tf.maximum(py1!, ty1!))));
    const pw = tf.sub(px2!, px1!), ph = tf.sub(py2!, py1!);
    const tw = tf.sub(tx2!, tx1!), th = tf.sub(ty2!, ty1!);
    const union = tf.add(tf.sub(tf.add(tf.mul(pw, ph), tf.mul(tw, th)), inter), eps);
    const iou = tf.div(inter, union);
    const cw = pos(tf.sub(tf.maximum(px2!, tx2!), tf.minimum(px1!, tx1!)));
    const ch = pos(tf.sub(tf.maximum(py2!, ty2!), tf.minimum(py1!, ty1!)));
    const c2 = tf.add(tf.add(tf.square(cw), tf.square(ch)), eps);
    const dx = tf.sub(tf.add(tx1!, tx2!), tf.add(px1!, px2!));
    const dy = tf.sub(tf.add(ty1!, ty2!), tf.add(py1!, py2!));
    const rho2 = tf.add(tf.div(tf.square(dx), 4), tf.div(tf.square(dy), 4));
    const dAtan = tf.sub(tf.atan(tf.div(tw, tf.add(th, eps))), tf.atan(tf.div(pw, tf.add(ph, eps))));
    const v = tf.mul(4 / Math.PI ** 2, tf.square(dAtan));
    const alpha = stopGradient(tf.div(v, tf.add(tf.sub(v, iou), 1 + eps)));
    return tf.clipByValue(tf.sub(iou, tf.add(tf.div(rho2, c2), tf.mul(alpha, v))), -1, 1) as tf.Tensor1D;
  });
}

/** Rows of a 2-D tensor, with a scatter-add of the rows as gradient (see gatherFlat). */
export function gatherRows(x: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  const shape = x.shape;
  const op = customOp(([t]) => ({
    value: tf.gather(t!, tf.tensor1d(rows, 'int32')),
    gradFunc: (dy) => tf.scatterND(tf.tensor2d(rows, [rows.length, 1], 'int32'), dy, shape),
  }));
  return op(x) as tf.Tensor2D;
}

/**
 * sum(BCE-with-logits(x, t)) for a large dense x (YOLOv8's class logits against soft targets):
 * the value as sum(softplus(x) - x * t) (three passes that every backend runs natively), the
 * gradient PyTorch's (sigmoid(x) - t) * dy. t is a constant (no gradient is asked of it).
 */
export function bceWithLogitsSum(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
  const op = customOp(([xi], save) => {
    save([xi!, t]);
    return {
      value: tf.tidy(() => tf.sum(tf.sub(tf.softplus(xi!), tf.mul(xi!, t)))),
      gradFunc: (dy, saved) => {
        const [sx, st] = saved as [tf.Tensor, tf.Tensor];
        return tf.tidy(() => tf.mul(tf.sub(tf.sigmoid(sx), st), dy));
      },
    };
  });
  return op(x) as tf.Scalar;
}
