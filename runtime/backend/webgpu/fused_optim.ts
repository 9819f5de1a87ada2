/**
 * WGSL optimizer updates over a whole parameter group: YolocSgdUpdate (torch.optim.SGD: L2 weight
 * decay, momentum, Nesterov) and YolocEmaUpdate (avg * (1 - m) + src * m).
 *
 * Layout: each tensor keeps its own buffer and is bound directly (no packing copies: tfjs
 * tensors own whole buffers, so a flat buffer would cost a copy in per input and a copy out per
 * output, doubling the traffic). One dispatch takes as many tensors as the device's
 * maxStorageBuffersPerShaderStage allows (SGD with momentum binds 5 buffers per parameter, without
 * 3; EMA 3), capped at 32; its workgroups are laid end to end over the tensors, each tensor
 * starting on a workgroup boundary, so a workgroup serves one tensor (a uniform switch).
 *
 * Bitwise parity with the per-parameter tfjs ops (runtime/engine/sgd.ts, ema.ts), which round
 * every product and sum to float32: WGSL lets a compiler contract a * b + c into an fma, so each
 * product passes through `keep()`, a select on a uniform the compiler cannot see through, which
 * leaves no multiply feeding an add directly. Hyper-parameters are float32, as tfjs rounds a JS
 * number operand.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, grid1d, groupsFor, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

const MAX_PER_DISPATCH = 32;

/** Tensors per dispatch when each binds `buffersPer` storage buffers, on a device whose
 * maxStorageBuffersPerShaderStage is `limit` (our device, webgpuDevice(), has the adapter's). */
export function tensorsPerDispatch(buffersPer: number, limit: number): number {
  return Math.max(1, Math.min(MAX_PER_DISPATCH, Math.floor(limit / buffersPer)));
}

function storageLimit(backend: WebgpuBackendLike): number {
  return backend.device.limits.maxStorageBuffersPerShaderStage ?? 8;
}

/** Dispatches issued by the last sgd/ema call (for tests and `bench --profile`). */
export let lastOptimDispatches = 0;

interface Slot { outs: string[]; ins: string[] }

/** One multi-tensor dispatch: tensor j binds its outputs then inputs; `body(j)` updates element
 * `i` of tensor j. `kind` and `flags` key the shader. */
function multi(backend: WebgpuBackendLike, kind: string, flags: string, count: number, slot: Slot, floats: number[],
  sizes: number[], tensors: TensorInfo[], body: (j: number) => string): void {
  const starts: number[] = [];
  let total = 0;
  for (const n of sizes) { starts.push(total); total += groupsFor(n); }
  const table: number[] = [];
  for (let j = 0; j < count; j++) table.push(starts[j]!, sizes[j]!, 0, 0);
  const per = slot.outs.length + slot.ins.length;
  const decl = (j: number): string => [...slot.outs.map((o, k) => `@group(0) @binding(${j * per + k}) var<storage, read_write> ${o}${j}: array<f32>;`),
    ...slot.ins.map((v, k) => `@group(0) @binding(${j * per + slot.outs.length + k}) var<storage, read> ${v}${j}: array<f32>;`)].join('\n');
  const find = Array.from({ length: count - 1 }, (_, j) => `if (wg >= u.t[${j + 1}].x) { j = ${j + 1}u; }`).join(' ');
  const cases = Array.from({ length: count }, (_, j) => `case ${j}u: { ${body(j)} }`).join('\n    ');
  dispatch(backend, {
    key: `${kind}:${flags}:${count}`,
    tensors,
    uniforms: uniformBlock({ u: [total, 0], f: floats }, table),
    grid: grid1d(backend, total),
    code: () => `struct U { groups: u32, never: u32, ${floats.map((_, k) => `h${k}: f32`).join(', ')}, t: array<vec4<u32>, ${count}> };
${Array.from({ length: count }, (_, j) => decl(j)).join('\n')}
@group(0) @binding(${count * per}) var<uniform> u: U;
// Never true at run time; the compiler cannot know, so keep(p) is an opaque, rounded p.
fn keep(v: f32) -> f32 { return select(v, u.h0, u.never != 0u); }
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let wg = wid.y * nwg.x + wid.x;
  if (wg >= u.groups) { return; }
  var j = 0u;
  ${find}
  let i = (wg - u.t[j].x) * 256u + li;
  if (i >= u.t[j].y) { return; }
  switch j {
    ${cases}
    default: {}
  }
}`,
  });
}

/** Calls `run(start, end)` over [0, n) in chunks of `k`. */
function chunks(n: number, k: number, run: (a: number, b: number) => void): void {
  for (let a = 0; a < n; a += k) run(a, Math.min(n, a + k));
}

const size = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

/** SGD over parameters `ps` with gradients `gs` and momentum buffers `bs` (empty when momentum is
 * 0): the new parameters, then the new buffers. */
export function sgdKernel(backend: WebgpuBackendLike, ps: TensorInfo[], gs: TensorInfo[], bs: TensorInfo[],
  h: { lr: number; momentum: number; weightDecay: number; nesterov: boolean }): TensorInfo[] {
  const lr = Math.fround(h.lr), mom = Math.fround(h.momentum), wd = Math.fround(h.weightDecay);
  const withBuf = mom !== 0;
  const pOut = ps.map((p) => backend.makeTensorInfo(p.shape, 'float32'));
  const bOut = withBuf ? ps.map((p) => backend.makeTensorInfo(p.shape, 'float32')) : [];
  const live = ps.map((_, i) => i).filter((i) => size(ps[i]!) > 0);
  const slot: Slot = withBuf ? { outs: ['po', 'bo'], ins: ['p', 'g', 'b'] } : { outs: ['po'], ins: ['p', 'g'] };
  const k = tensorsPerDispatch(slot.outs.length + slot.ins.length, storageLimit(backend));
  const flags = `${wd !== 0 ? 'wd' : ''}${withBuf ? 'm' : ''}${withBuf && h.nesterov ? 'n' : ''}`;
  // h0 = lr, h1 = momentum, h2 = weight decay. Op order of sgd.ts's per-parameter ops.
  const body = (j: number): string => [
    `var d = g${j}[i];`,
    wd !== 0 ? `let pv = p${j}[i]; d = d + keep(pv * u.h2);` : `let pv = p${j}[i];`,
    withBuf ? `let next = keep(b${j}[i] * u.h1) + d; bo${j}[i] = next;` : '',
    withBuf ? (h.nesterov ? 'd = d + keep(next * u.h1);' : 'd = next;') : '',
    `po${j}[i] = pv - keep(d * u.h0);`,
  ].filter(Boolean).join(' ');
  lastOptimDispatches = 0;
  chunks(live.length, k, (a, b) => {
    const idx = live.slice(a, b);
    const tensors = idx.flatMap((i) => withBuf ? [pOut[i]!, bOut[i]!, ps[i]!, gs[i]!, bs[i]!] : [pOut[i]!, ps[i]!, gs[i]!]);
    for (const i of idx) { backend.uploadToGPU(pOut[i]!.dataId); if (withBuf) backend.uploadToGPU(bOut[i]!.dataId); }
    multi(backend, 'YolocSgdUpdate', flags, idx.length, slot, [lr, mom, wd], idx.map((i) => size(ps[i]!)), tensors, body);
    lastOptimDispatches++;
  });
  return [...pOut, ...bOut];
}

/** avg * keep + src * take per tensor, keep = fround(1 - m), take = fround(m). */
export function emaKernel(backend: WebgpuBackendLike, avgs: TensorInfo[], srcs: TensorInfo[], m: number): TensorInfo[] {
  const keepF = Math.fround(1 - m), take = Math.fround(m);
  const outs = avgs.map((a) => backend.makeTensorInfo(a.shape, 'float32'));
  const live = avgs.map((_, i) => i).filter((i) => size(avgs[i]!) > 0);
  const slot: Slot = { outs: ['o'], ins: ['a', 's'] };
  const k = tensorsPerDispatch(3, storageLimit(backend));
  lastOptimDispatches = 0;
  chunks(live.length, k, (a, b) => {
    const idx = live.slice(a, b);
    for (const i of idx) backend.uploadToGPU(outs[i]!.dataId);
    multi(backend, 'YolocEmaUpdate', '', idx.length, slot, [keepF, take], idx.map((i) => size(avgs[i]!)),
      idx.flatMap((i) => [outs[i]!, avgs[i]!, srcs[i]!]),
      (j) => `o${j}[i] = keep(a${j}[i] * u.h0) + keep(s${j}[i] * u.h1);`);
    lastOptimDispatches++;
  });
  return outs;
}
