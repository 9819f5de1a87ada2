/**
 * The YOLOv8 loss on webgpu: its assigner reads the candidates' predictions asynchronously
 * (a synchronous read of GPU data fails in Node), and losses and gradients equal PyTorch's.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { relDiff, maxAbsDiff } from '../losses/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { readSafetensors } from '../../runtime/io/safetensors.js';
import { yolov8Loss, yolov8LossConfig, yolov8Prepare } from '../../runtime/losses/yolov8.js';
import { useWebgpu } from '../helpers/webgpu.js';

const DIR = path.join(ROOT, 'tests/fixtures/yolov8/loss');
const CASES = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as Record<string, { bbox_head: unknown; train_cfg: unknown }>;
let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('YOLOv8 loss on webgpu: losses within 1e-5 relative, gradients within 1e-6, reads asynchronous only', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  for (const name of ['nth_b2_64_c3', 'partial_b3_192_c4']) {
    const m = readSafetensors(path.join(DIR, `${name}.safetensors`));
    const cfg = yolov8LossConfig(CASES[name]!.bbox_head, CASES[name]!.train_cfg);
    const ts = (k: string) => [0, 1, 2].map((l) => tf.tensor(m.get(`${k}.${l}`)!.data as Float32Array, m.get(`${k}.${l}`)!.shape, 'float32'));
    const out = { clsScores: ts('cls_scores'), bboxDistPreds: ts('bbox_dist') };
    const asg = await yolov8Prepare(out, m.get('gt')!.data as Float32Array, cfg);
    let parts: tf.Tensor[] = [];
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const r = yolov8Loss({ clsScores: xs.slice(0, 3), bboxDistPreds: xs.slice(3) }, asg, cfg);
      parts = [tf.keep(r.loss_cls), tf.keep(r.loss_bbox), tf.keep(r.loss_dfl)];
      return tf.addN(parts);
    })([...out.clsScores, ...out.bboxDistPreds]);
    const [lossData, gradData] = await Promise.all([Promise.all(parts.map((p) => p.data())), Promise.all(grads.map((g) => g.data()))]);
    ['loss_cls', 'loss_bbox', 'loss_dfl'].forEach((k, i) => {
      const want = m.get(k)!.data[0]!;
      assert.ok(relDiff(lossData[i]![0]!, want) < 1e-5, `${name} ${k}: ${lossData[i]![0]} vs ${want}`);
    });
    const names = [0, 1, 2].map((l) => `grad.cls_scores.${l}`).concat([0, 1, 2].map((l) => `grad.bbox_dist.${l}`));
    names.forEach((n, i) => {
      const d = maxAbsDiff(gradData[i] as Float32Array, m.get(n)!.data);
      assert.ok(d < 1e-6, `${name} ${n}: max |diff| ${d}`);
    });
    tf.dispose([...parts, ...grads, ...out.clsScores, ...out.bboxDistPreds]);
  }
});
