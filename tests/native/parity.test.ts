/**
 * End to end on the native backend against PyTorch: the shared StarNet-YOLOv5 fixture's head
 * outputs at 320, and one training step of the tiny StarNet-YOLOv5 (loss and every gradient),
 * with the same tolerances as tests/runtime (which runs the cpu and wasm backends).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNCHW, toNHWC, toTorch } from '../../runtime/index.js';
import type { Channels, YOLODetector } from '../../runtime/index.js';
import { selectBackend } from '../../runtime/backend/index.js';
import { assertClose, FIXTURES, loadedDetector, maxAbsDiff, modelJson } from '../runtime/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { setUp } from './helpers.js';
import { SIMD_LEVELS, type NativeAddon } from '../../runtime/backend/native/addon.js';

const input4 = (d: { data: ArrayLike<number>; shape: number[] }): tf.Tensor4D =>
  toNHWC(tf.tensor4d(d.data as Float32Array, d.shape as [number, number, number, number]));

/** Runs fn at every SIMD level (subtests); a level this CPU lacks is skipped, saying why. */
async function eachLevel(t: test.TestContext, addon: NativeAddon, fn: () => void): Promise<void> {
  const have = addon.info().simdLevels ?? [addon.info().simd];
  for (const level of SIMD_LEVELS) {
    await t.test(level, (st) => {
      if (!have.includes(level)) return st.skip(`this CPU (or OS) cannot run ${level}: it has ${have.join(', ')}`);
      addon.setSimd(level);
      try {
        fn();
      } finally {
        addon.setSimd('auto');
      }
    });
  }
}

test('native: StarNet-YOLOv5 fixture head outputs at 320 match PyTorch within 1e-3 at every SIMD level', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  await eachLevel(t, addon, () => parityAt320());
});

function parityAt320(): void {
  const model = loadedDetector('yolov5_starnet_s8.model.json', path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors'));
  const input = readSafetensors(path.join(FIXTURES, 'input_320.safetensors')).get('input')!;
  const before = tf.memory().numTensors;
  const got = tf.tidy(() => {
    const o = model.forward(input4(input), { training: false });
    const named: Array<[string, tf.Tensor]> = [];
    for (const [key, ts] of [['cls_scores', o.clsScores], ['bbox_preds', o.bboxPreds], ['objectnesses', o.objectnesses]] as const) {
      ts.forEach((x, i) => named.push([`${key}.${i}`, toNCHW(x)]));
    }
    return named.map(([k, x]) => [k, { dtype: 'float32' as const, shape: [...x.shape], data: x.dataSync() as Float32Array }] as const);
  });
  for (const [k, v] of got) assertClose(k, v, want.get(k)!, 1e-3);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
}

test('native: a training step of the tiny StarNet-YOLOv5 matches PyTorch (loss, every gradient) at every SIMD level', async (t) => {
  const addon = await setUp();
  if (addon === null) return t.skip('native disabled');
  await selectBackend('native', { quiet: true });
  await eachLevel(t, addon, () => trainStep());
});

function trainStep(): void {
  const dir = path.join(ROOT, 'tests/fixtures/train_step');
  const weights = [1.0, 0.5, 0.25, 2.0, 1.5, 1.0, 0.3, 0.2, 0.1];
  const model: YOLODetector<Channels, Channels> = buildDetector(modelJson('tiny_starnet.model.json'));
  loadStateDict(model, readSafetensors(path.join(dir, 'weights.safetensors')));
  const inp = readSafetensors(path.join(dir, 'input.safetensors'));
  const wantGrads = readSafetensors(path.join(dir, 'grads.safetensors'));
  const x = tf.tidy(() => input4(inp.get('input')!));
  model.train();
  const params = model.parameters();
  const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
  const { value, grads } = tf.variableGrads(() => {
    const o = model.forward(x, { training: true });
    return tf.addN([...o.clsScores, ...o.bboxPreds, ...o.objectnesses].map((y, i) => tf.mul(tf.sum(y), weights[i]))) as tf.Scalar;
  }, [...params.values()]);
  const wantLoss = inp.get('loss')!.data[0]!;
  assert.ok(Math.abs(value.dataSync()[0]! - wantLoss) <= 1e-4 * Math.abs(wantLoss), `loss ${value.dataSync()[0]} vs ${wantLoss}`);
  for (const [name, v] of params) {
    const want = wantGrads.get(name)!;
    const got = toTorch(grads[v.name]!, byVar.get(name)!.layout);
    let scale = 0;
    for (const w of want.data) scale = Math.max(scale, Math.abs(w));
    const { max } = maxAbsDiff(got.data, want.data);
    assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
  }
  model.discardBatchNormUpdates();
  tf.dispose([value, x, ...Object.values(grads)]);
  model.dispose();
}
