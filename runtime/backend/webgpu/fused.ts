/**
 * Registers our WGSL kernels for the `webgpu` backend: the fused training ops of
 * runtime/nn/fused_ops.ts by kernel name (their gradients are registered there, by name), and
 * the stock kernels tfjs-webgpu gets wrong for training: MaxPoolGrad (PyTorch's first-max tie
 * rule) and PadV2 of rank >= 5 (tfjs's shader does not compile). Each kernel function carries
 * `yolocWebgpu: true`, so tests can check that ours are the ones registered.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS } from '../../nn/fused_ops.js';
import type { WebgpuBackendLike } from './fused_dispatch.js';
import { activationGradKernel, activationKernel, KNOWN_ACTS, starGradKernel, starKernel } from './fused_elementwise.js';
import { bnTrainGradKernel, bnTrainKernel } from './fused_bn.js';
import { emaKernel, sgdKernel } from './fused_optim.js';
import { maxPoolGradKernel } from './fused_pool.js';
import { padKernel } from './fused_pad.js';
import { dflGradKernel, dflKernel } from './fused_dfl.js';

const BACKEND = 'webgpu';

type Args = { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs?: Record<string, unknown> };
type Fn = (a: Args) => TensorInfo | TensorInfo[];

function req(args: Args, name: string): TensorInfo {
  const t = args.inputs[name];
  if (!t) throw new Error(`webgpu kernel: missing input ${name}`);
  if (t.dtype !== 'float32') throw new TypeError(`webgpu kernel: input ${name} must be float32, got ${t.dtype}`);
  return t;
}

function actOf(args: Args): number {
  const act = Number(args.attrs?.act ?? 0);
  if (!KNOWN_ACTS.includes(act)) throw new Error(`webgpu fused kernel: unknown activation code ${act}`);
  return act;
}

const be = (a: Args): WebgpuBackendLike => a.backend as WebgpuBackendLike;

/** Our kernels by name; `stock(name)` is tfjs's kernel that ours replaces (if any). */
function kernels(stock: (name: string) => Fn | undefined): Record<string, Fn> {
  const stockPad = stock('PadV2');
  return {
    [FUSED_KERNELS.bnTrain]: (a) => bnTrainKernel(be(a), req(a, 'x'), req(a, 'gamma'), req(a, 'beta'), Number(a.attrs?.eps), actOf(a)),
    [FUSED_KERNELS.bnTrainGrad]: (a) => bnTrainGradKernel(be(a), req(a, 'dy'), req(a, 'x'), req(a, 'gamma'), req(a, 'beta'),
      req(a, 'mean'), req(a, 'variance'), Number(a.attrs?.eps), actOf(a)),
    [FUSED_KERNELS.act]: (a) => activationKernel(be(a), req(a, 'x'), actOf(a)),
    [FUSED_KERNELS.actGrad]: (a) => activationGradKernel(be(a), req(a, 'x'), req(a, 'dy'), actOf(a)),
    [FUSED_KERNELS.star]: (a) => starKernel(be(a), req(a, 'a'), req(a, 'b')),
    [FUSED_KERNELS.starGrad]: (a) => starGradKernel(be(a), req(a, 'a'), req(a, 'b'), req(a, 'dy')),
    [FUSED_KERNELS.dfl]: (a) => dflKernel(be(a), req(a, 'x'), Number(a.attrs?.regMax)),
    [FUSED_KERNELS.dflGrad]: (a) => dflGradKernel(be(a), req(a, 'x'), req(a, 'dy'), Number(a.attrs?.regMax)),
    [FUSED_KERNELS.sgd]: (a) => {
      const n = Number(a.attrs?.count);
      const momentum = Number(a.attrs?.momentum);
      const at = (k: string): TensorInfo[] => Array.from({ length: n }, (_, i) => req(a, `${k}${i}`));
      return sgdKernel(be(a), at('p'), at('g'), momentum !== 0 ? at('b') : [], {
        lr: Number(a.attrs?.lr), momentum, weightDecay: Number(a.attrs?.weightDecay), nesterov: Boolean(a.attrs?.nesterov),
      });
    },
    [FUSED_KERNELS.ema]: (a) => {
      const n = Number(a.attrs?.count);
      const at = (k: string): TensorInfo[] => Array.from({ length: n }, (_, i) => req(a, `${k}${i}`));
      return emaKernel(be(a), at('a'), at('s'), Number(a.attrs?.m));
    },
    MaxPoolGrad: (a) => {
      const { filterSize, strides, pad, dimRoundingMode } = (a.attrs ?? {}) as Record<string, never>;
      return maxPoolGradKernel(be(a), req(a, 'dy'), req(a, 'input'), filterSize, strides, pad, dimRoundingMode);
    },
    PadV2: (a) => {
      const x = a.inputs.x!;
      if (x.shape.length < 5 && stockPad) return stockPad(a);
      return padKernel(be(a), x, a.attrs?.paddings as [number, number][], Number(a.attrs?.constantValue ?? 0));
    },
  };
}

/** Names of the kernels registerWebgpuFusedKernels() registers. */
export const WEBGPU_FUSED_KERNELS: readonly string[] = [...Object.values(FUSED_KERNELS), 'MaxPoolGrad', 'PadV2'];

/** Whether the `webgpu` kernel registered under `name` is ours. */
export function isOurWebgpuKernel(name: string): boolean {
  return Boolean((tf.getKernel(name, BACKEND)?.kernelFunc as { yolocWebgpu?: boolean } | undefined)?.yolocWebgpu);
}

let done = false;

/** Registers our kernels for `webgpu` over tfjs's (idempotent). */
export function registerWebgpuFusedKernels(): void {
  if (done) return;
  done = true;
  const stock = (name: string): Fn | undefined => {
    const k = tf.getKernel(name, BACKEND);
    return k && !(k.kernelFunc as { yolocWebgpu?: boolean }).yolocWebgpu ? k.kernelFunc as unknown as Fn : undefined;
  };
  for (const [name, fn] of Object.entries(kernels(stock))) {
    if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc: Object.assign(fn, { yolocWebgpu: true }) as unknown as tf.KernelFunc });
  }
}
