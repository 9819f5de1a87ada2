/**
 * Conv2D and FusedConv2D forward for the webgpu backend as an implicit GEMM (conv_gemm.ts):
 * y[m = (b, oh, ow), n = co] = sum over k = (kh, kw, ci) of x[b, oh*sh + kh - pt, ow*sw + kw - pl, ci]
 * * W[k, co], then bias and the activation in the epilogue (linear, relu, relu6, sigmoid,
 * leakyrelu, and 'silu' = v * sigmoid(v), which tfjs's kernels lack: see declareSiluConvEpilogue).
 * Tiles by chooseTile (64 x 64 with 4 x 4 per thread for the usual M = pixels, N = co >= 64;
 * 32-wide when that leaves under TILE_RULE.minGroups workgroups);
 * x is read 4 channels at a time when ci % 4 == 0, W 4 output channels at a time when
 * co % 4 == 0; a 1x1 stride-1 unpadded conv is a plain GEMM (no window arithmetic). No split-K:
 * K = kh*kw*ci is short and M = B*OH*OW long for every layer of our models.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvProgram, intFields, intUniforms, type KernelArgs, type PadAttr } from './conv_program.js';
import { chooseTile, gemmShader, tileGrid } from './conv_gemm.js';

/** The epilogues ours applies, by tfjs's activation names (plus 'silu'). */
const EPILOGUES: Record<string, string> = {
  linear: 'v', relu: 'max(v, 0.0)', relu6: 'clamp(v, 0.0, 6.0)', sigmoid: '1.0 / (1.0 + exp(-v))',
  silu: 'v / (1.0 + exp(-v))', leakyrelu: 'select(uniforms.alpha * v, v, v >= 0.0)',
};

/** Whether ours takes these args (else tfjs's kernel runs). */
export function supportedConvForward({ inputs, attrs = {} }: KernelArgs): boolean {
  const dil = attrs.dilations as number | number[] | undefined;
  const dilOk = dil == null || (Array.isArray(dil) ? dil.every((d) => d === 1) : dil === 1);
  const df = attrs.dataFormat as string | undefined;
  const act = (attrs.activation as string | undefined) ?? 'linear';
  const co = inputs.filter?.shape[3];
  const bias = inputs.bias?.shape;
  return dilOk && (df == null || df === 'NHWC') && act in EPILOGUES && inputs.preluActivationWeights == null &&
    (bias == null || bias.reduce((a, b) => a * b, 1) === co);
}

/** Conv2D / FusedConv2D: inputs x, filter (bias); attrs strides, pad, dimRoundingMode, activation, leakyreluAlpha. */
export function convForward({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, filter, bias } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const c = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides as [number, number], 1, attrs.pad as PadAttr, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
  const act = (attrs.activation as string | undefined) ?? 'linear';
  const M = c.batchSize * c.outHeight * c.outWidth;
  const N = c.outChannels;
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const pointwise = c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1 &&
    c.padInfo.top === 0 && c.padInfo.left === 0 && c.outHeight === c.inHeight && c.outWidth === c.inWidth;
  const tile = chooseTile(M, N, true);
  const [gx, gy] = tileGrid(Math.ceil(M / tile.tm) * Math.ceil(N / tile.tn));
  const av = c.inChannels % 4 ? 1 : 4, bv = N % 4 ? 1 : 4;
  const ty = (v: number) => (v > 1 ? 'vec4<f32>' : 'f32');
  const at = (v: number, i: string) => (v > 1 ? `(${i}) / 4` : i);
  const u: Record<string, number> = { IH: c.inHeight, IW: c.inWidth, CI: c.inChannels, OH: c.outHeight, OW: c.outWidth,
    PT: c.padInfo.top, PL: c.padInfo.left, KW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth, M, N, K };
  const loadA = pointwise
    ? `fn prepA(m : i32) -> vec4<i32> { return vec4<i32>(m, 0, 0, 0); }
fn loadA${av > 1 ? '4' : ''}(a : vec4<i32>, k : i32) -> ${ty(av)} { return x[${at(av, 'a.x * uniforms.CI + k')}]; }`
    : `fn prepA(m : i32) -> vec4<i32> {
  let ow = m % uniforms.OW; let t = m / uniforms.OW;
  return vec4<i32>(t / uniforms.OH, (t % uniforms.OH) * uniforms.SH - uniforms.PT, ow * uniforms.SW - uniforms.PL, 0);
}
fn loadA${av > 1 ? '4' : ''}(a : vec4<i32>, k : i32) -> ${ty(av)} {
  let ci = k % uniforms.CI; let t = k / uniforms.CI;
  let ih = a.y + t / uniforms.KW; let iw = a.z + t % uniforms.KW;
  if (ih < 0 || ih >= uniforms.IH || iw < 0 || iw >= uniforms.IW) { return ${ty(av)}(0.0); }
  return x[${at(av, '((a.x * uniforms.IH + ih) * uniforms.IW + iw) * uniforms.CI + ci')}];
}`;
  const functions = `
fn setup(z : i32) { gM = uniforms.M; gN = uniforms.N; kBegin = 0; kEnd = uniforms.K; }
${loadA}
fn prepB(n : i32) -> vec4<i32> { return vec4<i32>(n, 0, 0, 0); }
fn loadB${bv > 1 ? '4' : ''}(b : vec4<i32>, k : i32) -> ${ty(bv)} { return W[${at(bv, 'k * uniforms.N + b.x')}]; }
fn store(m : i32, n : i32, acc : f32) {
  let v = acc${bias ? ' + bias[n]' : ''};
  result[m * uniforms.N + n] = ${EPILOGUES[act]};
}`;
  const code = gemmShader({ tile, aAlongK: true, bAlongK: false, aVec: av, bVec: bv, functions });
  const key = `yc_conv_fwd_${tile.tm}_${tile.tn}_${av}${bv}_${pointwise ? 'pw' : 'win'}_${bias ? 'b' : ''}${act}`;
  const names = bias ? ['x', 'W', 'bias'] : ['x', 'W'];
  let fields = intFields(Object.keys(u));
  const data = intUniforms(Object.values(u));
  if (act === 'leakyrelu') {
    fields += ' alpha : f32,';
    data.push({ type: 'float32', data: [(attrs.leakyreluAlpha as number | undefined) ?? 0.2] });
  }
  const program = new ConvProgram(key, c.outShape, names, fields, [tile.wx, tile.wy, 1], [gx, gy, 1], code, bias ? [av, bv, 1] : [av, bv]);
  return backend.runWebGPUProgram(program, bias ? [x, filter, bias] : [x, filter], 'float32', data);
}
