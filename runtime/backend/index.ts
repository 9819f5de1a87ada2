/**
 * selectBackend(): gradients registered, best backend chosen and activated, the kernels it
 * lacks for training filled in by ours, the choice printed once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from './select.js';
import { CANDIDATES } from './loaders.js';
import { registerMissingKernels } from './kernels/index.js';
import { registerGradients } from './gradients.js';

let announced = false;

/** Chooses and activates a backend (`name` forces one). Returns the active backend's name. */
export async function selectBackend(name?: string, opts: { quiet?: boolean } = {}): Promise<string> {
  await registerGradients();
  // PROD silences tfjs's console advice ("install tfjs-node") that would pollute CLI output.
  tf.env().set('PROD', true);
  const chosen = await pickBackend(CANDIDATES, name);
  await tf.ready();
  const added = registerMissingKernels(chosen);
  if (!announced && !opts.quiet) {
    announced = true;
    let extra = '';
    if (chosen === 'webgpu') {
      const { currentAdapter, adapterLine } = await import('./webgpu/index.js');
      const info = currentAdapter();
      if (info) extra = ` on ${adapterLine(info)}`;
    }
    if (chosen === 'native') {
      const { loadAddon } = await import('./native/addon.js');
      const info = loadAddon()?.info();
      if (info) extra = ` (${info.simd} kernels, ${info.threads} thread${info.threads === 1 ? '' : 's'})`;
    }
    process.stderr.write(`yoloc: backend ${chosen}${extra}${added.length ? ` (+ our kernels: ${added.join(', ')})` : ''}\n`);
  }
  return chosen;
}

export { BACKEND_ORDER, pickBackend, type BackendCandidate } from './select.js';
