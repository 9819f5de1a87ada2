/**
 * Conv2DBackpropFilter and Conv2DBackpropInput for the webgpu backend as implicit GEMMs
 * (conv_gemm.ts), NHWC, HWIO filters, dilation 1.
 *
 * Filter gradient: dW[m = (kh, kw, ci), n = co] = sum over k = (b, oh, ow) of
 * x[b, oh*sh + kh - pt, ow*sw + kw - pl, ci] * dy[b, oh, ow, co]. K is huge and M x N small, so
 * K is split: enough slices that the grid has ~SPLITK_TARGET_GROUPS workgroups, each slice at
 * least SPLITK_MIN_K long; slices write partial sums [splits, M, N] that reduceSplits adds in
 * order (deterministic).
 *
 * Input gradient: dx[b, ih, iw, ci] = sum over (kh, kw, co) of dy[b, oh, ow, co] * W[kh, kw, ci, co]
 * with oh = (ih + pt - kh) / sh exact. Decomposed by stride phase: the pixels with
 * (ih + pt) % sh == rh (and likewise for w) receive only the taps kh == rh (mod sh), so each of the
 * sh*sw phases (grid z) is a dense GEMM with M = its pixels, K = its taps x co, and no thread
 * tests a tap that cannot contribute (stride 2: a quarter of the work of the direct loop).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvProgram, intFields, intUniforms, reduceSplits, type KernelArgs, type PadAttr } from './conv_program.js';
import { chooseTile, gemmShader, tileGrid, TK } from './conv_gemm.js';

/** Workgroups a split-K filter gradient aims for (a few per compute unit of a large GPU). */
export const SPLITK_TARGET_GROUPS = 512;
/** Shortest k slice worth a split (so partial sums stay a small part of the traffic). */
export const SPLITK_MIN_K = 512;
/** Largest partial-sum buffer of a split, in floats (64 MiB). */
const SPLITK_MAX_FLOATS = 16 * 1024 * 1024;

/** The number of k slices for an M x N x K filter gradient (1: no split). */
export function chooseSplits(m: number, n: number, k: number): number {
  if (k <= 0) return 1;
  const t = chooseTile(m, n);
  const tiles = Math.ceil(m / t.tm) * Math.ceil(n / t.tn);
  let splits = Math.min(Math.ceil(SPLITK_TARGET_GROUPS / tiles), Math.ceil(k / SPLITK_MIN_K),
    Math.floor(SPLITK_MAX_FLOATS / (m * n)), 65535);
  splits = Math.max(1, splits);
  const chunk = Math.ceil(Math.ceil(k / splits) / TK) * TK;
  return Math.ceil(k / chunk);
}

/** WGSL type of a load of `v` floats, and the element index of flat index `i` in such an array. */
const ty = (v: number) => (v > 1 ? 'vec4<f32>' : 'f32');
const at = (v: number, i: string) => (v > 1 ? `(${i}) / 4` : i);

function convInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], 1, attrs.pad as PadAttr,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
}

/** Whether our kernels take these attributes (else the caller falls back to tfjs's kernel). */
export function supportedConvAttrs(attrs: Record<string, unknown>): boolean {
  const df = attrs.dataFormat as string | undefined;
  const dil = attrs.dilations as number | number[] | undefined;
  const dilOk = dil == null || (Array.isArray(dil) ? dil.every((d) => d === 1) : dil === 1);
  return (df == null || df === 'NHWC' || df === 'channelsLast') && dilOk;
}

/** dW of a conv2d: inputs x, dy; attrs strides, pad, dimRoundingMode, filterShape. */
export function conv2dBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as number[];
  const c = convInfo(x.shape, filterShape, attrs);
  const M = c.filterHeight * c.filterWidth * c.inChannels;
  const N = c.outChannels;
  const K = c.batchSize * c.outHeight * c.outWidth;
  const splits = chooseSplits(M, N, K);
  const kChunk = Math.ceil(Math.ceil(K / splits) / TK) * TK;
  const tile = chooseTile(M, N);
  const [gx, gy] = tileGrid(Math.ceil(M / tile.tm) * Math.ceil(N / tile.tn));
  const u = { IH: c.inHeight, IW: c.inWidth, CI: c.inChannels, OH: c.outHeight, OW: c.outWidth, PT: c.padInfo.top, PL: c.padInfo.left,
    KW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth, M, N, K, kChunk };
  const [av, bv] = [c.inChannels % 4 ? 1 : 4, N % 4 ? 1 : 4] as const;
  const functions = `
fn setup(z : i32) {
  gM = uniforms.M; gN = uniforms.N;
  kBegin = z * uniforms.kChunk; kEnd = min(uniforms.K, kBegin + uniforms.kChunk);
}
fn prepA(m : i32) -> vec4<i32> {
  let ci = m % uniforms.CI; let t = m / uniforms.CI;
  return vec4<i32>(ci, t / uniforms.KW - uniforms.PT, t % uniforms.KW - uniforms.PL, 0);
}
fn loadA${av > 1 ? '4' : ''}(a : vec4<i32>, k : i32) -> ${ty(av)} {
  let ow = k % uniforms.OW; let t = k / uniforms.OW;
  let oh = t % uniforms.OH; let b = t / uniforms.OH;
  let ih = oh * uniforms.SH + a.y;
  let iw = ow * uniforms.SW + a.z;
  if (ih < 0 || ih >= uniforms.IH || iw < 0 || iw >= uniforms.IW) { return ${ty(av)}(0.0); }
  return x[${at(av, '((b * uniforms.IH + ih) * uniforms.IW + iw) * uniforms.CI + a.x')}];
}
fn prepB(n : i32) -> vec4<i32> { return vec4<i32>(n, 0, 0, 0); }
fn loadB${bv > 1 ? '4' : ''}(b : vec4<i32>, k : i32) -> ${ty(bv)} { return dy[${at(bv, 'k * uniforms.N + b.x')}]; }
fn store(m : i32, n : i32, v : f32) { result[(gZ * uniforms.M + m) * uniforms.N + n] = v; }`;
  const code = gemmShader({ tile, aAlongK: false, bAlongK: false, aVec: av, bVec: bv, functions });
  const key = `yc_conv_dw_${tile.tm}_${tile.tn}_${av}${bv}`;
  const outShape = splits > 1 ? [splits, M, N] : filterShape;
  const program = new ConvProgram(key, outShape, ['x', 'dy'], intFields(Object.keys(u)),
    [tile.wx, tile.wy, 1], [gx, gy, splits], code, [av, bv]);
  const out = backend.runWebGPUProgram(program, [x, dy], 'float32', intUniforms(Object.values(u)));
  if (splits === 1) return out;
  const reduced = reduceSplits(backend, out, filterShape);
  backend.disposeData(out.dataId);
  return reduced;
}

/** dx of a conv2d: inputs dy, filter; attrs inputShape, strides, pad, dimRoundingMode. */
export function conv2dBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = attrs.inputShape as number[];
  const c = convInfo(inputShape, filter.shape, attrs);
  const [SH, SW, KH, KW] = [c.strideHeight, c.strideWidth, c.filterHeight, c.filterWidth];
  // The largest phase: the most pixels (M) of any phase; N = ci.
  const maxM = c.batchSize * Math.ceil(c.inHeight / SH) * Math.ceil(c.inWidth / SW);
  const N = c.inChannels;
  const tile = chooseTile(maxM, N, true);
  const [gx, gy] = tileGrid(Math.ceil(maxM / tile.tm) * Math.ceil(N / tile.tn));
  const u = { B: c.batchSize, IH: c.inHeight, IW: c.inWidth, CI: c.inChannels, OH: c.outHeight, OW: c.outWidth, CO: c.outChannels,
    PT: c.padInfo.top, PL: c.padInfo.left, KH, KW, SH, SW };
  const v = c.outChannels % 4 ? 1 : 4;
  const functions = `
var<private> ih0 : i32; var<private> iw0 : i32; var<private> nH : i32; var<private> nW : i32;
var<private> rh : i32; var<private> rw : i32; var<private> nKW : i32;
fn phaseCount(size : i32, start : i32, step : i32) -> i32 {
  if (size <= start) { return 0; }
  return (size - start + step - 1) / step;
}
fn setup(z : i32) {
  rh = z / uniforms.SW; rw = z % uniforms.SW;
  ih0 = ((rh - uniforms.PT) % uniforms.SH + uniforms.SH) % uniforms.SH;
  iw0 = ((rw - uniforms.PL) % uniforms.SW + uniforms.SW) % uniforms.SW;
  nH = phaseCount(uniforms.IH, ih0, uniforms.SH); nW = phaseCount(uniforms.IW, iw0, uniforms.SW);
  let nKH = phaseCount(uniforms.KH, rh, uniforms.SH); nKW = phaseCount(uniforms.KW, rw, uniforms.SW);
  gM = uniforms.B * nH * nW; gN = uniforms.CI;
  kBegin = 0; kEnd = nKH * nKW * uniforms.CO;
}
fn pixel(m : i32) -> vec3<i32> {
  let tw = m % nW; let t = m / nW;
  return vec3<i32>(t / nH, ih0 + (t % nH) * uniforms.SH, iw0 + tw * uniforms.SW);
}
fn tap(k : i32) -> vec3<i32> {
  let co = k % uniforms.CO; let t = k / uniforms.CO;
  return vec3<i32>(rh + (t / nKW) * uniforms.SH, rw + (t % nKW) * uniforms.SW, co);
}
fn prepA(m : i32) -> vec4<i32> {
  let p = pixel(m);
  return vec4<i32>(p.x, p.y + uniforms.PT, p.z + uniforms.PL, 0);
}
fn loadA${v > 1 ? '4' : ''}(a : vec4<i32>, k : i32) -> ${ty(v)} {
  let q = tap(k);
  let oh = (a.y - q.x) / uniforms.SH;
  let ow = (a.z - q.y) / uniforms.SW;
  if (a.y < q.x || oh >= uniforms.OH || a.z < q.y || ow >= uniforms.OW) { return ${ty(v)}(0.0); }
  return dy[${at(v, '((a.x * uniforms.OH + oh) * uniforms.OW + ow) * uniforms.CO + q.z')}];
}
fn prepB(n : i32) -> vec4<i32> { return vec4<i32>(n, 0, 0, 0); }
fn loadB${v > 1 ? '4' : ''}(b : vec4<i32>, k : i32) -> ${ty(v)} {
  let q = tap(k);
  return W[${at(v, '((q.x * uniforms.KW + q.y) * uniforms.CI + b.x) * uniforms.CO + q.z')}];
}
fn store(m : i32, n : i32, v : f32) {
  let p = pixel(m);
  result[((p.x * uniforms.IH + p.y) * uniforms.IW + p.z) * uniforms.CI + n] = v;
}`;
  const code = gemmShader({ tile, aAlongK: true, bAlongK: true, aVec: v, bVec: v, functions });
  const key = `yc_conv_dx_${tile.tm}_${tile.tn}_${v}`;
  const program = new ConvProgram(key, inputShape, ['dy', 'W'], intFields(Object.keys(u)),
    [tile.wx, tile.wy, 1], [gx, gy, SH * SW], code, [v, v]);
  return backend.runWebGPUProgram(program, [dy, filter], 'float32', intUniforms(Object.values(u)));
}
