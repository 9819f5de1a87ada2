/**
 * The tiled implicit-GEMM shader every convolution kernel of ours is written in:
 * C[m, n] = sum_k A(m, k) * B(k, n), where A, B and the store of C are WGSL functions the kernel
 * supplies (they compute the convolution's addressing, so nothing is materialised).
 *
 * Tiling: a workgroup of WX x WY threads owns a TM x TN tile of C (TM = 4 WY, TN = 4 WX); each
 * thread holds a 4 x 4 block of accumulators (rows ty + WY i, columns tx + WX j, so its stores
 * are coalesced along n). Per step of TK = 16 along k, the workgroup stages A's TK x TM and B's
 * TK x TN slices in shared memory (loads ordered along whichever of m/k or n/k is contiguous in
 * memory, so neighbouring threads read neighbouring addresses), then every thread does 16 rank-1
 * updates from shared memory. Dispatch: x*y enumerate the tiles (folded to stay under 65535 per
 * dimension), z is the kernel's own split (split-K slice, or the stride phase of a backprop).
 */
import { foldGrid } from './conv_program.js';

/** Shared-memory depth along k. */
export const TK = 16;

/** A workgroup shape and its tile. */
export interface GemmTile { wx: number; wy: number; tm: number; tn: number }

/**
 * Occupancy rule of chooseTile: fewer 64-wide tiles than `minGroups` workgroups (about two per
 * compute unit of a large GPU) and a GEMM without split-K takes 32-wide tiles instead (4x the
 * workgroups: batch-1 inference's 20x20 layers). A test sets it to 0 to run the 64-wide path.
 */
export const TILE_RULE = { minGroups: 256 };

/**
 * The tile for an M x N output: 64 along a dimension of more than 32, 32 for 17..32, else 16
 * (so a 3- or 16-channel side does not idle most of the threads); `occupancy` (GEMMs that do
 * not split K) then applies TILE_RULE.
 */
export function chooseTile(m: number, n: number, occupancy = false): GemmTile {
  const side = (d: number) => (d > 32 ? 64 : d > 16 ? 32 : 16);
  let tm = side(m);
  let tn = side(n);
  if (occupancy && Math.ceil(m / tm) * Math.ceil(n / tn) < TILE_RULE.minGroups) {
    tm = Math.min(tm, 32);
    tn = Math.min(tn, 32);
  }
  return { wx: tn / 4, wy: tm / 4, tm, tn };
}

/** Workgroup grid (x, y) that enumerates `tiles` tiles (main() decodes it). */
export const tileGrid = foldGrid;

/** What a kernel plugs into the GEMM shader. */
export interface GemmParts {
  tile: GemmTile;
  /** True when A(m, k) is contiguous along k (then its staging loop runs along k). */
  aAlongK: boolean;
  /** True when B(k, n) is contiguous along k. */
  bAlongK: boolean;
  /**
   * 4: A is loaded 4 at a time along its contiguous dimension by `fn loadA4(a, k) -> vec4<f32>`
   * (for m..m+3, or k..k+3 when aAlongK); the kernel guarantees that dimension's size (gM, or
   * every k range) is a multiple of 4. Default 1.
   */
  aVec?: 1 | 4;
  /** Likewise for B (`fn loadB4`). */
  bVec?: 1 | 4;
  /**
   * WGSL defining `fn setup(z : i32)` (sets the private gM, gN: the GEMM's sizes; kBegin, kEnd:
   * this workgroup's k range; all uniform per workgroup); `fn prepA(m : i32) -> vec4<i32>` (what
   * loadA needs of row m: computed once per thread and staging slot, outside the k loop, since a
   * slot's m never changes), `fn loadA(a : vec4<i32>, k : i32) -> f32`, and likewise prepB(n) and
   * `fn loadB(b : vec4<i32>, k : i32) -> f32` (called only for m < gM, n < gN, kBegin <= k < kEnd);
   * `fn store(m : i32, n : i32, v : f32)` (m < gM, n < gN).
   */
  functions: string;
}

interface Operand { name: 'A' | 'B'; alongK: boolean; vec: 1 | 4; dim: number; base: string; bound: string }

/** The staging of one operand: slot decoding, the hoisted prep, and the per-k-step loads. */
function staging(o: Operand, threads: number): { prep: string; load: string } {
  const loads = (TK * o.dim) / o.vec / threads;
  const idx = o.alongK
    ? `let mm = e / ${TK / o.vec}; let kk = (e % ${TK / o.vec}) * ${o.vec};`
    : `let kk = e / ${o.dim / o.vec}; let mm = (e % ${o.dim / o.vec}) * ${o.vec};`;
  const L = o.name;
  const prep = `
  var info${L} : array<vec4<i32>, ${loads}>;
  var ok${L} : array<bool, ${loads}>;
  for (var r = 0; r < ${loads}; r++) {
    let e = lid + r * ${threads};
    ${idx}
    ok${L}[r] = ${o.base} + mm < ${o.bound};
    if (ok${L}[r]) { info${L}[r] = prep${L}(${o.base} + mm); }
  }`;
  let put: string;
  if (o.vec === 1) put = `var v = 0.0;\n      if (ok${L}[r] && k < kr.y) { v = load${L}(info${L}[r], k); }\n      ${L}s[kk * ${o.dim} + mm] = v;`;
  else {
    const at = (i: number) => (o.alongK ? `${L}s[(kk + ${i}) * ${o.dim} + mm]` : `${L}s[kk * ${o.dim} + mm + ${i}]`);
    put = `var v = vec4<f32>(0.0);\n      if (ok${L}[r] && k < kr.y) { v = load${L}4(info${L}[r], k); }\n      ` +
      [0, 1, 2, 3].map((i) => `${at(i)} = v[${i}];`).join(' ');
  }
  const load = `
    for (var r = 0; r < ${loads}; r++) {
      let e = lid + r * ${threads};
      ${idx}
      let k = k0 + kk;
      ${put}
    }`;
  return { prep, load };
}

/** The WGSL (after tfjs's header) of one implicit GEMM. */
export function gemmShader(p: GemmParts): string {
  const { wx, wy, tm, tn } = p.tile;
  const threads = wx * wy;
  const a = staging({ name: 'A', alongK: p.aAlongK, vec: p.aVec ?? 1, dim: tm, base: 'tileM', bound: 'gM' }, threads);
  const b = staging({ name: 'B', alongK: p.bAlongK, vec: p.bVec ?? 1, dim: tn, base: 'tileN', bound: 'gN' }, threads);
  return `
var<workgroup> As : array<f32, ${TK * tm}>;
var<workgroup> Bs : array<f32, ${TK * tn}>;
var<workgroup> kRange : vec2<i32>;
var<private> gM : i32;
var<private> gN : i32;
var<private> gZ : i32;
var<private> kBegin : i32;
var<private> kEnd : i32;
${p.functions}
fn main() {
  gZ = i32(workgroupId.z);
  setup(gZ);
  let tilesN = (gN + ${tn - 1}) / ${tn};
  let t = i32(workgroupId.y * numWorkgroups.x + workgroupId.x);
  let tileN = (t % tilesN) * ${tn};
  let tileM = (t / tilesN) * ${tm};
  let tx = i32(localId.x);
  let ty = i32(localId.y);
  let lid = i32(localIndex);
  if (lid == 0) { kRange = vec2<i32>(kBegin, kEnd); }
  let kr = workgroupUniformLoad(&kRange);
  ${a.prep}
  ${b.prep}
  var acc : array<array<f32, 4>, 4>;
  for (var k0 = kr.x; k0 < kr.y; k0 += ${TK}) {
    ${a.load}
    ${b.load}
    workgroupBarrier();
    for (var kk = 0; kk < ${TK}; kk++) {
      var a : array<f32, 4>;
      for (var i = 0; i < 4; i++) { a[i] = As[kk * ${tm} + ty + i * ${wy}]; }
      for (var j = 0; j < 4; j++) {
        let b = Bs[kk * ${tn} + tx + j * ${wx}];
        for (var i = 0; i < 4; i++) { acc[i][j] = fma(a[i], b, acc[i][j]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0; i < 4; i++) {
    let m = tileM + ty + i * ${wy};
    for (var j = 0; j < 4; j++) {
      let n = tileN + tx + j * ${wx};
      if (m < gM && n < gN) { store(m, n, acc[i][j]); }
    }
  }
}`;
}
