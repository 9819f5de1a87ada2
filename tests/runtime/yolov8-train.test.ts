/**
 * One YOLOv8 training step against PyTorch (tests/fixtures/yolov8/gen_train_step.py: a tiny
 * YOLOv8 through ref_yolov8_model.py, the real loss through ref_yolov8_loss.py, backward): the
 * three losses, every parameter's gradient and the BN running statistics after the step, through
 * the training loop's own path (the head-training contract under variableGradsAsync).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC, toTorch } from '../../runtime/index.js';
import { headTrainingFor, totalLoss } from '../../runtime/engine/head-training.js';
import { variableGradsAsync } from '../../runtime/engine/grads.js';
import { describeBackends, maxAbsDiff } from './helpers.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/yolov8/train_step');

describeBackends('YOLOv8 training step vs PyTorch', () => {
  it('tiny YOLOv8: losses, every parameter gradient and the BN running statistics match; memory stays flat', async () => {
    const cfg = JSON.parse(readFileSync(path.join(DIR, 'model.json'), 'utf8')) as Record<string, unknown>;
    const model = buildDetector(cfg);
    loadStateDict(model, readSafetensors(path.join(DIR, 'weights.safetensors')), { strict: true });
    const inp = readSafetensors(path.join(DIR, 'input.safetensors'));
    const wantGrads = readSafetensors(path.join(DIR, 'grads.safetensors'));
    const wantRunning = readSafetensors(path.join(DIR, 'running_after.safetensors'));
    const input = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
    const batch = { gt: Float32Array.from(inp.get('gt')!.data), inputShape: [input.shape[2]!, input.shape[3]!] as [number, number], batchSize: input.shape[0]! };
    model.train();
    const tr = headTrainingFor(cfg);
    const params = model.parameters();
    const byVar = new Map(model.namedParams().map(([k, p]) => [k, p]));
    let parts: tf.Scalar[] = [];
    const step = () => variableGradsAsync(
      () => model.forward(x, { training: true }) as unknown as Record<string, tf.Tensor[]>,
      (o) => tr.prepare!(o, batch),
      (o, p) => { const l = tr.loss(o, batch, p); parts = tr.lossNames.map((k) => tf.keep(l[k]!)); return totalLoss(l, tr.lossNames); },
      [...params.values()]);
    const { value, grads } = await step();
    const got = await Promise.all(parts.map((p) => p.data()));
    tr.lossNames.forEach((k, i) => {
      const want = inp.get(k)!.data[0]!;
      assert.ok(Math.abs(got[i]![0]! - want) <= 1e-4 * Math.abs(want), `${k} ${got[i]![0]} vs ${want}`);
    });
    assert.ok(Math.abs((await value.data())[0]! - inp.get('loss')!.data[0]!) <= 1e-4 * inp.get('loss')!.data[0]!, 'total loss');
    assert.equal(Object.keys(grads).length, wantGrads.size, 'a gradient for every trainable parameter');
    let worst = 0, worstRunning = 0;
    for (const [name, v] of params) {
      const want = wantGrads.get(name);
      assert.ok(want, `PyTorch has a gradient for ${name}`);
      const g = toTorch(grads[v.name]!, byVar.get(name)!.layout);
      assert.deepEqual(g.shape, want.shape, `${name}: gradient shape`);
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      const { max } = maxAbsDiff(g.data, want.data);
      worst = Math.max(worst, max / (scale + 1e-12));
      assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
    }
    tf.dispose([value, ...parts, ...Object.values(grads)]);
    model.applyBatchNormUpdates();
    for (const [name, v] of model.buffers()) {
      const { max } = maxAbsDiff(v.dataSync(), wantRunning.get(name)!.data);
      worstRunning = Math.max(worstRunning, max);
      assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
    }
    if (process.env.YOLOC_VERBOSE) console.log(`losses ${got.map((d) => d[0]).join(', ')}; gradients within ${worst.toExponential(2)} of each tensor's largest; running stats within ${worstRunning.toExponential(2)}`);
    // more steps (SGD by hand): no tensor outlives a step
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await step();
      tf.tidy(() => { for (const v of params.values()) v.assign(tf.sub(v, tf.mul(r.grads[v.name]!, 1e-4))); });
      tf.dispose([r.value, ...parts, ...Object.values(r.grads)]);
      model.applyBatchNormUpdates();
      counts.push(tf.memory().numTensors);
    }
    assert.equal(counts[2], counts[1], `numTensors across steps: ${counts}`);
    x.dispose();
    model.dispose();
  });
  // not on the cpu backend: its JS convolutions take ~100 s for this step (the loss alone runs on cpu in tests/losses)
}, ['wasm', 'native']);
