/**
 * The RTMDet loss on webgpu: the DSL assigner runs on the device as tfjs ops (TopK, ScatterNd,
 * argmin; nothing read back: a synchronous read of GPU data throws in Node), and losses and
 * gradients equal PyTorch's (four of the cases; all seven pass, the rest cost time).
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { relDiff, maxAbsDiff } from '../losses/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { readSafetensors } from '../../runtime/io/safetensors.js';
import { rtmdetLoss, rtmdetLossConfig } from '../../runtime/losses/rtmdet.js';
import { useWebgpu } from '../helpers/webgpu.js';

const DIR = path.join(ROOT, 'tests/fixtures/rtmdet');
const CASES = JSON.parse(readFileSync(path.join(DIR, 'loss_cases.json'), 'utf8')) as Record<string, { bbox_head: unknown }>;
let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('RTMDet loss on webgpu: losses within 1e-5 relative, gradients within 1e-6, no synchronous read', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  for (const name of ['basic_b2_64x96', 'empty_image_b3_96x96', 'crowded_b2_128x128', 'degenerate_b1_64x64']) {
    const m = readSafetensors(path.join(DIR, `loss_${name}.safetensors`));
    const cfg = rtmdetLossConfig(CASES[name]!.bbox_head);
    const ts = (k: string) => [0, 1, 2].map((l) => tf.tensor(m.get(`${k}.${l}`)!.data as Float32Array, m.get(`${k}.${l}`)!.shape, 'float32'));
    const out = { clsScores: ts('cls_scores'), bboxPreds: ts('bbox_preds') };
    let parts: tf.Tensor[] = [];
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const r = rtmdetLoss({ clsScores: xs.slice(0, 3), bboxPreds: xs.slice(3) }, m.get('gt')!.data as Float32Array, cfg);
      parts = [tf.keep(r.loss_cls), tf.keep(r.loss_bbox)];
      return tf.addN(parts);
    })([...out.clsScores, ...out.bboxPreds]);
    const [lossData, gradData] = await Promise.all([Promise.all(parts.map((p) => p.data())), Promise.all(grads.map((g) => g.data()))]);
    ['loss_cls', 'loss_bbox'].forEach((k, i) => {
      const want = m.get(k)!.data[0]!;
      assert.ok(relDiff(lossData[i]![0]!, want) < 1e-5 || Math.abs(lossData[i]![0]! - want) < 1e-9, `${name} ${k}: ${lossData[i]![0]} vs ${want}`);
    });
    const names = [0, 1, 2].map((l) => `grad.cls_scores.${l}`).concat([0, 1, 2].map((l) => `grad.bbox_preds.${l}`));
    names.forEach((n, i) => {
      const d = maxAbsDiff(gradData[i] as Float32Array, m.get(n)!.data);
      assert.ok(d < 1e-6, `${name} ${n}: max |diff| ${d}`);
    });
    tf.dispose([...parts, ...grads, ...out.clsScores, ...out.bboxPreds]);
  }
});
