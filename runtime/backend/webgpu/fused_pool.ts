/**
 * WGSL MaxPoolGrad with PyTorch's tie rule (as runtime/backend/kernels/pool_grads.ts): each
 * output's gradient goes to the FIRST maximum of its window in row-major order. tfjs-webgpu's own
 * kernel takes the last (`>=`), which moves SPPF's gradients on plateaus. Two dispatches, no
 * atomics: (1) the first argmax of every window; (2) every input element gathers, in output
 * order, the dy of the windows whose argmax it is (the summation order of the CPU reference).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, grid1d, groupsFor, LINEAR_BODY, LINEAR_IDS, newTensor, uniformBlock, type WebgpuBackendLike } from './fused_dispatch.js';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** dx of y = maxPool(x) given dy (NHWC, dilation 1). */
export function maxPoolGradKernel(backend: WebgpuBackendLike, dy: TensorInfo, x: TensorInfo, filterSize: number | [number, number],
  strides: number | [number, number], pad: Pad, rounding?: 'floor' | 'round' | 'ceil'): TensorInfo {
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, rounding, 'channelsLast');
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeTensorInfo(x.shape, 'float32');
  if (n * h * w * c === 0) return dx;
  backend.uploadToGPU(dx.dataId);
  const dims = [n, h, w, c, oh, ow, sh, sw, kh, kw, top, left];
  const struct = 'struct U { total: u32, groups: u32, ninf: u32, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, sh: i32, sw: i32, kh: i32, kw: i32, top: i32, left: i32 };';
  const outs = n * oh * ow * c;
  if (outs === 0) throw new Error('webgpu MaxPoolGrad: the pooled output is empty');
  const arg = newTensor(backend, [n, oh, ow, c], 'int32');
  {
    const groups = groupsFor(outs);
    dispatch(backend, {
      key: 'MaxPoolGrad.argmax',
      tensors: [arg, x],
      uniforms: uniformBlock({ u: [outs, groups, 0xff800000, ...dims] }),
      grid: grid1d(backend, groups),
      code: () => `${struct}
@group(0) @binding(0) var<storage, read_write> arg: array<i32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<uniform> u: U;
@compute @workgroup_size(256)
fn main(${LINEAR_IDS}) {
  ${LINEAR_BODY}
  if (wg >= u.groups || gi >= u.total) { return; }
  let o = i32(gi);
  let d = o % u.c;
  let ox = (o / u.c) % u.ow;
  let oy = (o / (u.c * u.ow)) % u.oh;
  let b = o / (u.c * u.ow * u.oh);
  let r0 = oy * u.sh - u.top;
  let q0 = ox * u.sw - u.left;
  var best = bitcast<f32>(u.ninf); // -inf (a WGSL constant cannot be)
  var at = -1;
  for (var r = max(r0, 0); r < min(r0 + u.kh, u.h); r++) {
    for (var q = max(q0, 0); q < min(q0 + u.kw, u.w); q++) {
      let v = x[((b * u.h + r) * u.w + q) * u.c + d];
      if (v > best) { best = v; at = r * u.w + q; }
    }
  }
  arg[gi] = at;
}`,
    });
  }
  const total = n * h * w * c;
  const groups = groupsFor(total);
  dispatch(backend, {
    key: 'MaxPoolGrad.gather',
    tensors: [dx, dy, arg],
    uniforms: uniformBlock({ u: [total, groups, 0xff800000, ...dims] }),
    grid: grid1d(backend, groups),
    code: () => `${struct}
@group(0) @binding(0) var<storage, read_write> dx: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> arg: array<i32>;
@group(0) @binding(3) var<uniform> u: U;
fn firstOut(p: i32, k: i32, s: i32) -> i32 { let lo = p - k; if (lo < 0) { return 0; } return lo / s + 1; }
@compute @workgroup_size(256)
fn main(${LINEAR_IDS}) {
  ${LINEAR_BODY}
  if (wg >= u.groups || gi >= u.total) { return; }
  let e = i32(gi);
  let d = e % u.c;
  let q = (e / u.c) % u.w;
  let r = (e / (u.c * u.w)) % u.h;
  let b = e / (u.c * u.w * u.h);
  let me = r * u.w + q;
  let pr = r + u.top;
  let pq = q + u.left;
  var acc = 0.0;
  for (var oy = firstOut(pr, u.kh, u.sh); oy <= min(pr / u.sh, u.oh - 1); oy++) {
    for (var ox = firstOut(pq, u.kw, u.sw); ox <= min(pq / u.sw, u.ow - 1); ox++) {
      let o = ((b * u.oh + oy) * u.ow + ox) * u.c + d;
      if (arg[o] == me) { acc = acc + dy[o]; }
    }
  }
  dx[gi] = acc;
}`,
  });
  backend.disposeData(arg.dataId);
  return dx;
}
