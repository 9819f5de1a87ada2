/**
 * One RTMDet training step against PyTorch (tests/fixtures/rtmdet/gen_train_step.py: a tiny
 * CSPNeXt / CSPNeXtPAFPN / RTMDetSepBNHeadModule with shared head convs, training mode, the real
 * loss with its DSL assigner, backward): the two loss terms, every parameter's gradient (a
 * shared conv's summed over its three levels) and the BN running statistics after the step.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDetector, loadStateDict, readSafetensors, tf, toNHWC, toTorch } from '../../runtime/index.js';
import { rtmdetLoss, rtmdetLossConfig, type RtmdetHeadOutputs } from '../../runtime/losses/rtmdet.js';
import { variableGradsLowMemory } from '../../runtime/engine/grads.js';
import { describeBackends, maxAbsDiff } from './helpers.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/rtmdet/train_step');
const MODEL = JSON.parse(readFileSync(path.join(DIR, 'model.json'), 'utf8')) as Record<string, unknown>;

describeBackends('RTMDet training step vs PyTorch', () => {
  it('loss terms, every gradient (shared convs once, summed) and BN running statistics match', () => {
    const model = buildDetector(MODEL);
    loadStateDict(model, readSafetensors(path.join(DIR, 'weights.safetensors')), { strict: true });
    const inp = readSafetensors(path.join(DIR, 'input.safetensors'));
    const wantGrads = readSafetensors(path.join(DIR, 'grads.safetensors'));
    const wantRunning = readSafetensors(path.join(DIR, 'running_after.safetensors'));
    const input = inp.get('input')!;
    const x = tf.tidy(() => toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])));
    const gt = inp.get('gt')!.data as Float32Array;
    const cfg = rtmdetLossConfig((MODEL as { bbox_head: unknown }).bbox_head, (MODEL as { train_cfg: unknown }).train_cfg);
    model.train();
    const params = model.parameters();
    const byName = new Map(model.namedParams());
    let parts: tf.Scalar[] = [];
    const { value, grads } = variableGradsLowMemory(() => {
      const out = model.forward(x, { training: true }) as unknown as RtmdetHeadOutputs;
      const l = rtmdetLoss(out, gt, cfg, { layout: 'NHWC' });
      parts = [tf.keep(l.loss_cls), tf.keep(l.loss_bbox)];
      return tf.add(l.loss_cls, l.loss_bbox) as tf.Scalar;
    }, [...model.gradParameters().values()]);
    for (const [i, k] of ['loss_cls', 'loss_bbox'].entries()) {
      const want = inp.get(k)!.data[0]!;
      const got = parts[i]!.dataSync()[0]!;
      assert.ok(Math.abs(got - want) <= 1e-4 * Math.abs(want), `${k} ${got} vs ${want}`); // the YOLOv5 train step's bound
    }
    assert.equal(params.size, wantGrads.size, 'one trainable tensor per PyTorch parameter (shared convs once)');
    for (const [name, v] of params) {
      const want = wantGrads.get(name);
      assert.ok(want, `PyTorch has a gradient for ${name}`);
      const got = toTorch(grads[v.name]!, byName.get(name)!.layout);
      assert.deepEqual(got.shape, want.shape, `${name}: gradient shape`);
      let scale = 0;
      for (const w of want.data) scale = Math.max(scale, Math.abs(w));
      const { max } = maxAbsDiff(got.data, want.data);
      assert.ok(max <= 1e-3 * scale + 1e-4, `${name}: gradient max |diff| ${max} (scale ${scale})`);
    }
    tf.dispose([value, ...parts, ...Object.values(grads)]);
    model.applyBatchNormUpdates();
    for (const [name, v] of model.buffers()) {
      const want = wantRunning.get(name);
      if (!want) continue; // num_batches_tracked is not a float in the fixture
      const { max } = maxAbsDiff(v.dataSync(), want.data);
      assert.ok(max <= 1e-4, `${name} after the step: max |diff| ${max}`);
    }
    x.dispose();
    model.dispose();
  });
}, ['cpu', 'native']);
