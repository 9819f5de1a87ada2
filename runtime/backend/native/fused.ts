/**
 * Fused training kernels on the addon (BatchNorm with batch statistics + activation, their
 * gradients). Filled in by the fused-kernel work; registered by index.ts.
 */
import type { NativeAddon } from './addon.js';
import type { NativeKernelFunc } from './shared.js';

/** The fused kernels, by kernel name. */
export function fusedKernels(addon: NativeAddon): Record<string, NativeKernelFunc> {
  void addon;
  return {};
}
