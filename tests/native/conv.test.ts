import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameOnBoth, countAddonCalls, rand, runOn, setUp, tf } from './helpers.js';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case { n: number; h: number; w: number; c: number; k: [number, number]; co: number; s: number; pad: Pad; d?: number }

// Awkward on purpose: odd sizes, channels not multiples of 8, stride 2 with 'valid', explicit pads.
const CASES: Case[] = [
  { n: 1, h: 7, w: 9, c: 3, k: [3, 3], co: 5, s: 1, pad: 'same' },
  { n: 2, h: 9, w: 8, c: 5, k: [3, 3], co: 17, s: 2, pad: 'valid' },
  { n: 2, h: 10, w: 11, c: 4, k: [3, 3], co: 8, s: 2, pad: 'same' },
  { n: 1, h: 6, w: 6, c: 13, k: [1, 1], co: 19, s: 1, pad: 'valid' },
  { n: 3, h: 5, w: 7, c: 9, k: [1, 1], co: 6, s: 2, pad: 'same' },
  { n: 1, h: 12, w: 9, c: 3, k: [6, 6], co: 7, s: 2, pad: 2 },
  { n: 2, h: 8, w: 7, c: 6, k: [3, 2], co: 10, s: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { n: 1, h: 9, w: 9, c: 4, k: [3, 3], co: 5, s: 1, pad: 'same', d: 2 },
  { n: 1, h: 5, w: 5, c: 300, k: [3, 3], co: 40, s: 1, pad: 'same' },
  // GEMM paths: A read in place with a 12x8 last panel (co 24, 40; 63 rows, not a multiple of
  // 12), a B too wide for L2 (the packed path), batch 3 with stride 2 'valid'.
  { n: 1, h: 7, w: 9, c: 10, k: [1, 1], co: 24, s: 1, pad: 'valid' },
  { n: 1, h: 7, w: 9, c: 21, k: [1, 1], co: 40, s: 1, pad: 'valid' },
  { n: 1, h: 3, w: 5, c: 192, k: [1, 1], co: 400, s: 1, pad: 'valid' },
  { n: 3, h: 11, w: 10, c: 4, k: [3, 3], co: 24, s: 2, pad: 'valid' },
  // Filter gradient over >= 2048 pixels: fixed row parts, narrow CO (in place) and wide (packed).
  { n: 2, h: 40, w: 40, c: 5, k: [3, 3], co: 17, s: 1, pad: 'same' },
  { n: 3, h: 30, w: 30, c: 7, k: [1, 1], co: 52, s: 1, pad: 'valid' },
  // Input gradient at stride 1 on >= 2048 pixels (a forward conv with the flipped filter):
  // uneven explicit pads, 'valid'.
  { n: 1, h: 48, w: 45, c: 3, k: [3, 2], co: 5, s: 1, pad: [[0, 0], [2, 0], [1, 0], [0, 0]] },
  { n: 1, h: 50, w: 45, c: 4, k: [3, 3], co: 6, s: 1, pad: 'valid' },
  // Input gradient at stride 2 on >= 2048 pixels (one stride-1 conv per phase of dx): 'same' on
  // even and odd sizes (tfjs pads 0 or 1 on top), 'valid', YOLOv5's 6x6 stem with pad 2, 3x2.
  { n: 2, h: 40, w: 34, c: 5, k: [3, 3], co: 18, s: 2, pad: 'same' },
  { n: 1, h: 49, w: 47, c: 3, k: [3, 3], co: 33, s: 2, pad: 'same' },
  { n: 1, h: 51, w: 46, c: 6, k: [3, 3], co: 9, s: 2, pad: 'valid' },
  { n: 1, h: 64, w: 48, c: 3, k: [6, 6], co: 8, s: 2, pad: 2 },
  { n: 1, h: 45, w: 50, c: 7, k: [3, 2], co: 5, s: 2, pad: [[0, 0], [1, 1], [0, 1], [0, 0]] },
];

const label = (c: Case): string => `${c.n}x${c.h}x${c.w}x${c.c} k${c.k} co${c.co} s${c.s} pad ${JSON.stringify(c.pad)} d${c.d ?? 1}`;

test('Conv2D forward equals the cpu backend', async () => {
  await setUp();
  CASES.forEach((c, i) => {
    assertSameOnBoth(() => tf.conv2d(rand([c.n, c.h, c.w, c.c], i) as tf.Tensor4D,
      rand([...c.k, c.c, c.co], 100 + i) as tf.Tensor4D, c.s, c.pad, 'NHWC', c.d ?? 1), label(c));
  });
});

test('FusedConv2D with bias and each activation equals the cpu backend', async () => {
  await setUp();
  const acts = ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu'] as const;
  acts.forEach((activation, i) => {
    const c = CASES[i];
    assertSameOnBoth(() => tf.fused.conv2d({
      x: tf.mul(rand([c.n, c.h, c.w, c.c], i), 4) as tf.Tensor4D, filter: rand([...c.k, c.c, c.co], 7 + i) as tf.Tensor4D,
      strides: c.s, pad: c.pad, bias: rand([c.co], 50 + i), activation, leakyreluAlpha: 0.1,
    }), `${activation} ${label(c)}`);
  });
});

test('Conv2D gradients (BackpropInput, BackpropFilter) equal the cpu backend', async () => {
  await setUp();
  CASES.forEach((c, i) => {
    if ((c.d ?? 1) > 1) return; // tfjs has no conv2d gradient with dilations > 1
    assertSameOnBoth(() => {
      const x = rand([c.n, c.h, c.w, c.c], i) as tf.Tensor4D;
      const w = rand([...c.k, c.c, c.co], 100 + i) as tf.Tensor4D;
      const y = tf.conv2d(x, w, c.s, c.pad);
      const r = rand(y.shape, 200 + i);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), r)))([x, w]);
    }, `grad ${label(c)}`);
  });
});

test('conv2dTranspose (Conv2DBackpropInput) equals the cpu backend', async () => {
  await setUp();
  assertSameOnBoth(() => tf.conv2dTranspose(rand([2, 4, 5, 6], 1) as tf.Tensor4D,
    rand([3, 3, 3, 6], 2) as tf.Tensor4D, [2, 8, 10, 3], 2, 'same'), 'transpose s2 same');
});

test('the native backend runs the addon for conv and its gradients, not the cpu fallback', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const run = (): void => {
    assertSameOnBoth(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([rand([1, 6, 6, 3], 1), rand([3, 3, 3, 4], 2)]), 'spy');
  };
  const names = ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'] as const;
  const counts = names.map((n) => countAddonCalls(addon, n, run));
  assert.deepEqual(counts, [1, 1, 1]);
});

test('the addon refuses arrays that do not match the geometry (YC7510), never overruns', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const geom = Int32Array.from([1, 4, 4, 3, 3, 3, 2, 4, 4, 1, 1, 1, 1, 1, 1]);
  const ok = (): void => addon.conv2d(new Float32Array(48), new Float32Array(54), null, new Float32Array(32), geom, 0, 0);
  ok();
  assert.throws(() => addon.conv2d(new Float32Array(47), new Float32Array(54), null, new Float32Array(32), geom, 0, 0),
    (e: Error & { code?: string }) => e.code === 'YC7510' && /x has 47 elements, expected 48/.test(e.message));
  assert.throws(() => addon.conv2d(new Float32Array(48), new Float32Array(54), null, new Float32Array(32), geom.subarray(1), 0, 0),
    (e: Error & { code?: string }) => e.code === 'YC7510');
  assert.throws(() => addon.slice(new Float32Array(4), new Float32Array(4), Int32Array.from({ length: 25 }, (_, i) => (i === 0 ? 1 : i === 1 ? 4 : i === 9 ? 1 : i === 17 ? 4 : 0))),
    (e: Error & { code?: string }) => e.code === 'YC7510' && /out of bounds/.test(e.message));
});

/** geometry [N,H,W,C, KH,KW,CO, OH,OW, SH,SW, DH,DW, PT,PL] of a 'same' stride-1 conv. */
const sameGeom = (n: number, h: number, w: number, c: number, k: number, co: number): Int32Array =>
  Int32Array.from([n, h, w, c, k, k, co, h, w, 1, 1, 1, 1, (k - 1) >> 1, (k - 1) >> 1]);
const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

test('the SiLU epilogue (act 5) equals x * sigmoid(x) of the biased conv', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  tf.setBackend('native');
  // co 24 and 40 take the 12x8 tile; large inputs reach the exp clamp (|x| > 87) at both ends.
  for (const [c, co, scale] of [[5, 24, 4], [13, 40, 60]]) {
    const geom = sameGeom(2, 6, 7, c, 3, co);
    const x = tf.tidy(() => values(tf.mul(rand([2, 6, 7, c], co), scale)));
    const w = values(rand([3, 3, c, co], 3)), bias = values(rand([co], 4));
    const lin = new Float32Array(2 * 6 * 7 * co), silu = new Float32Array(lin.length);
    addon.conv2d(x, w, bias, lin, geom, 0, 0);
    addon.conv2d(x, w, bias, silu, geom, 5, 0);
    let big = 0;
    for (let i = 0; i < lin.length; i++) {
      const v = lin[i], want = v / (1 + Math.exp(-v));
      if (Math.abs(v) > 87) big++;
      assert.ok(Math.abs(silu[i] - want) <= 2e-6 * Math.max(1, Math.abs(want)), `silu(${v}) = ${silu[i]}, want ${want}`);
    }
    if (scale > 10) assert.ok(big > 0, 'the large case reaches the clamp');
  }
});

test('the portable kernels (no AVX2) equal the cpu backend on every GEMM path', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  addon.setSimd('generic');
  try {
    assert.equal(addon.info().simd, 'generic');
    CASES.forEach((c, i) => {
      if ((c.d ?? 1) > 1) return;
      assertSameOnBoth(() => {
        const x = rand([c.n, c.h, c.w, c.c], i) as tf.Tensor4D;
        const w = rand([...c.k, c.c, c.co], 100 + i) as tf.Tensor4D;
        return [tf.conv2d(x, w, c.s, c.pad), ...tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad))))([x, w])];
      }, `generic ${label(c)}`);
    });
  } finally {
    addon.setSimd('auto');
  }
});

test('conv and both gradients have the same bits run to run and for 1 or 2 threads', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const threads = addon.info().threads;
  // >= 2048 pixels (row parts), narrow and wide CO; and a small one (2 parts).
  const geoms = [sameGeom(2, 40, 40, 6, 3, 20), sameGeom(2, 32, 33, 16, 1, 64), sameGeom(1, 5, 6, 9, 3, 70)];
  try {
    for (const g of geoms) {
      const [n, h, w, c, kh, kw, co] = g;
      const x = values(rand([n, h, w, c], 1)), dy = values(rand([n, h, w, co], 2));
      const wt = values(rand([kh, kw, c, co], 3));
      const run = (th: number): Float32Array[] => {
        addon.setThreads(th);
        const y = new Float32Array(dy.length), dx = new Float32Array(x.length), dw = new Float32Array(wt.length);
        addon.conv2d(x, wt, null, y, g, 0, 0);
        addon.conv2dBackpropInput(dy, wt, dx, g);
        addon.conv2dBackpropFilter(x, dy, dw, g);
        return [y, dx, dw];
      };
      const one = run(1), two = run(2), again = run(2);
      assert.deepEqual(two, again, `run to run ${g.join(',')}`);
      assert.deepEqual(one, two, `1 vs 2 threads ${g.join(',')}`);
    }
  } finally {
    addon.setThreads(threads);
  }
});

// 3x3 stride-1 'same' convs with >= 16 channels in and out run as Winograd F(2x2, 3x3)
// (native/src/conv.cc): odd sizes (a last tile half outside), batches, channel counts off the
// SIMD widths, a block of tiles spanning image rows and images, bias + activation, and the
// stride-1 input gradient (a forward conv of dy, so Winograd too). YOLOC_WINOGRAD=0 gives the
// direct conv: both equal the cpu backend, and they differ in the last bits (so Winograd ran).
test('Winograd 3x3 stride-1 convs (forward, fused, input gradient) equal the cpu backend and differ from the direct conv', async () => {
  await setUp();
  // [n, h, w, c, co]; enough 2x2 tiles for Winograd (2 * tiles >= 5 * max(c, co)), the last two not
  const shapes: [number, number, number, number, number][] = [
    [1, 15, 17, 16, 16], [3, 9, 10, 17, 24], [2, 21, 19, 33, 50], [1, 36, 37, 128, 130], [2, 24, 23, 40, 16], [1, 1, 1, 16, 16], [1, 12, 12, 64, 64],
  ];
  const differs: boolean[] = [];
  shapes.forEach(([n, h, w, c, co], i) => {
    const x = () => rand([n, h, w, c], 300 + i) as tf.Tensor4D;
    const f = () => rand([3, 3, c, co], 400 + i) as tf.Tensor4D;
    const lbl = `${n}x${h}x${w}x${c} -> ${co}`;
    assertSameOnBoth(() => tf.conv2d(x(), f(), 1, 'same'), `conv ${lbl}`);
    assertSameOnBoth(() => tf.conv2d(x(), f(), 1, 1), `conv pad 1 ${lbl}`);
    assertSameOnBoth(() => tf.fused.conv2d({ x: x(), filter: f(), strides: 1, pad: 'same', bias: rand([co], 500 + i), activation: 'relu' }), `fused ${lbl}`);
    const wino = runOn('native', () => tf.conv2d(x(), f(), 1, 'same'))[0]!;
    process.env.YOLOC_WINOGRAD = '0';
    try {
      const direct = runOn('native', () => tf.conv2d(x(), f(), 1, 'same'))[0]!;
      differs.push(wino.some((v, k) => v !== direct[k]));
    } finally {
      delete process.env.YOLOC_WINOGRAD;
    }
  });
  assert.deepEqual(differs, [true, true, true, true, true, false, false], 'Winograd ran where it should, and only there');
  // the input gradient of a 3x3 stride-1 conv over >= 2048 pixels: a forward conv of dy
  const x = rand([2, 40, 33, 20], 600) as tf.Tensor4D, f = rand([3, 3, 20, 24], 601) as tf.Tensor4D;
  assertSameOnBoth(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, f, 1, 'same'), rand([2, 40, 33, 24], 602))))(x), 'input gradient 2x40x33x20 -> 24');
  tf.dispose([x, f]);
});
