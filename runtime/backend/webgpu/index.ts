/**
 * The `webgpu` TensorFlow.js backend in Node: Dawn set up as navigator.gpu (dawn.ts), then
 * tfjs-backend-webgpu's WebGPUBackend on a device WE create, so that it has what our kernels
 * need (the adapter's full storage-buffer and workgroup limits, timestamp queries for
 * `bench --profile`, shader-f16 and subgroups where the adapter has them), and our WGSL
 * kernels registered over tfjs's where they are faster.
 *
 * Reads: a tensor on the GPU can only be read asynchronously in Node (`await t.data()`);
 * tfjs's synchronous read needs a browser's OffscreenCanvas. `readSync` of GPU data is a clear
 * error naming the async call instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupDawn, adapterLine, type AdapterInfo } from './dawn.js';
import { noteDeviceError } from '../device-errors.js';
import { registerWebgpuFusedKernels } from './fused.js';
import { registerWebgpuConvKernels } from './conv.js';
import { counters } from './stats.js';

export { webgpuCounters, resetWebgpuCounters, noteDispatches, type WebgpuCounters } from './stats.js';

/** The backend's name for tf.setBackend. */
export const WEBGPU_BACKEND = 'webgpu';

/** Features our device asks for when the adapter has them. */
const WANTED_FEATURES = ['timestamp-query', 'shader-f16', 'subgroups', 'bgra8unorm-storage'] as const;

/** Limits our device raises to the adapter's maximum. */
const RAISED_LIMITS = [
  'maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize',
  'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupSizeZ',
  'maxComputeInvocationsPerWorkgroup', 'maxStorageBuffersPerShaderStage',
] as const;

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  info?: unknown;
  requestDevice(desc: Record<string, unknown>): Promise<GpuDeviceLike>;
}
interface GpuDeviceLike {
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  lost?: Promise<{ message?: string; reason?: string }>;
  addEventListener?(type: 'uncapturederror', fn: (ev: { error?: { message?: string } }) => void): void;
}

let registered = false;
let device: GpuDeviceLike | null = null;

/** The device our backend runs on (after activation). */
export function webgpuDevice(): GpuDeviceLike | null {
  return device;
}

/** Whether the active webgpu device has a feature (e.g. 'shader-f16'). */
export function webgpuHasFeature(name: string): boolean {
  return device?.features.has(name) ?? false;
}

type BackendCtor = new (device: unknown, adapterInfo: unknown) => tf.KernelBackend;

/** Registers our webgpu backend factory (once). Call after setupDawn succeeded. */
async function registerWebgpuBackend(): Promise<boolean> {
  if (registered) return true;
  let mod: { WebGPUBackend?: BackendCtor };
  try {
    const name = '@tensorflow/tfjs-backend-webgpu';
    mod = (await import(name)) as { WebGPUBackend?: BackendCtor };
  } catch {
    return false;
  }
  const Ctor = mod.WebGPUBackend;
  if (!Ctor) return false;
  // The package registered its own factory on import; ours creates the device itself.
  if (tf.findBackendFactory(WEBGPU_BACKEND)) tf.removeBackend(WEBGPU_BACKEND);
  tf.registerBackend(WEBGPU_BACKEND, async () => {
    const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(o?: unknown): Promise<GpuAdapterLike | null> } } }).navigator.gpu;
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }) ?? await gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter');
    const requiredFeatures = WANTED_FEATURES.filter((f) => adapter.features.has(f));
    const requiredLimits: Record<string, number> = {};
    for (const k of RAISED_LIMITS) if (typeof adapter.limits[k] === 'number') requiredLimits[k] = adapter.limits[k]!;
    const dev = await adapter.requestDevice({ requiredFeatures, requiredLimits });
    device = dev;
    // Validation and out-of-memory errors arrive here, not as exceptions: recorded, and
    // checked at every read of results (checkDeviceErrors).
    dev.addEventListener?.('uncapturederror', (ev) => noteDeviceError(ev.error?.message ?? 'unknown WebGPU error'));
    void dev.lost?.then((info) => { if (info.reason !== 'destroyed') noteDeviceError(`device lost: ${info.message ?? ''}`); });
    const backend = new Ctor(dev, adapter.info);
    patchReads(backend);
    instrument(backend);
    registerWebgpuConvKernels();
    return backend;
  }, 3);
  registerWebgpuFusedKernels();
  registered = true;
  return true;
}

/** Counts dispatches and bytes moved by wrapping the backend's own entry points. */
function instrument(backend: tf.KernelBackend): void {
  type Data = { resource?: unknown; values?: unknown; dtype: string; shape: number[] };
  const b = backend as unknown as {
    recordAndSubmit(...a: unknown[]): unknown;
    uploadToGPU(id: object): void;
    getBufferData(buf: { size: number }): Promise<ArrayBuffer>;
    makeUniforms(u: unknown): { size: number };
    tensorMap: { get(id: object): Data | undefined };
  };
  const record = b.recordAndSubmit.bind(backend);
  b.recordAndSubmit = (...a: unknown[]) => { counters.dispatches++; return record(...a); };
  const upload = b.uploadToGPU.bind(backend);
  b.uploadToGPU = (id: object) => {
    const d = b.tensorMap.get(id);
    if (d && d.resource == null && d.values != null) counters.bytesUp += 4 * d.shape.reduce((x, y) => x * y, 1);
    upload(id);
  };
  const down = b.getBufferData.bind(backend);
  b.getBufferData = (buf: { size: number }) => { counters.bytesDown += buf.size; return down(buf); };
  const uni = b.makeUniforms.bind(backend);
  b.makeUniforms = (u: unknown) => { const r = uni(u); counters.uniformBytes += r.size; return r; };
}

/** readSync of data that lives on the GPU: a clear error instead of OffscreenCanvas's. */
function patchReads(backend: tf.KernelBackend): void {
  const b = backend as unknown as { readSync(id: object): unknown; tensorMap: { get(id: object): { values?: unknown; dtype: string } | undefined } };
  const orig = b.readSync.bind(backend);
  b.readSync = (dataId: object) => {
    const d = b.tensorMap.get(dataId);
    if (d && (d.values != null || d.dtype === 'string')) return orig(dataId);
    throw new Error('synchronous read of a GPU tensor (dataSync/arraySync) on the webgpu backend: use await t.data()');
  };
}

/**
 * Loads the webgpu backend. `forced`: the user asked for webgpu, so a software adapter is
 * taken too. Returns the adapter, or why not (for one clear line).
 */
export async function loadWebgpuBackend(forced: boolean): Promise<{ info: AdapterInfo } | { reason: string }> {
  const r = await setupDawn({ allowSoftware: forced });
  if ('reason' in r) return r;
  if (!(await registerWebgpuBackend())) return { reason: "the '@tensorflow/tfjs-backend-webgpu' package could not be loaded" };
  try {
    if (!(await tf.setBackend(WEBGPU_BACKEND)) || tf.getBackend() !== WEBGPU_BACKEND) return { reason: `the webgpu backend did not start on ${adapterLine(r.info)}` };
  } catch (e) {
    return { reason: `the webgpu backend did not start: ${(e as Error).message}` };
  }
  return r;
}

export { adapterLine, currentAdapter, mayHaveHardwareGpu, type AdapterInfo } from './dawn.js';
