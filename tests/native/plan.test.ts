/**
 * The eval-mode inference plan (runtime/backend/native/plan): the same bits as the tfjs forward
 * on every SIMD level this CPU has, PyTorch's outputs for the shared StarNet fixture, one native
 * call per forward, re-planned when a weight changes, refused (falling back to tfjs) for kernels
 * it lacks or a forward that reads a computed tensor, malformed programs rejected, no leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDetector, readSafetensors, tf, toNCHW, toNHWC } from '../../runtime/index.js';
import type { Channels, YOLODetector } from '../../runtime/index.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { evalForward } from '../../runtime/engine/evaluate.js';
import { planInfo, planned } from '../../runtime/backend/native/plan/index.js';
import type { NativeAddon, SimdLevel } from '../../runtime/backend/native/addon.js';
import { SIMD_LEVELS } from '../../runtime/backend/native/addon.js';
import { assertClose, FIXTURES, loadedDetector, modelJson } from '../runtime/helpers.js';
import { countAddonCalls, rand, setUp } from './helpers.js';

type Model = YOLODetector<Channels, Channels>;

/** Head outputs of an eval forward, flattened, as arrays; planned or not per YOLOC_PLAN. */
function forwardValues(model: Model, x: tf.Tensor4D, plan: boolean): Float32Array[] {
  const prev = process.env.YOLOC_PLAN;
  process.env.YOLOC_PLAN = plan ? '1' : '0';
  try {
    const o = evalForward(model, x);
    const all = [...o.clsScores, ...o.bboxPreds, ...o.objectnesses];
    const vals = all.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(all);
    return vals;
  } finally {
    if (prev === undefined) delete process.env.YOLOC_PLAN;
    else process.env.YOLOC_PLAN = prev;
  }
}

function assertBitwise(got: Float32Array[], want: Float32Array[], label: string): void {
  assert.equal(got.length, want.length, label);
  got.forEach((g, k) => {
    assert.equal(g.length, want[k]!.length, `${label}: output ${k} size`);
    for (let i = 0; i < g.length; i++) {
      if (!Object.is(g[i], want[k]![i])) assert.fail(`${label}: output ${k}[${i}] plan ${g[i]} vs tfjs ${want[k]![i]}`);
    }
  });
}

/** Runs fn at every SIMD level: the ones this CPU lacks are skipped, saying why. */
async function eachLevel(t: test.TestContext, addon: NativeAddon, fn: (level: SimdLevel) => void): Promise<void> {
  const have = addon.info().simdLevels ?? [addon.info().simd];
  for (const level of SIMD_LEVELS) {
    await t.test(level, (st) => {
      if (!have.includes(level)) return st.skip(`this CPU (or OS) cannot run ${level}: it has ${have.join(', ')}`);
      assert.equal(addon.setSimd(level), true);
      try {
        fn(level);
      } finally {
        addon.setSimd('auto');
      }
    });
  }
}

/** Non-trivial BatchNorm statistics, so folding them into the convolutions matters. */
const withStats = (m: Model, seed: number): Model => {
  for (const [name, p] of m.uniqueParams()) {
    if (name.endsWith('running_var')) p.variable.assign(tf.add(tf.mul(rand(p.variable.shape, seed++), 0.4), 1));
    else if (name.endsWith('running_mean') || name.endsWith('bn.bias')) p.variable.assign(tf.mul(rand(p.variable.shape, seed++), 0.3));
  }
  return m;
};
const tiny = (json: string, seed = 1): Model => withStats(buildDetector(modelJson(json)), seed);

/** Tiny YOLOv8 and RTMDet (the families' own kernels: C2f channel splits, DFL, CSPNeXt's channel
 * attention with its mean, hardsigmoid and broadcast product). */
const NORM = { type: 'BN', momentum: 0.03, eps: 0.001 };
const YOLOV8_TINY = {
  type: 'YOLODetector',
  backbone: { type: 'YOLOv8CSPDarknet', arch: 'P5', last_stage_out_channels: 256, deepen_factor: 0.33, widen_factor: 0.0625, norm_cfg: NORM },
  neck: { type: 'YOLOv8PAFPN', deepen_factor: 0.33, widen_factor: 0.0625, in_channels: [256, 512, 256], out_channels: [256, 512, 256], num_csp_blocks: 3, norm_cfg: NORM },
  bbox_head: { type: 'YOLOv8Head', head_module: { type: 'YOLOv8HeadModule', num_classes: 3, in_channels: [256, 512, 256], widen_factor: 0.0625, reg_max: 16, norm_cfg: NORM, featmap_strides: [8, 16, 32] } },
};
const RTMDET_TINY = {
  type: 'YOLODetector',
  backbone: { type: 'CSPNeXt', arch: 'P5', expand_ratio: 0.5, deepen_factor: 0.167, widen_factor: 0.0625, channel_attention: true },
  neck: { type: 'CSPNeXtPAFPN', deepen_factor: 0.167, widen_factor: 0.0625, in_channels: [256, 512, 1024], out_channels: 256, num_csp_blocks: 3, expand_ratio: 0.5 },
  bbox_head: { type: 'RTMDetHead', head_module: { type: 'RTMDetSepBNHeadModule', num_classes: 3, in_channels: 256, stacked_convs: 2, feat_channels: 256, share_conv: true, pred_kernel_size: 1, featmap_strides: [8, 16, 32], widen_factor: 0.0625 } },
};

test('the plan gives the bits of the tfjs forward (tiny StarNet-YOLOv5, YOLOv5, YOLOv8, RTMDet, batch 2) at every SIMD level', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  const models = [tiny('tiny_starnet.model.json'), tiny('tiny_yolov5.model.json', 50), withStats(buildDetector(YOLOV8_TINY), 90),
    withStats(buildDetector(RTMDET_TINY), 130)];
  const x = tf.mul(rand([2, 96, 64, 3], 3), 2) as tf.Tensor4D;
  await eachLevel(t, addon, (level) => {
    for (const m of models) {
      const want = forwardValues(m, x, false);
      const got = forwardValues(m, x, true);
      assert.equal(planInfo(m)[0]?.planned, true, `planned: ${planInfo(m)[0]?.why}`);
      assertBitwise(got, want, `${level}`);
      // Run to run, and on one thread, the same bits.
      assertBitwise(forwardValues(m, x, true), want, `${level}, again`);
      const threads = addon.info().threads;
      addon.setThreads(1);
      try {
        assertBitwise(forwardValues(m, x, true), want, `${level}, one thread`);
      } finally {
        addon.setThreads(threads);
      }
    }
  });
  for (const m of models) m.dispose();
  x.dispose();
});

test('a planned forward is one native call: no per-layer kernels, no tensors left', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  const m = tiny('tiny_starnet.model.json');
  const x = rand([1, 64, 64, 3], 5) as tf.Tensor4D;
  forwardValues(m, x, true); // records and checks the plan
  const before = tf.memory().numTensors;
  let convs = 0;
  const runs = countAddonCalls(addon, 'planRun', () => {
    convs = countAddonCalls(addon, 'conv2d', () => { forwardValues(m, x, true); forwardValues(m, x, true); });
  });
  assert.equal(runs, 2);
  assert.equal(convs, 0);
  assert.equal(tf.memory().numTensors, before);
  const info = planInfo(m)[0]!;
  assert.ok(info.planned && (info.bytes ?? 0) > 0, JSON.stringify(info));
  m.dispose();
  x.dispose();
});

test('the StarNet-YOLOv5 fixture through the plan matches PyTorch within 1e-3 at every SIMD level', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  const model = loadedDetector('yolov5_starnet_s8.model.json', path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors'));
  const inp = readSafetensors(path.join(FIXTURES, 'input_320.safetensors')).get('input')!;
  const x = tf.tidy(() => toNHWC(tf.tensor4d(inp.data as Float32Array, inp.shape as [number, number, number, number])));
  await eachLevel(t, addon, () => {
    const o = evalForward(model, x);
    assert.equal(planInfo(model)[0]?.planned, true);
    for (const [key, ts] of [['cls_scores', o.clsScores], ['bbox_preds', o.bboxPreds], ['objectnesses', o.objectnesses]] as const) {
      ts.forEach((y, i) => {
        const nchw = toNCHW(y);
        assertClose(`${key}.${i}`, { dtype: 'float32', shape: [...nchw.shape], data: nchw.dataSync() as Float32Array }, want.get(`${key}.${i}`)!, 1e-3);
        nchw.dispose();
      });
    }
    tf.dispose([...o.clsScores, ...o.bboxPreds, ...o.objectnesses]);
  });
  x.dispose();
  model.dispose();
});

test('a changed weight makes a new plan; another input shape gets its own', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  const m = tiny('tiny_yolov5.model.json', 9);
  const x = rand([1, 64, 64, 3], 6) as tf.Tensor4D;
  const first = forwardValues(m, x, true);
  const w = m.namedParams().find(([k]) => k.endsWith('conv.weight'))![1].variable;
  w.assign(tf.mul(w, 1.5));
  const after = forwardValues(m, x, true);
  assertBitwise(after, forwardValues(m, x, false), 'after the change');
  assert.notDeepEqual(after[0], first[0]);
  const y = rand([1, 96, 32, 3], 7) as tf.Tensor4D;
  assertBitwise(forwardValues(m, y, true), forwardValues(m, y, false), 'second shape');
  assert.deepEqual(planInfo(m).map((e) => e.shape).sort(), ['1x64x64x3', '1x96x32x3']);
  m.dispose();
  tf.dispose([x, y]);
});

test('a forward with a kernel the plan lacks, or that reads a computed tensor, runs on tfjs', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  const w = tf.variable(rand([3, 3, 3, 4], 1));
  const x = rand([1, 8, 8, 3], 2);
  const owner1 = {}, owner2 = {};
  const exp = (): Record<string, tf.Tensor[]> => ({ y: [tf.exp(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))] });
  const r1 = planned(owner1, [w], x, exp)!;
  const want = tf.tidy(() => exp().y[0]!.dataSync());
  assert.deepEqual(r1.y[0]!.dataSync(), want);
  assert.equal(planInfo(owner1)[0]!.planned, false);
  assert.match(planInfo(owner1)[0]!.why ?? '', /Exp/);
  // Refused once: the next call runs tfjs without recording (planned returns null).
  assert.equal(planned(owner1, [w], x, exp), null);
  const reads = (): Record<string, tf.Tensor[]> => {
    const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
    const s = y.dataSync()[0]! > 0 ? 2 : 3;
    return { y: [tf.mul(tf.relu(tf.add(y, y)), s)] };
  };
  const r2 = planned(owner2, [w], x, reads)!;
  assert.equal(planInfo(owner2)[0]!.planned, false);
  assert.match(planInfo(owner2)[0]!.why ?? '', /reads a computed tensor/);
  tf.dispose([...r1.y, ...r2.y, w, x]);
});

test('malformed plan programs are errors (YC7510), never out-of-bounds accesses', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  const view = (buf: number, off: number, n: number, h: number, w: number, c: number, ps: number): number[] => [buf, off, n, h, w, c, ps];
  // A copy from the input (16 floats) to the arena (16 floats) of 4 pixels of 4 channels: fine.
  const ok = [6, 14, ...view(1, 0, 1, 2, 2, 4, 4), ...view(0, 0, 1, 2, 2, 4, 4)];
  const p = addon.planCreate(Int32Array.from(ok), [], 16, 16, Int32Array.from([]));
  addon.planRun(p, new Float32Array(16), []);
  assert.throws(() => addon.planRun(p, new Float32Array(15), []), /wrong sizes/);
  addon.planFree(p);
  assert.throws(() => addon.planRun(p, new Float32Array(16), []), /freed/);
  const bad = [
    [6, 14, ...view(1, 1, 1, 2, 2, 4, 4), ...view(0, 0, 1, 2, 2, 4, 4)], // input view past its end
    [6, 14, ...view(1, 0, 1, 2, 2, 4, 4), ...view(0, 0, 1, 2, 2, 4, 3)], // pixel stride below channels
    [6, 14, ...view(1, 0, 1, 2, 2, 4, 4), ...view(5, 0, 1, 2, 2, 4, 4)], // no such buffer
    [6, 13, ...view(1, 0, 1, 2, 2, 4, 4), ...view(0, 0, 1, 2, 2, 4, 4)], // wrong length
    [99, 0], // unknown op
    [1, 35, ...view(1, 0, 1, 2, 2, 4, 4), ...view(0, 0, 1, 2, 2, 4, 4), ...view(-1, 0, 0, 0, 0, 0, 0), 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, -1, 0, 0], // no filter
    [1, 35 + 8, ...view(1, 0, 1, 2, 2, 4, 4), ...view(-1, 0, 1, 2, 2, 4, 4), ...view(-1, 0, 0, 0, 0, 0, 0), 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, -1, 0, 1,
      2, ...view(0, 0, 1, 2, 2, 3, 4)], // a split range past the output's channels
  ];
  for (const prog of bad) {
    assert.throws(() => addon.planCreate(Int32Array.from(prog), [], 16, 16, Int32Array.from([])),
      (e: Error & { code?: string }) => e.code === 'YC7510' && /bad plan/.test(e.message), JSON.stringify(prog));
  }
});
