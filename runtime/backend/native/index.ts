/**
 * The `native` TensorFlow.js backend: tfjs-backend-cpu's MathBackendCPU (tensors in JS
 * TypedArrays) with its heavy kernels replaced by our C++ addon, which works on that memory
 * in place. Selection code imports `registerNative` dynamically and tries it before wasm.
 */
import { getKernelsForBackend, registerBackend, registerKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { addonUnavailableReason, loadAddon } from './addon.js';
import type { NativeAddon } from './addon.js';
import { convKernels } from './conv.js';
import { depthwiseKernels } from './depthwise.js';
import { elementwiseKernels } from './elementwise.js';
import { fusedKernels } from './fused.js';
import { layoutKernels } from './layout.js';
import { matmulKernels } from './matmul.js';
import { maxPoolKernels } from './maxpool.js';
import type { NativeKernelFunc } from './shared.js';

export { fallbackCounts } from './shared.js';

/** The backend's name for tf.setBackend. */
export const NATIVE_BACKEND = 'native';

/** MathBackendCPU without its "install tfjs-node" hint: this is the fast path. */
class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}

let warned = false;
let registered = false;

/** Kernel name -> addon implementation, for every kernel we override. */
export function nativeKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  return { ...elementwiseKernels(addon), ...layoutKernels(addon), ...convKernels(addon), ...depthwiseKernels(addon), ...matmulKernels(addon), ...maxPoolKernels(addon), ...fusedKernels(addon) };
}

/** Registers the `native` backend; false (saying why once on stderr) if the addon is not built. */
export async function registerNative(): Promise<boolean> {
  const addon = loadAddon();
  if (addon === null) {
    if (!warned) {
      warned = true;
      process.stderr.write(`yoloc: ${addonUnavailableReason()}; using wasm\n`);
    }
    return false;
  }
  if (registered) return true;
  registered = true;
  registerBackend(NATIVE_BACKEND, () => new NativeBackend(), 3);
  const ours = nativeKernels(addon);
  for (const k of getKernelsForBackend('cpu')) {
    if (!(k.kernelName in ours)) registerKernel({ ...k, backendName: NATIVE_BACKEND });
  }
  for (const [kernelName, kernelFunc] of Object.entries(ours)) {
    registerKernel({ kernelName, backendName: NATIVE_BACKEND, kernelFunc } as KernelConfig);
  }
  return true;
}
