/**
 * Depthwise convolution forward (DepthwiseConv2dNative, FusedDepthwiseConv2D with bias and a
 * linear/relu/relu6/sigmoid/silu epilogue) for the webgpu backend: NHWC, multiplier 1, dilation 1,
 * stride 1 or 2, kernels up to 7x7 (StarNet's 7x7, CSPNeXt's 5x5 with stride 1 or 2, padding 2).
 *
 * Why ours: tfjs's vec4 kernel (channels % 4 == 0) reads every input value from global memory
 * once per filter row per thread (70 vec4 loads per 4 outputs for 7x7), and channels not a
 * multiple of 4 get its direct loop. Ours stages the workgroup's input window in shared memory
 * once (a 7x7 tap reuses each value up to 49 times): a workgroup is 16 channel lanes x 16
 * spatial lanes over a TH x TW output tile of 16 channels (stride 1: 8 x 8, each thread a row of
 * 4 outputs, whose 10-wide input row it reads from shared memory; stride 2: 4 x 4, one output
 * per thread). The window ((TH-1)*s + KH) x ((TW-1)*s + KW) x 16 floats is at most 12.5 KiB.
 * Grid: x channel blocks, y spatial tiles, z batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvProgram, intFields, intUniforms, MAX_GROUPS, type KernelArgs, type PadAttr } from './conv_program.js';

const CB = 16;
/** Epilogues ours applies (tfjs's names); others go to tfjs's kernel. */
const ACTIVATIONS: Record<string, string> = {
  linear: 'v', relu: 'max(v, 0.0)', relu6: 'clamp(v, 0.0, 6.0)', sigmoid: '1.0 / (1.0 + exp(-v))',
  // The eval-mode depthwise ConvModule's BN + SiLU (CSPNeXt's 5x5): tfjs's own kernel has no 'silu'.
  silu: 'v / (1.0 + exp(-v))',
};

function geometry(kh: number, kw: number, s: number): { th: number; tw: number; wpt: number; ith: number; itw: number } {
  const [th, tw, wpt] = s === 1 ? [8, 8, 4] : [4, 4, 1];
  return { th, tw, wpt, ith: (th - 1) * s + kh, itw: (tw - 1) * s + kw };
}

function info(x: tf.TensorInfo, filter: tf.TensorInfo, attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides as [number, number], 1, attrs.pad as PadAttr, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, true, 'channelsLast');
}

/** Whether ours takes these args (else tfjs's kernel runs). */
export function supportedDepthwiseForward({ inputs, attrs = {} }: KernelArgs): boolean {
  const f = inputs.filter?.shape;
  const x = inputs.x?.shape;
  if (!f || !x || f[3] !== 1) return false;
  const st = attrs.strides as number | number[];
  const [sh, sw] = Array.isArray(st) ? st : [st, st];
  const dil = attrs.dilations as number | number[] | undefined;
  const dilOk = dil == null || (Array.isArray(dil) ? dil.every((d) => d === 1) : dil === 1);
  const df = attrs.dataFormat as string | undefined;
  const act = (attrs.activation as string | undefined) ?? 'linear';
  const bias = inputs.bias?.shape;
  if (bias && bias.reduce((a, b) => a * b, 1) !== f[2]) return false;
  if (!(sh === sw && (sh === 1 || sh === 2))) return false;
  const c = info(inputs.x!, inputs.filter!, attrs);
  const g = geometry(c.filterHeight, c.filterWidth, sh);
  if (Math.ceil(c.outHeight / g.th) * Math.ceil(c.outWidth / g.tw) > MAX_GROUPS || c.batchSize > MAX_GROUPS) return false;
  return sh === sw && (sh === 1 || sh === 2) && f[0]! <= 7 && f[1]! <= 7 && dilOk && (df == null || df === 'NHWC') &&
    act in ACTIVATIONS && inputs.preluActivationWeights == null;
}

/** DepthwiseConv2dNative / FusedDepthwiseConv2D: inputs x, filter (bias); attrs strides, pad, dimRoundingMode, activation. */
export function depthwiseForward({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, filter, bias } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const c = info(x, filter, attrs);
  const [KH, KW, S] = [c.filterHeight, c.filterWidth, c.strideHeight];
  const g = geometry(KH, KW, S);
  const act = (attrs.activation as string | undefined) ?? 'linear';
  const tilesW = Math.ceil(c.outWidth / g.tw);
  const tiles = Math.ceil(c.outHeight / g.th) * tilesW;
  const u = { IH: c.inHeight, IW: c.inWidth, C: c.inChannels, OH: c.outHeight, OW: c.outWidth, PT: c.padInfo.top, PL: c.padInfo.left, tilesW };
  const window = g.ith * g.itw * CB;
  const cols = g.tw / g.wpt;
  const code = `
var<workgroup> tile : array<f32, ${window}>;
fn main() {
  let lx = i32(localId.x);
  let ly = i32(localId.y);
  let lid = i32(localIndex);
  let c0 = i32(workgroupId.x) * ${CB};
  let t = i32(workgroupId.y);
  let b = i32(workgroupId.z);
  let oh0 = (t / uniforms.tilesW) * ${g.th};
  let ow0 = (t % uniforms.tilesW) * ${g.tw};
  let ih0 = oh0 * ${S} - uniforms.PT;
  let iw0 = ow0 * ${S} - uniforms.PL;
  for (var e = lid; e < ${window}; e += 256) {
    let cc = c0 + e % ${CB};
    let pos = e / ${CB};
    let ih = ih0 + pos / ${g.itw};
    let iw = iw0 + pos % ${g.itw};
    var v = 0.0;
    if (cc < uniforms.C && ih >= 0 && ih < uniforms.IH && iw >= 0 && iw < uniforms.IW) {
      v = x[((b * uniforms.IH + ih) * uniforms.IW + iw) * uniforms.C + cc];
    }
    tile[e] = v;
  }
  workgroupBarrier();
  let ch = c0 + lx;
  let row = ly / ${cols};
  let col = (ly % ${cols}) * ${g.wpt};
  if (ch >= uniforms.C) { return; }
  var acc : array<f32, ${g.wpt}>;
  for (var kh = 0; kh < ${KH}; kh++) {
    let base = (row * ${S} + kh) * ${g.itw} + col * ${S};
    for (var kw = 0; kw < ${KW}; kw++) {
      let w = W[(kh * ${KW} + kw) * uniforms.C + ch];
      for (var j = 0; j < ${g.wpt}; j++) {
        acc[j] = fma(tile[(base + j * ${S} + kw) * ${CB} + lx], w, acc[j]);
      }
    }
  }
  let oh = oh0 + row;
  for (var j = 0; j < ${g.wpt}; j++) {
    let ow = ow0 + col + j;
    if (oh < uniforms.OH && ow < uniforms.OW) {
      var v = acc[j]${bias ? ' + bias[ch]' : ''};
      v = ${ACTIVATIONS[act]};
      result[((b * uniforms.OH + oh) * uniforms.OW + ow) * uniforms.C + ch] = v;
    }
  }
}`;
  const key = `yc_dw_fwd_${KH}_${KW}_${S}_${bias ? 'b' : ''}${act}`;
  const names = bias ? ['x', 'W', 'bias'] : ['x', 'W'];
  const program = new ConvProgram(key, c.outShape, names, intFields(Object.keys(u)),
    [CB, 256 / CB, 1], [Math.ceil(c.inChannels / CB), tiles, c.batchSize], code);
  return backend.runWebGPUProgram(program, bias ? [x, filter, bias] : [x, filter], 'float32', intUniforms(Object.values(u)));
}
