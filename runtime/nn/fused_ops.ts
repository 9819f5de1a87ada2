/**
 * Fused training ops: BatchNorm with batch statistics followed by an activation, the StarNet
 * "star" relu6(a) * b, and activations, each as ONE tfjs kernel with ONE gradient kernel where
 * the backend has them (the native addon registers them), and as the equivalent chain of stock
 * tfjs ops everywhere else. The composite chain of a training BatchNorm + SiLU is ~12 kernels
 * forward and ~25 backward, each a full pass over the activation map; fused it is 3 and 2.
 * The gradients are registered here, by kernel name, so any backend that provides the forward
 * and gradient kernels gets them.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Activations the fused kernels apply (PyTorch semantics; ReLU6' is 0 at 0 and at 6). */
export type ActName = 'linear' | 'relu' | 'relu6' | 'silu';

/** Activation codes shared with native/src/fused.h and kernels.h. */
export const ACT_CODE: Readonly<Record<ActName, number>> = { linear: 0, relu: 1, relu6: 2, silu: 5 };

/** Kernel names of the fused ops (forward and gradient). */
export const FUSED_KERNELS = {
  bnTrain: 'YolocBatchNormTrain',
  bnTrainGrad: 'YolocBatchNormTrainGrad',
  act: 'YolocActivation',
  actGrad: 'YolocActivationGrad',
  star: 'YolocStar',
  starGrad: 'YolocStarGrad',
  dfl: 'YolocDfl',
  dflGrad: 'YolocDflGrad',
  sgd: 'YolocSgdUpdate',
  ema: 'YolocEmaUpdate',
} as const;

/** Whether the active backend has kernel `name` (and so its fused path runs). */
function has(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Set YOLOC_FUSED=0 to run the composite chains on every backend (A/B benchmarks, tests). */
function fusedAllowed(): boolean {
  return process.env.YOLOC_FUSED !== '0';
}

/** act(x) from stock ops (x * sigmoid(x) for SiLU: every backend has their gradients). */
function compositeAct<T extends tf.Tensor>(x: T, act: ActName): T {
  switch (act) {
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'silu': return tf.mul(x, tf.sigmoid(x));
    default: return x;
  }
}

/** act(x), one kernel when the backend has it. */
export function activation<T extends tf.Tensor>(x: T, act: ActName): T {
  if (act === 'linear') return x;
  if (x.dtype === 'float32' && fusedAllowed() && has(FUSED_KERNELS.act)) {
    return tf.engine().runKernel(FUSED_KERNELS.act, { x }, { act: ACT_CODE[act] }) as T;
  }
  return compositeAct(x, act);
}

/** relu6(a) * b (StarNet's star operation), one kernel when the backend has it. */
export function star<T extends tf.Tensor>(a: T, b: T): T {
  if (fusedAllowed() && has(FUSED_KERNELS.star) && a.dtype === 'float32' && b.dtype === 'float32'
    && tf.util.arraysEqual(a.shape, b.shape)) {
    return tf.engine().runKernel(FUSED_KERNELS.star, { a, b }, {}) as T;
  }
  return tf.mul(tf.relu6(a), b);
}

/**
 * The DFL integral over the last axis in rows of regMax logits: [..., 4*regMax] -> [..., 4],
 * softmax(x) @ [0 .. regMax-1] per row; one kernel each way where the backend has it (native),
 * else the softmax + matmul chain, whose gradients every backend has.
 */
export function dflIntegral(x: tf.Tensor4D, regMax: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (x.dtype === 'float32' && fusedAllowed() && has(FUSED_KERNELS.dfl)) {
    return tf.engine().runKernel(FUSED_KERNELS.dfl, { x }, { regMax }) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const p = tf.softmax(tf.reshape(x, [n * h * w * (c / regMax), regMax]));
    const proj = tf.reshape(tf.range(0, regMax, 1, 'float32'), [regMax, 1]);
    return tf.reshape(tf.matMul(p, proj), [n, h, w, c / regMax]);
  });
}

/** Training-mode BatchNorm over the last axis with the batch mean and biased variance, then act. */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, eps: number, act: ActName):
  { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (x.dtype === 'float32' && fusedAllowed() && has(FUSED_KERNELS.bnTrain)) {
    const [y, mean, variance] = tf.engine().runKernel(FUSED_KERNELS.bnTrain, { x, gamma, beta },
      { eps, act: ACT_CODE[act] }) as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    return { y, mean, variance };
  }
  const mean = tf.mean(x, [0, 1, 2]) as tf.Tensor1D;
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), [0, 1, 2]) as tf.Tensor1D;
  const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
  return { y: compositeAct(tf.add(tf.mul(normed, gamma), beta) as tf.Tensor4D, act), mean, variance };
}

const siluEpilogue = new Set<string>();

/** Declares that `backend`'s FusedConv2D applies activation 'silu' in its epilogue (tfjs's own
 * kernels know no 'silu': only a backend that says so gets it). */
export function declareSiluConvEpilogue(backend: string): void {
  siluEpilogue.add(backend);
}

/** Whether the active backend's fused conv2d applies SiLU itself (eval-mode ConvModule). */
export function convSiluFusable(): boolean {
  return fusedAllowed() && siluEpilogue.has(tf.getBackend());
}

/** Hyper-parameters of one SGD parameter group (torch.optim.SGD's). */
export interface SgdHyper { lr: number; momentum: number; weightDecay: number; nesterov: boolean }

/**
 * One SGD step for many parameters in a single kernel where the backend has it: returns the
 * new parameters and momentum buffers (same order; buffers empty when momentum is 0), or null
 * (the caller runs the per-parameter ops). Bitwise the same as those ops.
 */
export function sgdUpdate(params: tf.Tensor[], grads: tf.Tensor[], bufs: tf.Tensor[], h: SgdHyper): { params: tf.Tensor[]; bufs: tf.Tensor[] } | null {
  const n = params.length;
  const withBufs = h.momentum !== 0;
  if (n === 0 || !fusedAllowed() || !has(FUSED_KERNELS.sgd) || (withBufs && bufs.length !== n)) return null;
  if (![...params, ...grads, ...bufs].every((t) => t.dtype === 'float32')) return null;
  const inputs: tf.NamedTensorMap = {};
  params.forEach((p, i) => { inputs[`p${i}`] = p; inputs[`g${i}`] = grads[i]!; if (withBufs) inputs[`b${i}`] = bufs[i]!; });
  const out = tf.engine().runKernel(FUSED_KERNELS.sgd, inputs,
    { count: n, lr: h.lr, momentum: h.momentum, weightDecay: h.weightDecay, nesterov: h.nesterov }) as tf.Tensor[];
  return { params: out.slice(0, n), bufs: out.slice(n) };
}

/** avg * (1 - m) + src * m for many tensors in one kernel where the backend has it (else null). */
export function emaUpdate(avgs: tf.Tensor[], srcs: tf.Tensor[], m: number): tf.Tensor[] | null {
  if (avgs.length === 0 || !fusedAllowed() || !has(FUSED_KERNELS.ema)) return null;
  if (![...avgs, ...srcs].every((t) => t.dtype === 'float32')) return null;
  const inputs: tf.NamedTensorMap = {};
  avgs.forEach((a, i) => { inputs[`a${i}`] = a; inputs[`s${i}`] = srcs[i]!; });
  return tf.engine().runKernel(FUSED_KERNELS.ema, inputs, { count: avgs.length, m }) as tf.Tensor[];
}

let registered = false;

/** Registers the fused ops' gradients (idempotent; runs when this module loads). */
export function registerFusedGradients(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: FUSED_KERNELS.bnTrain,
    inputsToSave: ['x', 'gamma', 'beta'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, beta, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      // dys[1], dys[2] (the statistics feed only the running averages) carry no loss gradient.
      const dy = Array.isArray(dys) ? dys[0]! : dys;
      const [dx, dgamma, dbeta] = tf.engine().runKernel(FUSED_KERNELS.bnTrainGrad,
        { dy, x, gamma, beta, mean, variance }, attrs) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
  tf.registerGradient({
    kernelName: FUSED_KERNELS.act,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(FUSED_KERNELS.actGrad, { x, dy: dy as tf.Tensor }, attrs) as tf.Tensor };
    },
  });
  tf.registerGradient({
    kernelName: FUSED_KERNELS.dfl,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(FUSED_KERNELS.dflGrad, { x, dy: dy as tf.Tensor }, attrs) as tf.Tensor };
    },
  });
  tf.registerGradient({
    kernelName: FUSED_KERNELS.star,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const [da, db] = tf.engine().runKernel(FUSED_KERNELS.starGrad, { a, b, dy: dy as tf.Tensor }, {}) as tf.Tensor[];
      return { a: () => da!, b: () => db! };
    },
  });
}

registerFusedGradients();
