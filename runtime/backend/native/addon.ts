/**
 * Loads the compiled Node-API addon (native/build/Release/yoloc_native.node). The addon is
 * optional: when it was not built (no compiler at `npm install`), loading says why once and
 * yoloc runs on wasm instead.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A float32 tensor's memory as the addon sees it. */
type F32 = Float32Array;

/** The kernel tiers, lowest first (native/src/kernels.h). */
export const SIMD_LEVELS = ['generic', 'avx2', 'avx512'] as const;
export type SimdLevel = typeof SIMD_LEVELS[number];

/** The functions the C++ addon exports (see native/src/addon.cc for the argument order). */
export interface NativeAddon {
  /** Number of worker threads (including the calling thread), the SIMD level in use, and the
   * levels this CPU and OS can run (lowest first; absent in addons built before the AVX-512 tier). */
  info(): { threads: number; simd: string; simdLevels?: string[] };
  setThreads(n: number): void;
  /** Forces a SIMD level ('generic' the portable kernels, for tests and A/B runs); 'auto' returns
   * to YOLOC_SIMD's choice or the best level. False (nothing changed) for a level the CPU lacks. */
  setSimd(level: SimdLevel | 'auto'): boolean;
  /** Points fd 2 at /dev/null (true) or restores it (false); absent in addons built before it. */
  quietStderr?(on: boolean): boolean;
  /** conv2d NHWC/HWIO: geometry is [N,H,W,C, KH,KW,CO, OH,OW, SH,SW, DH,DW, PT,PL], act 0..4. */
  conv2d(x: F32, w: F32, bias: F32 | null, out: F32, geom: Int32Array, act: number, alpha: number): void;
  conv2dBackpropInput(dy: F32, w: F32, dx: F32, geom: Int32Array): void;
  conv2dBackpropFilter(x: F32, dy: F32, dw: F32, geom: Int32Array): void;
  /** depthwise NHWC, filter [KH,KW,C,MULT]: geometry [N,H,W,C, KH,KW,MULT, OH,OW, SH,SW, DH,DW, PT,PL]. */
  depthwise(x: F32, w: F32, bias: F32 | null, out: F32, geom: Int32Array, act: number, alpha: number): void;
  depthwiseBackpropInput(dy: F32, w: F32, dx: F32, geom: Int32Array): void;
  depthwiseBackpropFilter(x: F32, dy: F32, dw: F32, geom: Int32Array): void;
  /** Batched C[b] = op(A[b]) * op(B[b]) (+bias, act); batch strides 0 broadcast. dims [B,M,N,K,tA,tB,sA,sB]. */
  matmul(a: F32, b: F32, bias: F32 | null, out: F32, dims: Int32Array, act: number, alpha: number): void;
  /** out = a (op) b with broadcast; geom [rank, shape x8, astride x8, bstride x8] (elementwise.ts). */
  binary(op: number, a: F32, b: F32, out: F32, geom: Int32Array): void;
  unary(op: number, x: F32, out: F32, alpha: number): void;
  /** small <- big[region], or big[region] <- small with insert; geom [rank, bigShape x8, begin x8, size x8]. */
  slice(big: F32, small: F32, geom: Int32Array, insert?: boolean): void;
  /** out = x with axes permuted, 4-byte elements (an Int32Array passed as a Float32Array view);
   * geom [rank, shape x8, perm x8]. */
  transpose(x: F32, out: F32, geom: Int32Array): void;
  /** out[i, c] = x[i, c] * mul[c] + add[c]. */
  affine(x: F32, mul: F32, add: F32, out: F32): void;
  /** geom [N,H,W,C, KH,KW, OH,OW, SH,SW, PT,PL]. */
  maxpool(x: F32, out: F32, geom: Int32Array): void;
  /** dx (zeroed) += dy at each window's first maximum. */
  maxpoolGrad(dy: F32, x: F32, dx: F32, geom: Int32Array): void;
  /** Column sums (op 0) or means (op 1) of x viewed as [rows, out.length]. */
  reduceRows(op: number, x: F32, out: F32): void;
  /** Row sums (op 0) or means (op 1) of x viewed as [out.length, cols]. */
  reduceInner(op: number, x: F32, out: F32): void;
  /** Softmax over the last axis of x viewed as [x.length / cols, cols]. */
  softmax(x: F32, out: F32, cols: number): void;
  /** Training BatchNorm over x [rows, gamma.length] with activation act (0, 1 relu, 2 relu6, 5 silu):
   * y, batch mean and biased variance. */
  bnTrain(x: F32, gamma: F32, beta: F32, y: F32, mean: F32, variance: F32, eps: number, act: number): void;
  /** Its gradient (dy w.r.t. the activation's output): dx, dgamma, dbeta. */
  bnTrainGrad(dy: F32, x: F32, gamma: F32, beta: F32, mean: F32, variance: F32, dx: F32, dgamma: F32, dbeta: F32, eps: number, act: number): void;
  /** y = act(x); dx = dy * act'(x). */
  act(act: number, x: F32, y: F32): void;
  actGrad(act: number, x: F32, dy: F32, dx: F32): void;
  /** y = relu6(a) * b and its gradients. */
  star(a: F32, b: F32, y: F32): void;
  starGrad(a: F32, b: F32, dy: F32, da: F32, db: F32): void;
  /** y[i] = softmax(x row i of r) @ [0 .. r-1] (YOLOv8's DFL integral) and its gradient. */
  dfl(x: F32, y: F32, r: number): void;
  dflGrad(x: F32, dy: F32, dx: F32, r: number): void;
  /** SGD over many parameters: pOut = p - lr * d (torch.optim.SGD's d: weight decay, momentum
   * into bufOut, Nesterov). bufs/bufOut may be empty when momentum is 0. */
  sgdUpdate(p: F32[], g: F32[], bufs: F32[], pOut: F32[], bufOut: F32[], lr: number, momentum: number, wd: number, nesterov: boolean): void;
  /** out = avg * keep + src * take over many tensors (the weights' EMA). */
  emaUpdate(avgs: F32[], srcs: F32[], outs: F32[], keep: number, take: number): void;
  /** AdamW over a group (native/src/optim_adamw.h): scalars = [decay, b1, 1 - b1, b2, 1 - b2,
   * sqrt(1 - b2^t), eps, -lr / (1 - b1^t)]. */
  adamwUpdate(p: F32[], g: F32[], m: F32[], v: F32[], pOut: F32[], mOut: F32[], vOut: F32[], scalars: F32): void;
  /** RTMDet's dynamic soft label assignment (native/src/rtmdet_loss.h): geom [B, N, C, M, topk],
   * params [soft_center_radius, iou_weight]; writes gtIndex, metric, target, boxes. */
  dslAssign(decoded: F32, scores: F32, priors: F32, gtBoxes: F32, gtLabels: Int32Array, gtFlag: F32, geom: Int32Array,
    params: F32, gtIndex: Int32Array, metric: F32, target: F32, boxes: F32): void;
  /** loss = BCE(x, t) * |t - sigmoid(x)|^beta and its derivative, element-wise. */
  qualityFocal(x: F32, t: F32, loss: F32, grad: F32, beta: number): void;
  /** An inference plan (plan/ builds the program): freed by planFree or when collected. */
  planCreate(program: Int32Array, consts: F32[], arenaFloats: number, inputFloats: number, outputSizes: Int32Array): PlanHandle;
  /** Runs the plan; with profile, returns each op's milliseconds. */
  planRun(plan: PlanHandle, input: F32, outputs: F32[], profile?: boolean): Float64Array | undefined;
  planFree(plan: PlanHandle): void;
  /** Bytes the plan holds (arena, constants, packed filters). */
  planBytes(plan: PlanHandle): number;
}

/** An opaque native inference plan. */
export type PlanHandle = { readonly __plan: unique symbol };

/** Where `npm install` (node-gyp in native/) leaves the addon; YOLOC_NATIVE_ADDON points at
 * another build (a private copy while native/build is being rebuilt, an experiment). */
export const ADDON_PATH = process.env.YOLOC_NATIVE_ADDON
  ? path.resolve(process.env.YOLOC_NATIVE_ADDON)
  : path.resolve(import.meta.dirname, '../../../native/build/Release/yoloc_native.node');

let cached: NativeAddon | null | undefined;
let whyNot = '';

/** The addon, or null (with the reason in `addonUnavailableReason()`) if it cannot load. */
export function loadAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  if (process.env.YOLOC_NO_NATIVE === '1') {
    whyNot = 'disabled by YOLOC_NO_NATIVE=1';
    cached = null;
  } else if (!existsSync(ADDON_PATH)) {
    whyNot = `the native engine was not built (${path.relative(process.cwd(), ADDON_PATH)} is missing; run \`npm run build:native\`)`;
    cached = null;
  } else {
    try {
      cached = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
      checkSimdEnv(cached);
    } catch (e) {
      whyNot = `the native engine failed to load: ${(e as Error).message.split('\n')[0]}`;
      cached = null;
    }
  }
  return cached;
}

/** YOLOC_SIMD names a level the addon could not take: say so once (it runs the best level it can). */
function checkSimdEnv(addon: NativeAddon): void {
  const want = process.env.YOLOC_SIMD;
  if (!want || want === 'auto') return;
  const { simd, simdLevels } = addon.info();
  if (!(SIMD_LEVELS as readonly string[]).includes(want)) {
    process.stderr.write(`yoloc: YOLOC_SIMD=${want} is not a level (${SIMD_LEVELS.join(', ')} or auto); the native engine uses ${simd}\n`);
  } else if (simdLevels && !simdLevels.includes(want)) {
    process.stderr.write(`yoloc: YOLOC_SIMD=${want}, but this CPU (or its OS) cannot run ${want} (it has ${simdLevels.join(', ')}); the native engine uses ${simd}\n`);
  }
}

/** The native engine in one line: SIMD level (of those available) and threads, or why not. */
export function nativeEngineLine(): string {
  const a = loadAddon();
  if (a === null) return `native engine unavailable: ${whyNot}`;
  const { simd, simdLevels, threads } = a.info();
  return `native engine: ${simd} kernels${simdLevels ? ` (this CPU: ${simdLevels.join(', ')})` : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** Why the addon is not available ('' when it is). */
export function addonUnavailableReason(): string {
  return whyNot;
}
