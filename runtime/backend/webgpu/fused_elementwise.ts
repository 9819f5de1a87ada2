/**
 * WGSL element-wise fused kernels: YolocActivation(+Grad) and YolocStar(+Grad) (relu6(a) * b),
 * four elements per thread (vec4) when the size is a multiple of 4. PyTorch's rules, as
 * native/src/fused_impl.h: ReLU'(0) = 0; ReLU6' = 0 at 0 and at 6; a zero derivative gives an
 * exact 0 gradient (a select, so an inf/NaN upstream gradient is not multiplied by 0).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { ACT_CODE } from '../../nn/fused_ops.js';
import { dispatch, grid1d, groupsFor, LINEAR_BODY, LINEAR_IDS, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

/** WGSL `act(v: T) -> T` and `actMask(v: T) -> B` / `actGrad(v: T, dy: T) -> T` for activation
 * code `act` on type T (f32 or vec4<f32>). */
export function actWgsl(act: number, T: string): string {
  const z = `${T}(0.0)`, six = `${T}(6.0)`, one = `${T}(1.0)`;
  const sigmoid = `fn sigm(v: ${T}) -> ${T} { return ${one} / (${one} + exp(-v)); }`;
  switch (act) {
    case ACT_CODE.relu:
      return `fn act(v: ${T}) -> ${T} { return select(${z}, v, v > ${z}); }
fn actGrad(v: ${T}, dy: ${T}) -> ${T} { return select(${z}, dy, v > ${z}); }`;
    case ACT_CODE.relu6:
      return `fn act(v: ${T}) -> ${T} { return select(select(v, ${six}, v > ${six}), ${z}, v < ${z}); }
fn actGrad(v: ${T}, dy: ${T}) -> ${T} { return select(${z}, dy, (v > ${z}) & (v < ${six})); }`;
    case ACT_CODE.silu:
      // d silu / dv = s (1 + v (1 - s)), s = sigmoid(v) (as native vmath::silu_grad).
      return `${sigmoid}
fn act(v: ${T}) -> ${T} { return v * sigm(v); }
fn actGrad(v: ${T}, dy: ${T}) -> ${T} { let s = sigm(v); return dy * (s * (${one} + v * (${one} - s))); }`;
    case ACT_CODE.linear:
      return `fn act(v: ${T}) -> ${T} { return v; }
fn actGrad(v: ${T}, dy: ${T}) -> ${T} { return dy; }`;
    default:
      throw new Error(`webgpu fused activation: unknown activation code ${act}`);
  }
}

/** Activation codes our kernels implement. */
export const KNOWN_ACTS: readonly number[] = Object.values(ACT_CODE);

type Body = (T: string) => { decls: string; body: string };

/** An element-wise dispatch over `shape` (see elementwise()). */
export interface ElementwiseSpec {
  name: string;
  shape: number[];
  ins: TensorInfo[];
  inNames: string[];
  outNames: string[];
  /** WGSL reading `i` (element or vec4 index) and writing every output. */
  body: Body;
  /** Extra u32 / f32 uniforms (`u.<name>`), in this order. */
  ints?: Record<string, number>;
  floats?: Record<string, number>;
  /** Four elements per thread (default: when the size is a multiple of 4). */
  vec4?: boolean;
}

/** One dispatch writing every output (new float32 tensors of `shape`). */
export function elementwise(backend: WebgpuBackendLike, s: ElementwiseSpec): TensorInfo[] {
  const nOut = s.outNames.length;
  const outs = Array.from({ length: nOut }, () => backend.makeTensorInfo(s.shape, 'float32'));
  const n = s.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return outs;
  for (const o of outs) backend.uploadToGPU(o.dataId);
  const w = (s.vec4 ?? n % 4 === 0) ? 4 : 1;
  const T = w === 4 ? 'vec4<f32>' : 'f32';
  const items = n / w;
  const groups = groupsFor(items);
  const { decls, body } = s.body(T);
  const ints = Object.entries(s.ints ?? {}), floats = Object.entries(s.floats ?? {});
  const fields = ['n: u32', 'groups: u32', ...ints.map(([k]) => `${k}: u32`), ...floats.map(([k]) => `${k}: f32`)];
  dispatch(backend, {
    key: `${s.name}:${T}`,
    tensors: [...outs, ...s.ins],
    uniforms: uniformBlock({ u: [items, groups, ...ints.map(([, v]) => v)], f: floats.map(([, v]) => v) }),
    grid: grid1d(backend, groups),
    code: () => `struct U { ${fields.join(', ')} };
${s.outNames.map((o, k) => `@group(0) @binding(${k}) var<storage, read_write> ${o}: array<${T}>;`).join('\n')}
${s.inNames.map((v, k) => `@group(0) @binding(${nOut + k}) var<storage, read> ${v}: array<${T}>;`).join('\n')}
@group(0) @binding(${nOut + s.ins.length}) var<uniform> u: U;
${decls}
@compute @workgroup_size(256)
fn main(${LINEAR_IDS}) {
  ${LINEAR_BODY}
  if (wg >= u.groups || gi >= u.n) { return; }
  let i = gi;
  ${body}
}`,
  });
  return outs;
}

/** act(x). */
export function activationKernel(backend: WebgpuBackendLike, x: TensorInfo, act: number): TensorInfo {
  return elementwise(backend, { name: `YolocActivation${act}`, shape: x.shape, ins: [x], inNames: ['x'], outNames: ['y'],
    body: (T) => ({ decls: actWgsl(act, T), body: 'y[i] = act(x[i]);' }) })[0]!;
}

/** dy * act'(x). */
export function activationGradKernel(backend: WebgpuBackendLike, x: TensorInfo, dy: TensorInfo, act: number): TensorInfo {
  return elementwise(backend, { name: `YolocActivationGrad${act}`, shape: x.shape, ins: [x, dy], inNames: ['x', 'dy'], outNames: ['dx'],
    body: (T) => ({ decls: actWgsl(act, T), body: 'dx[i] = actGrad(x[i], dy[i]);' }) })[0]!;
}

/** relu6(a) * b. */
export function starKernel(backend: WebgpuBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  return elementwise(backend, { name: 'YolocStar', shape: a.shape, ins: [a, b], inNames: ['a', 'b'], outNames: ['y'],
    body: (T) => ({ decls: actWgsl(ACT_CODE.relu6, T), body: 'y[i] = act(a[i]) * b[i];' }) })[0]!;
}

/** da = dy * b * relu6'(a), db = dy * relu6(a), in one dispatch. */
export function starGradKernel(backend: WebgpuBackendLike, a: TensorInfo, b: TensorInfo, dy: TensorInfo): TensorInfo[] {
  return elementwise(backend, { name: 'YolocStarGrad', shape: a.shape, ins: [a, b, dy], inNames: ['a', 'b', 'dy'], outNames: ['da', 'db'],
    body: (T) => ({ decls: actWgsl(ACT_CODE.relu6, T), body: 'let av = a[i]; let g = dy[i]; da[i] = actGrad(av, g * b[i]); db[i] = g * act(av);' }) });
}
