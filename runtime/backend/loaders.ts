/**
 * How each backend is loaded in Node. Optional packages are imported by a name held in a
 * variable, so their absence is a quiet `false`, not a type or start-up error.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendCandidate } from './select.js';

const require = createRequire(import.meta.url);

async function optionalImport(name: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function activate(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function loadTensorflow(): Promise<boolean> {
  const mod = (await optionalImport('@tensorflow/tfjs-node-gpu')) ?? (await optionalImport('@tensorflow/tfjs-node'));
  return mod !== null && activate('tensorflow');
}

async function loadWebgpu(forced: boolean): Promise<boolean | string> {
  const { loadWebgpuBackend, mayHaveHardwareGpu } = await import('./webgpu/index.js');
  if (!forced && !mayHaveHardwareGpu()) return false;
  const r = await loadWebgpuBackend(forced);
  return 'info' in r ? true : r.reason;
}

async function loadNative(): Promise<boolean> {
  const spec = './native/index.js';
  const mod = (await optionalImport(spec)) as { registerNative?: () => Promise<boolean> } | null;
  if (!mod?.registerNative || !(await mod.registerNative())) return false;
  return activate('native');
}

async function loadWasm(): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Local .wasm files: nothing is fetched at run time.
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(dist + path.sep);
  return activate('wasm');
}

async function loadCpu(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  return activate('cpu');
}

/** The real candidates, in BACKEND_ORDER. */
export const CANDIDATES: BackendCandidate[] = [
  { name: 'tensorflow', load: loadTensorflow },
  { name: 'webgpu', load: loadWebgpu },
  { name: 'native', load: loadNative },
  { name: 'wasm', load: loadWasm },
  { name: 'cpu', load: loadCpu },
];
