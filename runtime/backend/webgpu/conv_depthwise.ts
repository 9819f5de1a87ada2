/**
 * Depthwise convolution backprops for the webgpu backend (NHWC, filter [kh, kw, c, 1],
 * depth multiplier 1, dilation 1; StarNet's 7x7 stride-1 dwconv is the case that matters).
 *
 * Filter gradient dW[kh, kw, c] = sum over (b, oh, ow) of x[b, oh*sh + kh - pt, ow*sw + kw - pl, c]
 * * dy[b, oh, ow, c]: a workgroup of CL channel lanes x PL pixel lanes (CL*PL = 256; CL the
 * power of two >= C up to 64, so a small C does not idle lanes and a large C reads 256-byte
 * rows) owns CL channels x one filter row kh; each thread walks its pixels (stride PL) and
 * keeps the KW sums of that row in registers; the PL lanes are then added by a fixed-order tree
 * in shared memory. Grid z splits the pixels (enough slices for ~512 workgroups, each at least
 * DW_MIN_PIXELS pixels); the slices' partial sums are added in order by reduceSplits.
 *
 * Input gradient dx[b, ih, iw, c] = sum of dy[b, (ih + pt - kh)/sh, (iw + pl - kw)/sw, c] * W[kh, kw, c]
 * over the taps with exact division: one thread per element (c fastest, so reads coalesce),
 * walking only the taps of its stride phase (kh == (ih + pt) mod sh), in integers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvProgram, foldGrid, intFields, intUniforms, MAX_GROUPS, reduceSplits, type KernelArgs, type PadAttr } from './conv_program.js';

/** Fewest pixels one slice of a split depthwise filter gradient reduces. */
export const DW_MIN_PIXELS = 4096;
const DW_TARGET_GROUPS = 512;

function dwInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], 1, attrs.pad as PadAttr,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, true, 'channelsLast');
}

/** Whether ours takes these args: multiplier 1, dilation 1, NHWC. */
export function supportedDepthwise({ inputs, attrs = {} }: KernelArgs): boolean {
  const fs = (attrs.filterShape as number[] | undefined) ?? inputs.filter?.shape;
  const dil = attrs.dilations as number | number[] | undefined;
  const dilOk = dil == null || (Array.isArray(dil) ? dil.every((d) => d === 1) : dil === 1);
  const df = attrs.dataFormat as string | undefined;
  return fs != null && fs[3] === 1 && dilOk && (df == null || df === 'NHWC');
}

/** Channel lanes of the filter-gradient workgroup for C channels. */
export function channelLanes(c: number): number {
  let cl = 4;
  while (cl < c && cl < 64) cl *= 2;
  return cl;
}

/** dW of a depthwise conv: inputs x, dy; attrs strides, pad, dimRoundingMode, filterShape. */
export function depthwiseBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as number[];
  const c = dwInfo(x.shape, filterShape, attrs);
  const [KH, KW, C] = [c.filterHeight, c.filterWidth, c.inChannels];
  const CL = channelLanes(C);
  const PL = 256 / CL;
  const P = c.batchSize * c.outHeight * c.outWidth;
  const groups = Math.ceil(C / CL) * KH;
  const splits = Math.max(1, Math.min(Math.ceil(DW_TARGET_GROUPS / groups), Math.ceil(P / DW_MIN_PIXELS), MAX_GROUPS));
  const chunk = Math.ceil(P / splits);
  const u = { IH: c.inHeight, IW: c.inWidth, C, OH: c.outHeight, OW: c.outWidth, PT: c.padInfo.top, PL: c.padInfo.left, P, chunk };
  const code = `
var<workgroup> red : array<f32, 256>;
fn main() {
  let lx = i32(localId.x);
  let ly = i32(localId.y);
  let ch = i32(workgroupId.x) * ${CL} + lx;
  let kh = i32(workgroupId.y);
  let z = i32(workgroupId.z);
  let cOk = ch < uniforms.C;
  var acc : array<f32, ${KW}>;
  let pEnd = min(uniforms.P, (z + 1) * uniforms.chunk);
  for (var p = z * uniforms.chunk + ly; p < pEnd && cOk; p += ${PL}) {
    let ow = p % uniforms.OW; let t = p / uniforms.OW;
    let oh = t % uniforms.OH; let b = t / uniforms.OH;
    let ih = oh * ${c.strideHeight} + kh - uniforms.PT;
    if (ih < 0 || ih >= uniforms.IH) { continue; }
    let d = dy[p * uniforms.C + ch];
    let row = (b * uniforms.IH + ih) * uniforms.IW;
    for (var kw = 0; kw < ${KW}; kw++) {
      let iw = ow * ${c.strideWidth} + kw - uniforms.PL;
      if (iw >= 0 && iw < uniforms.IW) { acc[kw] = fma(x[(row + iw) * uniforms.C + ch], d, acc[kw]); }
    }
  }
  for (var kw = 0; kw < ${KW}; kw++) {
    red[ly * ${CL} + lx] = acc[kw];
    workgroupBarrier();
    for (var s = ${PL / 2}; s > 0; s = s / 2) {
      if (ly < s) { red[ly * ${CL} + lx] += red[(ly + s) * ${CL} + lx]; }
      workgroupBarrier();
    }
    if (ly == 0 && cOk) { result[((z * ${KH} + kh) * ${KW} + kw) * uniforms.C + ch] = red[lx]; }
    workgroupBarrier();
  }
}`;
  const key = `yc_dw_dfilter_${KH}_${KW}_${c.strideHeight}_${c.strideWidth}_${CL}`;
  const outShape = splits > 1 ? [splits, KH, KW, C] : filterShape;
  const program = new ConvProgram(key, outShape, ['x', 'dy'], intFields(Object.keys(u)),
    [CL, PL, 1], [Math.ceil(C / CL), KH, splits], code);
  const out = backend.runWebGPUProgram(program, [x, dy], 'float32', intUniforms(Object.values(u)));
  if (splits === 1) return out;
  const reduced = reduceSplits(backend, out, filterShape);
  backend.disposeData(out.dataId);
  return reduced;
}

/** dx of a depthwise conv: inputs dy, filter; attrs strides, pad, dimRoundingMode, inputShape. */
export function depthwiseBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = attrs.inputShape as number[];
  const c = dwInfo(inputShape, filter.shape, attrs);
  const [KH, KW, SH, SW] = [c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth];
  const size = inputShape.reduce((a, b) => a * b, 1);
  const [gx, gy] = foldGrid(Math.ceil(size / 256));
  const u = { IH: c.inHeight, IW: c.inWidth, C: c.inChannels, OH: c.outHeight, OW: c.outWidth, PT: c.padInfo.top, PL: c.padInfo.left, size_: size };
  const code = `
fn main() {
  let i = i32((workgroupId.y * numWorkgroups.x + workgroupId.x) * 256u + localIndex);
  if (i >= uniforms.size_) { return; }
  let ch = i % uniforms.C; let t = i / uniforms.C;
  let iw = t % uniforms.IW; let t2 = t / uniforms.IW;
  let ih = t2 % uniforms.IH; let b = t2 / uniforms.IH;
  let hh = ih + uniforms.PT; let ww = iw + uniforms.PL;
  var s = 0.0;
  for (var kh = hh % ${SH}; kh < ${KH} && kh <= hh; kh += ${SH}) {
    let oh = (hh - kh) / ${SH};
    if (oh >= uniforms.OH) { continue; }
    let row = (b * uniforms.OH + oh) * uniforms.OW;
    for (var kw = ww % ${SW}; kw < ${KW} && kw <= ww; kw += ${SW}) {
      let ow = (ww - kw) / ${SW};
      if (ow < uniforms.OW) { s = fma(dy[(row + ow) * uniforms.C + ch], W[(kh * ${KW} + kw) * uniforms.C + ch], s); }
    }
  }
  result[i] = s;
}`;
  const key = `yc_dw_dinput_${KH}_${KW}_${SH}_${SW}`;
  const program = new ConvProgram(key, inputShape, ['dy', 'W'], intFields(Object.keys(u)),
    [256, 1, 1], [gx, gy, 1], code);
  return backend.runWebGPUProgram(program, [dy, filter], 'float32', intUniforms(Object.values(u)));
}
