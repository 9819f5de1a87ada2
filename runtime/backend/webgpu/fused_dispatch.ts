/**
 * Our own compute dispatch on tfjs-backend-webgpu's device and command stream, for kernels with
 * several outputs (runWebGPUProgram binds exactly one) and many tensors per dispatch (SGD/EMA).
 * It records into the backend's own command encoder and compute pass, so our dispatches and
 * tfjs's stay in order; bound tensors are marked as owned by the pending command buffer (tfjs
 * then defers their release until it is submitted), uniforms are released with tfjs's, and under
 * `tf.profile`/`bench --profile` each dispatch gets its timestamp query as tfjs's do.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { noteDispatches } from './stats.js';

/* Minimal shapes of the WebGPU objects we touch (the project compiles without DOM/WebGPU types). */
interface GpuBuffer { size: number }
interface GpuPipeline { getBindGroupLayout(i: number): unknown }
interface GpuPass {
  setPipeline(p: GpuPipeline): void;
  setBindGroup(i: number, g: unknown): void;
  dispatchWorkgroups(x: number, y: number, z: number): void;
  end(): void;
}
interface GpuDevice {
  limits: Record<string, number>;
  createShaderModule(d: { code: string; label?: string }): unknown;
  createComputePipeline(d: { layout: 'auto'; compute: { module: unknown; entryPoint: string }; label?: string }): GpuPipeline;
  createBindGroup(d: { layout: unknown; entries: { binding: number; resource: { buffer: GpuBuffer } }[] }): unknown;
  createQuerySet(d: { type: string; count: number }): unknown;
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend that we use (all public fields in 4.22). */
export interface WebgpuBackendLike {
  device: GpuDevice;
  queue: { writeBuffer(b: GpuBuffer, off: number, data: ArrayBuffer, dataOff: number, size: number): void };
  tensorMap: { get(id: object): { resource?: unknown; shape: number[]; dtype: string } | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GpuBuffer };
  uniformPendingDisposal: GpuBuffer[];
  commandQueueOwnedIds: WeakSet<object>;
  commandEncoder: { beginComputePass(d: Record<string, unknown>): GpuPass } | null;
  computePassEncoder: GpuPass | null;
  dispatchCountInPass: number;
  activeTimers: { name: string; query: Promise<number> }[] | null;
  supportTimestampQuery: boolean;
  querySet: unknown;
  querySetCount: number;
  uploadToGPU(id: object): void;
  makeTensorInfo(shape: number[], dtype: string): TensorInfo;
  disposeData(id: object): boolean;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  getQueryTime(): Promise<number>;
}

const WORKGROUP = 256;
const pipelines = new WeakMap<GpuDevice, Map<string, GpuPipeline>>();

/** The compiled pipeline of `code` (entry point `main`), cached per device by `key`. */
function pipelineFor(device: GpuDevice, key: string, code: () => string): GpuPipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, cache = new Map());
  let p = cache.get(key);
  if (!p) {
    const module = device.createShaderModule({ code: code(), label: key });
    p = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
    cache.set(key, p);
  }
  return p;
}

/** One dispatch: its shader, the tensors bound at 0.. in order, the uniform block bound last. */
export interface Dispatch {
  /** Cache key: everything the generated code depends on. */
  key: string;
  code: () => string;
  /** Bound in this order at bindings 0..n-1 (the shader declares outputs read_write). */
  tensors: TensorInfo[];
  /** The uniform struct's bytes (a multiple of 16), bound at binding n. */
  uniforms: ArrayBuffer;
  /** Workgroups in x, y, z. */
  grid: [number, number, number];
}

/** Records `d` into the backend's command stream (submitted in tfjs's batches). */
export function dispatch(backend: WebgpuBackendLike, d: Dispatch): void {
  const dev = backend.device;
  const pipeline = pipelineFor(dev, d.key, d.code);
  for (const t of d.tensors) backend.uploadToGPU(t.dataId);
  const usage = (globalThis as unknown as { GPUBufferUsage: { UNIFORM: number; COPY_DST: number } }).GPUBufferUsage;
  const ub = backend.bufferManager.acquireBuffer(d.uniforms.byteLength, usage.UNIFORM | usage.COPY_DST);
  backend.queue.writeBuffer(ub, 0, d.uniforms, 0, d.uniforms.byteLength);
  backend.uniformPendingDisposal.push(ub);
  const entries = d.tensors.map((t, i) => {
    backend.commandQueueOwnedIds.add(t.dataId);
    return { binding: i, resource: { buffer: backend.tensorMap.get(t.dataId)!.resource as GpuBuffer } };
  });
  entries.push({ binding: d.tensors.length, resource: { buffer: ub } });
  const bindGroup = dev.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const timed = backend.activeTimers != null;
  backend.ensureCommandEncoderReady();
  if (timed && backend.supportTimestampQuery) {
    backend.endComputePassEncoder();
    if (backend.querySet == null) backend.querySet = dev.createQuerySet({ type: 'timestamp', count: backend.querySetCount });
    backend.computePassEncoder = backend.commandEncoder!.beginComputePass({
      timestampWrites: { querySet: backend.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    });
  } else if (!backend.computePassEncoder) {
    backend.computePassEncoder = backend.commandEncoder!.beginComputePass({});
  }
  const pass = backend.computePassEncoder!;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
  noteDispatches(1);
  backend.dispatchCountInPass++;
  const batch = Number(tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'));
  if (timed || backend.dispatchCountInPass >= batch) {
    backend.endComputePassEncoder();
    if (timed) backend.activeTimers!.push({ name: d.key.split(':')[0]!, query: backend.getQueryTime() });
    else backend.submitQueue();
  }
}

/** Workgroups (of 256 threads) covering `groups` in a 2-D grid within the device's per-dimension
 * limit; the shader's linear workgroup id is `wid.y * nwg.x + wid.x` and must check `< groups`. */
export function grid1d(backend: WebgpuBackendLike, groups: number): [number, number, number] {
  const max = backend.device.limits.maxComputeWorkgroupsPerDimension ?? 65535;
  if (groups <= max) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / max);
  return [Math.ceil(groups / y), y, 1];
}

/** Workgroups of 256 threads for n items. */
export function groupsFor(n: number): number {
  return Math.ceil(n / WORKGROUP);
}

/** A uniform block of 4-byte fields: u32 for integers, f32 where `floats` names the index;
 * padded to 16 bytes. `extra` appends raw u32 words (e.g. an array<vec4<u32>, K>). */
export function uniformBlock(fields: { u?: number[]; f?: number[] }, extra: number[] = []): ArrayBuffer {
  const u = fields.u ?? [], f = fields.f ?? [];
  const head = Math.ceil((u.length + f.length) / 4) * 4;
  const words = head + extra.length;
  const buf = new ArrayBuffer(Math.max(16, Math.ceil(words / 4) * 16));
  const uv = new Uint32Array(buf), fv = new Float32Array(buf);
  u.forEach((v, i) => { uv[i] = v >>> 0; });
  f.forEach((v, i) => { fv[u.length + i] = v; });
  extra.forEach((v, i) => { uv[head + i] = v >>> 0; });
  return buf;
}

/** A fresh float32 (or int32) tensor on `backend` with GPU storage, for an output or a temporary. */
export function newTensor(backend: WebgpuBackendLike, shape: number[], dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
  const t = backend.makeTensorInfo(shape, dtype);
  backend.uploadToGPU(t.dataId);
  return t;
}

/** The WGSL prologue that computes the linear workgroup id `wg` and global thread index `gi`. */
export const LINEAR_IDS = `@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>`;
export const LINEAR_BODY = `let wg = wid.y * nwg.x + wid.x; let gi = wg * ${WORKGROUP}u + li;`;
