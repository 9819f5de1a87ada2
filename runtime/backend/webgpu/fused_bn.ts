/**
 * WGSL training BatchNorm + activation (YolocBatchNormTrain) and its gradient
 * (YolocBatchNormTrainGrad), NHWC as [rows = N*H*W, C]. Semantics of native/src/fused.cc:
 * batch mean and biased variance, y = act((x - mean) * gamma / sqrt(var + eps) + beta);
 * dx = k (g - mean(g) - z mean(g z)), dgamma = sum(g z), dbeta = sum(g), with g = dy act'(pre)
 * recomputed from x and the statistics, z = (x - mean) / sqrt(var + eps), k = gamma / sqrt(var + eps).
 *
 * Each is three dispatches: (1) per-block partials, a workgroup of CL channel lanes x RL row lanes
 * over a block of rows, each lane folding K rows (forward: Welford's count/mean/M2; backward:
 * sums of g and g z), the RL lanes merged by a fixed tree in workgroup memory; (2) a fold of the
 * blocks per channel (lanes over blocks, strided, then a fixed tree) that writes the statistics
 * and the per-channel coefficients; (3) element-wise output (vec4 when C % 4 == 0). Block geometry
 * depends only on (rows, C) and no atomics are used: results are deterministic.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { actWgsl } from './fused_elementwise.js';
import { elementwise } from './fused_elementwise.js';
import { dispatch, grid1d, newTensor, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

interface Geometry { cl: number; rl: number; k: number; blocks: number; tiles: number }

/** Channel lanes (a power of two <= 64 covering small C), row lanes, rows per lane, blocks. */
function geometry(rows: number, c: number): Geometry {
  let cl = 1;
  while (cl < c && cl < 64) cl *= 2;
  const rl = 256 / cl;
  const k = Math.max(16, Math.ceil(rows / (rl * 4096)));
  return { cl, rl, k, blocks: Math.max(1, Math.ceil(rows / (rl * k))), tiles: Math.ceil(c / cl) };
}

/** The fold pass: BL lanes over the blocks (a power of two <= 256) x CS channels per workgroup
 * (256 threads where C allows; few lanes when there are few blocks: workgroup barriers are not
 * free, on SwiftShader least of all). */
function foldGeometry(blocks: number): Geometry {
  let bl = 1;
  while (bl < blocks && bl < 256) bl *= 2;
  return { cl: Math.min(64, 256 / bl), rl: bl, k: 0, blocks, tiles: 0 };
}

/** Chan et al.'s merge of two (count, mean, M2) summaries. */
const WELFORD_MERGE = `fn merge(a: vec3<f32>, b: vec3<f32>) -> vec3<f32> {
  if (b.x == 0.0) { return a; }
  if (a.x == 0.0) { return b; }
  let n = a.x + b.x;
  let d = b.y - a.y;
  let f = b.x / n;
  return vec3<f32>(n, a.y + d * f, a.z + b.z + d * d * a.x * f);
}`;

/** The lane-tree merge of workgroup array `sh` over RL row lanes (index ly * CL + lx). */
function laneTree(g: Geometry, combine: (a: string, b: string) => string): string {
  if (g.rl === 1) return '';
  return `for (var h = ${g.rl / 2}u; h > 0u; h = h >> 1u) {
    if (lid.y < h) { sh[lid.y * ${g.cl}u + lid.x] = ${combine(`sh[lid.y * ${g.cl}u + lid.x]`, `sh[(lid.y + h) * ${g.cl}u + lid.x]`)}; }
    workgroupBarrier();
  }`;
}

/** The fold pass's entry: channel `ch` of this thread (lanes over blocks in y). */
const foldHead = (f: Geometry): string => `fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let ch = (wid.y * nwg.x + wid.x) * ${f.cl}u + lid.x;`;

const INVSTD = 'fn invstd(v: f32) -> f32 { return 1.0 / sqrt(v + u.eps); }';

/** [y, mean, variance] of the training BatchNorm + activation `act`. */
export function bnTrainKernel(backend: WebgpuBackendLike, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, eps: number, act: number): TensorInfo[] {
  const c = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / c;
  if (rows === 0 || c === 0) throw new Error('webgpu YolocBatchNormTrain: empty input');
  const g = geometry(rows, c);
  const part = newTensor(backend, [g.blocks * c * 4]);
  dispatch(backend, {
    key: `YolocBatchNormTrain.partials:${g.cl}x${g.rl}`,
    tensors: [part, x],
    uniforms: uniformBlock({ u: [rows, c, g.k] }),
    grid: [g.tiles, g.blocks, 1],
    code: () => `struct U { rows: u32, c: u32, k: u32 };
@group(0) @binding(0) var<storage, read_write> part: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<uniform> u: U;
var<workgroup> sh: array<vec3<f32>, 256>;
${WELFORD_MERGE}
@compute @workgroup_size(${g.cl}, ${g.rl})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let ch = wid.x * ${g.cl}u + lid.x;
  let r0 = wid.y * ${g.rl}u * u.k + lid.y;
  var s = vec3<f32>(0.0);
  if (ch < u.c) {
    for (var j = 0u; j < u.k; j++) {
      let r = r0 + j * ${g.rl}u;
      if (r >= u.rows) { break; }
      let v = x[r * u.c + ch];
      s.x = s.x + 1.0;
      let d = v - s.y;
      s.y = s.y + d / s.x;
      s.z = s.z + d * (v - s.y);
    }
  }
  sh[lid.y * ${g.cl}u + lid.x] = s;
  workgroupBarrier();
  ${laneTree(g, (a, b) => `merge(${a}, ${b})`)}
  if (lid.y == 0u && ch < u.c) { part[wid.y * u.c + ch] = vec4<f32>(sh[lid.x], 0.0); }
}`,
  });
  const mean = newTensor(backend, [c]), variance = newTensor(backend, [c]), scale = newTensor(backend, [c]);
  const f = foldGeometry(g.blocks);
  dispatch(backend, {
    key: `YolocBatchNormTrain.stats:${f.cl}x${f.rl}`,
    tensors: [mean, variance, scale, part, gamma],
    uniforms: uniformBlock({ u: [c, g.blocks], f: [eps] }),
    grid: grid1d(backend, Math.ceil(c / f.cl)),
    code: () => `struct U { c: u32, blocks: u32, eps: f32 };
@group(0) @binding(0) var<storage, read_write> mean: array<f32>;
@group(0) @binding(1) var<storage, read_write> variance: array<f32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;
@group(0) @binding(3) var<storage, read> part: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<uniform> u: U;
var<workgroup> sh: array<vec3<f32>, 256>;
${WELFORD_MERGE}
${INVSTD}
@compute @workgroup_size(${f.cl}, ${f.rl})
${foldHead(f)}
  var s = vec3<f32>(0.0);
  if (ch < u.c) { for (var b = lid.y; b < u.blocks; b += ${f.rl}u) { s = merge(s, part[b * u.c + ch].xyz); } }
  sh[lid.y * ${f.cl}u + lid.x] = s;
  workgroupBarrier();
  ${laneTree(f, (a, b) => `merge(${a}, ${b})`)}
  if (lid.y == 0u && ch < u.c) {
    let m = sh[lid.x];
    let v = m.z / m.x;
    mean[ch] = m.y;
    variance[ch] = v;
    scale[ch] = gamma[ch] * invstd(v);
  }
}`,
  });
  backend.disposeData(part.dataId);
  const vec4 = c % 4 === 0;
  const [y] = elementwise(backend, {
    name: `YolocBatchNormTrain.apply${act}`, shape: x.shape, ins: [x, mean, scale, beta], inNames: ['x', 'mean', 'scale', 'beta'], outNames: ['y'],
    ints: { c: vec4 ? c / 4 : c }, vec4,
    body: (T) => ({ decls: actWgsl(act, T), body: 'let ch = i % u.c; y[i] = act((x[i] - mean[ch]) * scale[ch] + beta[ch]);' }),
  });
  backend.disposeData(scale.dataId);
  return [y!, mean, variance];
}

/** [dx, dgamma, dbeta] of bnTrainKernel's y given dy. */
export function bnTrainGradKernel(backend: WebgpuBackendLike, dy: TensorInfo, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo,
  mean: TensorInfo, variance: TensorInfo, eps: number, act: number): TensorInfo[] {
  const c = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / c;
  if (rows === 0 || c === 0) throw new Error('webgpu YolocBatchNormTrainGrad: empty input');
  const g = geometry(rows, c);
  const part = newTensor(backend, [g.blocks * c * 2]);
  // g = dy act'(pre), pre = (x - mean) * scale + beta exactly as the forward's apply computes it.
  dispatch(backend, {
    key: `YolocBatchNormTrainGrad.partials${act}:${g.cl}x${g.rl}`,
    tensors: [part, dy, x, gamma, beta, mean, variance],
    uniforms: uniformBlock({ u: [rows, c, g.k], f: [eps] }),
    grid: [g.tiles, g.blocks, 1],
    code: () => `struct U { rows: u32, c: u32, k: u32, eps: f32 };
@group(0) @binding(0) var<storage, read_write> part: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read> mean: array<f32>;
@group(0) @binding(6) var<storage, read> variance: array<f32>;
@group(0) @binding(7) var<uniform> u: U;
var<workgroup> sh: array<vec2<f32>, 256>;
${actWgsl(act, 'f32')}
${INVSTD}
@compute @workgroup_size(${g.cl}, ${g.rl})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let ch = wid.x * ${g.cl}u + lid.x;
  let r0 = wid.y * ${g.rl}u * u.k + lid.y;
  var s = vec2<f32>(0.0);
  if (ch < u.c) {
    let m = mean[ch];
    let inv = invstd(variance[ch]);
    let sc = gamma[ch] * inv;
    let sh0 = beta[ch];
    for (var j = 0u; j < u.k; j++) {
      let r = r0 + j * ${g.rl}u;
      if (r >= u.rows) { break; }
      let at = r * u.c + ch;
      let xc = x[at] - m;
      let gr = actGrad(xc * sc + sh0, dy[at]);
      s = s + vec2<f32>(gr, gr * (xc * inv));
    }
  }
  sh[lid.y * ${g.cl}u + lid.x] = s;
  workgroupBarrier();
  ${laneTree(g, (a, b) => `${a} + ${b}`)}
  if (lid.y == 0u && ch < u.c) { part[wid.y * u.c + ch] = sh[lid.x]; }
}`,
  });
  const dgamma = newTensor(backend, gamma.shape), dbeta = newTensor(backend, beta.shape);
  const coef = newTensor(backend, [3 * c]);
  const f = foldGeometry(g.blocks);
  dispatch(backend, {
    key: `YolocBatchNormTrainGrad.sums:${f.cl}x${f.rl}`,
    tensors: [dgamma, dbeta, coef, part, gamma, variance],
    uniforms: uniformBlock({ u: [c, g.blocks, rows], f: [eps] }),
    grid: grid1d(backend, Math.ceil(c / f.cl)),
    code: () => `struct U { c: u32, blocks: u32, rows: u32, eps: f32 };
@group(0) @binding(0) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(1) var<storage, read_write> dbeta: array<f32>;
@group(0) @binding(2) var<storage, read_write> coef: array<f32>;
@group(0) @binding(3) var<storage, read> part: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<storage, read> variance: array<f32>;
@group(0) @binding(6) var<uniform> u: U;
var<workgroup> sh: array<vec2<f32>, 256>;
${INVSTD}
@compute @workgroup_size(${f.cl}, ${f.rl})
${foldHead(f)}
  var s = vec2<f32>(0.0);
  if (ch < u.c) { for (var b = lid.y; b < u.blocks; b += ${f.rl}u) { s = s + part[b * u.c + ch]; } }
  sh[lid.y * ${f.cl}u + lid.x] = s;
  workgroupBarrier();
  ${laneTree(f, (a, b) => `${a} + ${b}`)}
  if (lid.y == 0u && ch < u.c) {
    let t = sh[lid.x];
    dbeta[ch] = t.x;
    dgamma[ch] = t.y;
    let n = f32(u.rows);
    coef[ch] = gamma[ch] * invstd(variance[ch]);
    coef[u.c + ch] = t.x / n;
    coef[2u * u.c + ch] = t.y / n;
  }
}`,
  });
  backend.disposeData(part.dataId);
  const vec4 = c % 4 === 0;
  const c4 = vec4 ? c / 4 : c;
  const [dx] = elementwise(backend, {
    name: `YolocBatchNormTrainGrad.apply${act}`, shape: x.shape, ins: [dy, x, mean, variance, beta, coef],
    inNames: ['dy', 'x', 'mean', 'variance', 'beta', 'coef'], outNames: ['dx'],
    ints: { c: c4 }, floats: { eps }, vec4,
    body: (T) => ({
      decls: `${actWgsl(act, T)}\nfn invstd(v: ${T}) -> ${T} { return ${T}(1.0) / sqrt(v + ${T}(u.eps)); }`,
      body: `let ch = i % u.c;
  let sc = coef[ch];
  let xc = x[i] - mean[ch];
  let gr = actGrad(xc * sc + beta[ch], dy[i]);
  dx[i] = sc * (gr - coef[u.c + ch] - (xc * invstd(variance[ch])) * coef[2u * u.c + ch]);`,
    }),
  });
  backend.disposeData(coef.dataId);
  return [dx!, dgamma, dbeta];
}
