/**
 * The differentiable pieces of the RTMDet loss in tfjs-core ops (any backend): a no-gradient
 * block, PyTorch's binary_cross_entropy_with_logits formula, the Quality Focal Loss as one op
 * with its gradient written out, and GIoU of aligned (x1, y1, x2, y2) boxes as mmdet's
 * bbox_overlaps(mode='giou', is_aligned=True) computes it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './ops.js';

/** Kernel names of the RTMDet loss pieces a backend may provide in one call (the native addon). */
export const RTMDET_KERNELS = { dslAssign: 'YolocDslAssign', qualityFocal: 'YolocQualityFocal' } as const;

/** Whether the active backend has kernel `name`. YOLOC_FUSED=0 forces every composite op,
 * YOLOC_FUSED=-Name1,Name2 only those kernels' (in-process A/B runs: bench/phases.ts --ab). */
export function hasKernel(name: string): boolean {
  const off = process.env.YOLOC_FUSED;
  if (off === '0' || (off?.startsWith('-') && off.slice(1).split(',').includes(name))) return false;
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * Runs `f` as one tape node with no inputs: what it computes (from tensors it closes over) gets
 * no gradient and its inner ops are not recorded, so ops without gradients (TopK, ScatterNd
 * indices, argmin) may be used; PyTorch's `@torch.no_grad()`. Returns one tensor.
 */
export function noGrad<T extends tf.Tensor>(f: () => T): T {
  const op = tf.customGrad(((_save: tf.GradSaveFunc) => ({ value: f(), gradFunc: () => [] })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as () => T)();
}

/**
 * F.binary_cross_entropy_with_logits(x, t, reduction='none') in PyTorch's own op order:
 * (1 - t) * x + m + log(exp(-m) + exp(-x - m)), m = max(-x, 0). Value only (no gradient asked).
 */
export function bceLogitsTorch(x: tf.Tensor, t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const negX = tf.neg(x);
    const m = tf.relu(negX);
    const lse = tf.log(tf.add(tf.exp(tf.neg(m)), tf.exp(tf.sub(negX, m))));
    return tf.add(tf.add(tf.mul(tf.sub(1, t), x), m), lse);
  });
}

/**
 * Element-wise Quality Focal Loss of logits `x` against soft targets `t` (the matched IoU at a
 * positive's class, 0 elsewhere): BCE(x, t) * |t - sigmoid(x)| ** beta. For t = 0 this is mmdet's
 * negative term BCE(x, 0) * sigmoid(x) ** beta, for a positive its positive term, so one formula
 * covers mmdet's write-then-overwrite. The gradient (t gets none) is PyTorch's autograd of the
 * same: (sigmoid - t) * s^beta + beta * BCE * s^(beta-1) * sign(sigmoid - t) * sigmoid' .
 */
export function qualityFocal(x: tf.Tensor, t: tf.Tensor, beta: number): tf.Tensor {
  if (hasKernel(RTMDET_KERNELS.qualityFocal)) {
    // value and derivative in one pass; the backward is dy * derivative
    const fused = customOp(([xs], save) => {
      const [value, grad] = tf.engine().runKernel(RTMDET_KERNELS.qualityFocal, { x: xs!, t }, { beta }) as [tf.Tensor, tf.Tensor];
      save([grad]);
      grad.dispose();
      return { value, gradFunc: (dy, saved) => tf.mul(dy, saved[0]!) };
    });
    return fused(x);
  }
  const op = customOp(([xs], save) => {
    save([xs!, t]); // t too: the tidy around the loss disposes it before the backward runs
    const value = tf.tidy(() => {
      const s = tf.abs(tf.sub(t, tf.sigmoid(xs!)));
      return tf.mul(bceLogitsTorch(xs!, t), beta === 2 ? tf.square(s) : tf.pow(s, beta));
    });
    return {
      value,
      gradFunc: (dy, saved) => tf.tidy(() => {
        const [sx, st] = saved as [tf.Tensor, tf.Tensor];
        const sig = tf.sigmoid(sx);
        const diff = tf.sub(sig, st); // sigmoid - t
        const bce = bceLogitsTorch(sx, st);
        const dsig = tf.mul(tf.sub(1, sig), sig);
        const s = tf.abs(diff);
        if (beta === 2) {
          // (sig - t) * s^2 + 2 * bce * s * sign(sig - t) * sig' = (sig - t) * (s^2 + 2 * bce * sig')
          return tf.mul(dy, tf.mul(diff, tf.add(tf.square(s), tf.mul(tf.mul(bce, 2), dsig))));
        }
        const first = tf.mul(diff, tf.pow(s, beta));
        const second = tf.mul(tf.mul(tf.mul(bce, beta), tf.pow(s, beta - 1)), tf.mul(tf.sign(diff), dsig));
        return tf.mul(dy, tf.add(first, second));
      }),
    };
  });
  return op(x);
}

/** [R, 4] boxes -> four [R, 1] columns (split: tfjs's cpu Unpack is slow on long tensors). */
function cols(b: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  return tf.split(b, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
}

/**
 * GIoU of aligned boxes [R, 4] (x1, y1, x2, y2), mmdet bbox_overlaps(mode='giou',
 * is_aligned=True, eps): union and enclosing area floored at eps. Gradients flow to `pred`.
 */
export function giouAligned(pred: tf.Tensor2D, target: tf.Tensor2D, eps: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [px1, py1, px2, py2] = cols(pred);
    const [tx1, ty1, tx2, ty2] = cols(target);
    const area1 = tf.mul(tf.sub(px2, px1), tf.sub(py2, py1));
    const area2 = tf.mul(tf.sub(tx2, tx1), tf.sub(ty2, ty1));
    const w = tf.clipByValue(tf.sub(tf.minimum(px2, tx2), tf.maximum(px1, tx1)), 0, Infinity);
    const h = tf.clipByValue(tf.sub(tf.minimum(py2, ty2), tf.maximum(py1, ty1)), 0, Infinity);
    const overlap = tf.mul(w, h);
    const union = tf.maximum(tf.sub(tf.add(area1, area2), overlap), eps);
    const ious = tf.div(overlap, union);
    const ew = tf.clipByValue(tf.sub(tf.maximum(px2, tx2), tf.minimum(px1, tx1)), 0, Infinity);
    const eh = tf.clipByValue(tf.sub(tf.maximum(py2, ty2), tf.minimum(py1, ty1)), 0, Infinity);
    const enclose = tf.maximum(tf.mul(ew, eh), eps);
    return tf.reshape(tf.sub(ious, tf.div(tf.sub(enclose, union), enclose)), [-1]) as tf.Tensor1D;
  });
}
