/**
 * Registers, for the active backend, the kernels it lacks for training (conv_grads.ts), and
 * replaces the few whose results disagree with PyTorch (`replaceOn`, pool_grads.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilter, depthwiseBackpropFilter, depthwiseBackpropInput } from './conv_grads.js';
import { maxPoolGrad } from './pool_grads.js';

type Attrs = Record<string, unknown>;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pad = Parameters<typeof conv2dBackpropFilter>[4];
type Strides = Parameters<typeof conv2dBackpropFilter>[3];

function checkDilations(attrs: Attrs, kernel: string): void {
  const d = attrs.dilations as number | number[] | undefined;
  if (d !== undefined && d !== 1 && !(Array.isArray(d) && d.every((v) => v === 1))) {
    throw new Error(`${kernel}: dilations are not supported by our kernel`);
  }
}

const KERNELS: { name: string; fn: (inputs: Record<string, tf.Tensor>, attrs: Attrs) => tf.Tensor; replaceOn?: string[] }[] = [
  {
    name: 'Conv2DBackpropFilter',
    fn: ({ x, dy }, a) => conv2dBackpropFilter(x as tf.Tensor4D, dy as tf.Tensor4D, a.filterShape as number[],
      a.strides as Strides, a.pad as Pad, a.dimRoundingMode as Rounding),
  },
  {
    name: 'DepthwiseConv2dNativeBackpropFilter',
    fn: ({ x, dy }, a) => {
      checkDilations(a, 'DepthwiseConv2dNativeBackpropFilter');
      return depthwiseBackpropFilter(x as tf.Tensor4D, dy as tf.Tensor4D, a.filterShape as number[],
        a.strides as Strides, a.pad as Pad, a.dimRoundingMode as Rounding);
    },
  },
  {
    name: 'DepthwiseConv2dNativeBackpropInput',
    fn: ({ dy, filter }, a) => {
      checkDilations(a, 'DepthwiseConv2dNativeBackpropInput');
      return depthwiseBackpropInput(a.inputShape as number[], dy as tf.Tensor4D, filter as tf.Tensor4D,
        a.strides as Strides, a.pad as Pad, a.dimRoundingMode as Rounding);
    },
  },
  {
    // wasm's MaxPoolGrad breaks ties in a window differently from PyTorch.
    name: 'MaxPoolGrad',
    replaceOn: ['wasm'],
    fn: ({ dy, input }, a) => maxPoolGrad(dy as tf.Tensor4D, input as tf.Tensor4D, a.filterSize as number | [number, number],
      a.strides as number | [number, number], a.pad as Pad, a.dimRoundingMode as Rounding),
  },
];

/** Names of the kernels our implementations can provide. */
export const PROVIDED_KERNELS = KERNELS.map((k) => k.name);

/** Registers our kernels where `backend` has none; returns the names registered. */
export function registerMissingKernels(backend: string): string[] {
  const added: string[] = [];
  for (const k of KERNELS) {
    const existing = tf.getKernel(k.name, backend);
    if (existing && !k.replaceOn?.includes(backend)) continue;
    if (existing && (existing.kernelFunc as { yoloc?: boolean }).yoloc) continue; // ours already
    if (existing) tf.unregisterKernel(k.name, backend);
    tf.registerKernel({
      kernelName: k.name,
      backendName: backend,
      // Inputs arrive as TensorInfo; wrapping them lets us compose with ordinary ops.
      kernelFunc: Object.assign(
        ({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }) => k.fn(wrapInputs(inputs as Record<string, tf.TensorInfo>), (attrs ?? {}) as Attrs),
        { yoloc: true }),
    });
    added.push(k.name);
  }
  return added;
}

function wrapInputs(inputs: Record<string, tf.TensorInfo>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) {
    out[k] = v instanceof tf.Tensor ? v : tf.engine().makeTensorFromTensorInfo(v);
  }
  return out;
}
