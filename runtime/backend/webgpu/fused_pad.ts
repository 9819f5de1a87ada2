/**
 * WGSL PadV2 (constant padding) for ranks 5 to 8, which tfjs-webgpu 4.22 cannot compile (its
 * shader indexes the struct `vec5`: "cannot index type 'vec5'", and the step then runs on an
 * invalid pipeline). A training step needs it: the gradient of a slice of the YOLOv5 loss's
 * 5-D tensors is a pad. Lower ranks stay on tfjs's kernel.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, grid1d, groupsFor, LINEAR_BODY, LINEAR_IDS, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

/** The highest rank our pad takes (the uniform block holds 8 dimensions). */
export const PAD_MAX_RANK = 8;

/** x padded by `paddings` ([before, after] per dim) with `value`. float32 or int32. */
export function padKernel(backend: WebgpuBackendLike, x: TensorInfo, paddings: [number, number][], value: number): TensorInfo {
  const rank = x.shape.length;
  if (rank > PAD_MAX_RANK) throw new Error(`webgpu PadV2: rank ${rank} > ${PAD_MAX_RANK}`);
  if (paddings.some(([a, b]) => a < 0 || b < 0)) throw new Error('webgpu PadV2: negative padding');
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`webgpu PadV2: dtype ${x.dtype}`);
  const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const out = backend.makeTensorInfo(outShape, x.dtype);
  const total = outShape.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  backend.uploadToGPU(out.dataId);
  const fill = (v: number[]): number[] => [...v, ...new Array<number>(PAD_MAX_RANK - v.length).fill(0)];
  const T = x.dtype === 'float32' ? 'f32' : 'i32';
  const inSize = x.shape.reduce((a, b) => a * b, 1);
  const groups = groupsFor(total);
  // An empty input (a zero-size buffer cannot be bound): every element is `value`.
  const table = [...fill(outShape), ...fill([...x.shape]), ...fill(paddings.map((p) => p[0]))];
  const valueBits = new Uint32Array(new (x.dtype === 'float32' ? Float32Array : Int32Array)([value]).buffer)[0]!;
  dispatch(backend, {
    key: `PadV2:${T}:${rank}:${inSize === 0 ? 'empty' : 'x'}`,
    tensors: inSize === 0 ? [out] : [out, x],
    uniforms: uniformBlock({ u: [total, groups, valueBits] }, table),
    grid: grid1d(backend, groups),
    code: () => `struct U { total: u32, groups: u32, value: u32, t: array<vec4<u32>, 6> };
@group(0) @binding(0) var<storage, read_write> y: array<${T}>;
${inSize === 0 ? '' : `@group(0) @binding(1) var<storage, read> x: array<${T}>;`}
@group(0) @binding(${inSize === 0 ? 1 : 2}) var<uniform> u: U;
fn dim(k: u32, base: u32) -> u32 { return u.t[base + k / 4u][k % 4u]; }
@compute @workgroup_size(256)
fn main(${LINEAR_IDS}) {
  ${LINEAR_BODY}
  if (wg >= u.groups || gi >= u.total) { return; }
  var rest = gi;
  var src = 0u;
  var stride = 1u;
  var inside = true;
  for (var k = ${rank - 1}i; k >= 0; k--) {
    let kk = u32(k);
    let o = rest % dim(kk, 0u);
    rest = rest / dim(kk, 0u);
    let before = dim(kk, 4u);
    let extent = dim(kk, 2u);
    if (o < before || o - before >= extent) { inside = false; }
    src = src + (o - before) * stride;
    stride = stride * extent;
  }
  ${inSize === 0 ? `y[gi] = bitcast<${T}>(u.value);` : `if (inside) { y[gi] = x[src]; } else { y[gi] = bitcast<${T}>(u.value); }`}
}`,
  });
  return out;
}
