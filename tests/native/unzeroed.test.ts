/**
 * Kernels that take their outputs from the recycling pool unzeroed (alloc.ts: allocF32(n, false))
 * must write every element: here the output arrays start as NaN and none may survive, for
 * random convolution and depthwise geometries (strides, pads, odd sizes, multipliers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUp } from './helpers.js';

/** xorshift in [0, 1): reproducible shapes. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

test('dense and depthwise conv kernels (forward, both gradients) write every output element', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const rand = rng(7);
  const r = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => rand() - 0.5);
  const poisoned = (n: number): Float32Array => new Float32Array(n).fill(NaN);
  let cases = 0;
  while (cases < 60) {
    const depthwise = cases % 3 === 2;
    const n = r(1, 3), h = r(1, 24), w = r(1, 24), c = r(1, 40), kh = r(1, 7), kw = r(1, 7);
    const co = depthwise ? r(1, 2) : r(1, 40), sh = r(1, 3), sw = r(1, 3);
    const pt = r(0, kh - 1), pl = r(0, kw - 1), pb = r(0, kh - 1), pr = r(0, kw - 1);
    const oh = Math.floor((h + pt + pb - kh) / sh) + 1, ow = Math.floor((w + pl + pr - kw) / sw) + 1;
    if (oh < 1 || ow < 1) continue;
    cases++;
    const g = Int32Array.from([n, h, w, c, kh, kw, co, oh, ow, sh, sw, 1, 1, pt, pl]);
    const outC = depthwise ? c * co : co;
    const x = fill(n * h * w * c), f = fill(kh * kw * c * co), dy = fill(n * oh * ow * outC);
    const out = poisoned(dy.length), dx = poisoned(x.length), dw = poisoned(f.length);
    if (depthwise) {
      addon.depthwise(x, f, null, out, g, 0, 0);
      addon.depthwiseBackpropInput(dy, f, dx, g);
      addon.depthwiseBackpropFilter(x, dy, dw, g);
    } else {
      addon.conv2d(x, f, null, out, g, 0, 0);
      addon.conv2dBackpropInput(dy, f, dx, g);
      addon.conv2dBackpropFilter(x, dy, dw, g);
    }
    for (const [name, v] of [['output', out], ['input gradient', dx], ['filter gradient', dw]] as const) {
      assert.ok(!v.some(Number.isNaN), `${depthwise ? 'depthwise' : 'conv'} ${name} left unwritten for geometry ${Array.from(g).join(',')}`);
    }
  }
});
