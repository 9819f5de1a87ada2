/**
 * WGSL YolocDfl / YolocDflGrad: YOLOv8's DFL integral over rows of R logits (one thread per row),
 * y = sum_j j * softmax(x)_j, and its gradient dx_j = dy * p_j * (j - y), as native/src/dfl.cc.
 * One dispatch each way instead of tfjs's softmax chain (max, sub, exp, sum, div, matmul).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, grid1d, groupsFor, LINEAR_BODY, LINEAR_IDS, newTensor, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

/** The row's exp(x - max) into e, and their sum, for rows of R (a WGSL constant). */
const rowExp = (R: number) => `
  var e: array<f32, ${R}>;
  let base = gi * ${R}u;
  var m = x[base];
  for (var j = 1u; j < ${R}u; j++) { m = max(m, x[base + j]); }
  var s = 0.0;
  for (var j = 0u; j < ${R}u; j++) { e[j] = exp(x[base + j] - m); s += e[j]; }`;

function run(backend: WebgpuBackendLike, name: string, outs: TensorInfo[], ins: [string, TensorInfo][], R: number, rows: number, body: string): void {
  const groups = groupsFor(rows);
  dispatch(backend, {
    key: `${name}:${R}`,
    tensors: [...outs, ...ins.map(([, t]) => t)],
    uniforms: uniformBlock({ u: [rows, groups] }),
    grid: grid1d(backend, groups),
    code: () => `struct U { n: u32, groups: u32 };
${outs.map((_, k) => `@group(0) @binding(${k}) var<storage, read_write> out${k}: array<f32>;`).join('\n')}
${ins.map(([n], k) => `@group(0) @binding(${outs.length + k}) var<storage, read> ${n}: array<f32>;`).join('\n')}
@group(0) @binding(${outs.length + ins.length}) var<uniform> u: U;
@compute @workgroup_size(256)
fn main(${LINEAR_IDS}) {
  ${LINEAR_BODY}
  if (wg >= u.groups || gi >= u.n) { return; }
  ${rowExp(R)}
  ${body}
}`,
  });
}

/** [..., 4R] -> [..., 4]: the expected distance of every row of R logits. */
export function dflKernel(backend: WebgpuBackendLike, x: TensorInfo, R: number): TensorInfo {
  const c = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / R;
  const y = newTensor(backend, [...x.shape.slice(0, -1), c / R]);
  if (rows > 0) run(backend, 'YolocDfl', [y], [['x', x]], R, rows, `var acc = 0.0;
  for (var j = 0u; j < ${R}u; j++) { acc += (e[j] / s) * f32(j); }
  out0[gi] = acc;`);
  return y;
}

/** dx = dy * p * (j - E), per row. */
export function dflGradKernel(backend: WebgpuBackendLike, x: TensorInfo, dy: TensorInfo, R: number): TensorInfo {
  const rows = x.shape.reduce((a, b) => a * b, 1) / R;
  const dx = newTensor(backend, [...x.shape]);
  if (rows > 0) run(backend, 'YolocDflGrad', [dx], [['x', x], ['dy', dy]], R, rows, `var ex = 0.0;
  for (var j = 0u; j < ${R}u; j++) { e[j] = e[j] / s; ex += e[j] * f32(j); }
  let g = dy[gi];
  for (var j = 0u; j < ${R}u; j++) { out0[base + j] = g * e[j] * (f32(j) - ex); }`);
  return dx;
}
