/**
 * The YOLOv8 loss and its task-aligned assigner against tests/fixtures/yolov8 (made by
 * gen_loss_cases.py from ref_yolov8_loss.py, which equals MMYOLO's own code bit for bit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tf, backends, maxAbsDiff, relDiff } from './helpers.js';
import { readSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { yolov8Loss, yolov8LossConfig, yolov8Prepare, splitGt, type Yolov8HeadOutputs, type Yolov8LossConfig } from '../../runtime/losses/yolov8.js';
import { assignImage, candidatePriors, priorLevels } from '../../runtime/losses/tal.js';
import { torchTopkIndices, torchTopkSparse } from '../../runtime/losses/topk.js';
import { ROOT } from '../helpers/paths.js';

const DIR = path.join(ROOT, 'tests/fixtures/yolov8/loss');
type Case = { desc: string; batch_input_shape: [number, number]; bbox_head: Record<string, unknown>; train_cfg: Record<string, unknown> };
const CASES = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as Record<string, Case>;
const KEYS = ['loss_cls', 'loss_bbox', 'loss_dfl'] as const;

function outputsOf(m: Map<string, TensorData>): Yolov8HeadOutputs {
  const t = (k: string) => tf.tensor(m.get(k)!.data as Float32Array, m.get(k)!.shape, 'float32');
  return { clsScores: [0, 1, 2].map((l) => t(`cls_scores.${l}`)), bboxDistPreds: [0, 1, 2].map((l) => t(`bbox_dist.${l}`)) };
}

async function lossAndGrads(out: Yolov8HeadOutputs, gt: Float32Array, cfg: Yolov8LossConfig, inputShape: [number, number]) {
  const asg = await yolov8Prepare(out, gt, cfg, { inputShape });
  const losses: Record<string, number> = {};
  const flat = [...out.clsScores, ...out.bboxDistPreds];
  const grads = tf.grads((...xs: tf.Tensor[]) => {
    const r = yolov8Loss({ clsScores: xs.slice(0, 3), bboxDistPreds: xs.slice(3) }, asg, cfg);
    for (const k of KEYS) losses[k] = r[k].dataSync()[0]!;
    return tf.addN([r.loss_cls, r.loss_bbox, r.loss_dfl]);
  })(flat);
  const data = grads.map((g) => g.dataSync());
  tf.dispose(grads);
  return { losses, grads: data, asg };
}

test('torch.topk tie-breaking (libstdc++ partial_sort / nth_element) on 160 tie-heavy rows, dense and sparse', () => {
  const { cases } = JSON.parse(readFileSync(path.join(DIR, 'topk.json'), 'utf8')) as { cases: { n: number; k: number; nonzero: number[]; values: number[]; kept: number[] }[] };
  let partial = 0;
  for (const [i, c] of cases.entries()) {
    const dense = new Float64Array(c.n);
    c.nonzero.forEach((p, j) => { dense[p] = c.values[j]!; });
    const sort = (a: Int32Array) => [...a].sort((x, y) => x - y);
    assert.deepEqual(sort(torchTopkIndices(dense, c.k)), c.kept, `case ${i} (n ${c.n}, k ${c.k}) dense`);
    assert.deepEqual(sort(torchTopkSparse(c.n, c.k, c.nonzero, (p) => dense[p]!)), c.kept, `case ${i} sparse`);
    if (c.k * 64 <= c.n) partial++;
  }
  assert.ok(partial > 20 && partial < cases.length - 20, `both paths covered (${partial} partial_sort rows)`);
});

test('the assigner on PyTorch\'s own predictions: the same positives, GTs, labels and boxes; scores within 2e-6 relative + 1e-9 (powf/atan ulps, raised to the 6th power)', () => {
  for (const [name, c] of Object.entries(CASES)) {
    const m = readSafetensors(path.join(DIR, `${name}.safetensors`));
    const cfg = yolov8LossConfig(c.bbox_head, c.train_cfg);
    const [H, W] = c.batch_input_shape;
    const levels = priorLevels(cfg.strides.map((s) => [H / s, W / s] as [number, number]), cfg.strides);
    const [B, N, C] = m.get('pred_scores')!.shape as [number, number, number];
    const boxes = m.get('pred_boxes')!.data as Float32Array;
    const scores = m.get('pred_scores')!.data as Float32Array;
    const gts = splitGt(m.get('gt')!.data as Float32Array, B, C);
    let positives = 0;
    let worst = 0;
    for (let b = 0; b < B; b++) {
      const cand = candidatePriors(levels, gts[b]!);
      const a = assignImage(N, gts[b]!, cand.perGt, {
        box: (p) => boxes.subarray((b * N + p) * 4, (b * N + p) * 4 + 4),
        score: (p, k) => scores[(b * N + p) * C + k]!,
      }, cfg.assigner);
      const fg = m.get('asg.fg')!.data.subarray(b * N, (b + 1) * N);
      const want = [...fg.keys()].filter((p) => fg[p] === 1);
      assert.deepEqual([...a.prior], want, `${name} image ${b}: positives`);
      a.prior.forEach((p, i) => {
        assert.equal(a.gt[i], m.get('asg.gt_index')!.data[b * N + p], `${name} ${b}/${p}: gt`);
        assert.equal(a.label[i], m.get('asg.labels')!.data[b * N + p], `${name} ${b}/${p}: label`);
        const g = a.gt[i]!;
        assert.deepEqual([...gts[b]!.boxes.subarray(g * 4, g * 4 + 4)], [...m.get('asg.boxes')!.data.subarray((b * N + p) * 4, (b * N + p) * 4 + 4)], `${name} ${b}/${p}: box`);
        const ws = m.get('asg.score')!.data[b * N + p]!;
        worst = Math.max(worst, Math.abs(a.score[i]! - ws) / (ws + 1e-3));
        assert.ok(Math.abs(a.score[i]! - ws) <= 2e-6 * ws + 1e-9, `${name} ${b}/${p}: score ${a.score[i]} vs ${ws}`);
      });
      positives += a.prior.length;
    }
    assert.equal(positives, [...m.get('asg.fg')!.data].reduce((s, v) => s + v, 0), name);
    if (process.env.YOLOC_VERBOSE) console.log(`${name}: ${positives} positives, score |diff| / (score + 1e-3) <= ${worst.toExponential(2)}`);
  }
});

for (const backend of await backends()) {
  test(`[${backend}] losses within 1e-5 relative and gradients within 1e-6 of PyTorch (6 cases)`, async () => {
    await tf.setBackend(backend);
    let worstLoss = 0, worstGrad = 0;
    for (const [name, c] of Object.entries(CASES)) {
      const m = readSafetensors(path.join(DIR, `${name}.safetensors`));
      const out = outputsOf(m);
      const cfg = yolov8LossConfig(c.bbox_head, c.train_cfg);
      const res = await lossAndGrads(out, m.get('gt')!.data as Float32Array, cfg, c.batch_input_shape);
      for (const k of KEYS) {
        const want = m.get(k)!.data[0]!;
        if (want !== 0) worstLoss = Math.max(worstLoss, relDiff(res.losses[k]!, want));
        assert.ok(relDiff(res.losses[k]!, want) < 1e-5 || Math.abs(res.losses[k]! - want) < 1e-9, `${name} ${k}: ${res.losses[k]} vs ${want}`);
      }
      const names = [0, 1, 2].map((l) => `grad.cls_scores.${l}`).concat([0, 1, 2].map((l) => `grad.bbox_dist.${l}`));
      names.forEach((n, i) => {
        const d = maxAbsDiff(res.grads[i]!, m.get(n)!.data);
        worstGrad = Math.max(worstGrad, d);
        assert.ok(d < 1e-6, `${name} ${n}: max |diff| ${d}`);
      });
      tf.dispose([...out.clsScores, ...out.bboxDistPreds]);
    }
    if (process.env.YOLOC_VERBOSE) console.log(`${backend}: losses within ${worstLoss.toExponential(2)} relative, gradients within ${worstGrad.toExponential(2)}`);
  });
}

test('NHWC head outputs give the NCHW losses; the assignment of the loss path equals the fixture\'s', async () => {
  await tf.setBackend('cpu');
  const name = 'nonsquare_b2_96x128_c5';
  const c = CASES[name]!;
  const m = readSafetensors(path.join(DIR, `${name}.safetensors`));
  const cfg = yolov8LossConfig(c.bbox_head, c.train_cfg);
  const gt = m.get('gt')!.data as Float32Array;
  const nchw = outputsOf(m);
  const a = yolov8Loss(nchw, await yolov8Prepare(nchw, gt, cfg), cfg);
  const t = (x: tf.Tensor) => tf.transpose(x, [0, 2, 3, 1]);
  const nhwc = { clsScores: nchw.clsScores.map(t), bboxDistPreds: nchw.bboxDistPreds.map(t) };
  const asg = await yolov8Prepare(nhwc, gt, cfg, { layout: 'NHWC' });
  const b = yolov8Loss(nhwc, asg, cfg, { layout: 'NHWC' });
  for (const k of KEYS) assert.ok(relDiff(b[k].dataSync()[0]!, a[k].dataSync()[0]!) < 1e-6, k);
  const N = m.get('asg.fg')!.shape[1]!;
  asg.images.forEach((img, i) => {
    const fg = m.get('asg.fg')!.data.subarray(i * N, (i + 1) * N);
    assert.deepEqual([...img.prior], [...fg.keys()].filter((p) => fg[p] === 1), `image ${i}`);
  });
});

test('bad head outputs, GT rows and loss settings are YC7201/YC7202/YC7203 errors', async () => {
  await tf.setBackend('cpu');
  const c = CASES['nth_b2_64_c3']!;
  const cfg = yolov8LossConfig(c.bbox_head, c.train_cfg);
  const m = readSafetensors(path.join(DIR, 'nth_b2_64_c3.safetensors'));
  const out = outputsOf(m);
  await assert.rejects(yolov8Prepare({ clsScores: out.clsScores.slice(0, 2), bboxDistPreds: out.bboxDistPreds }, new Float32Array(0), cfg), /YC7202|levels/);
  await assert.rejects(yolov8Prepare(out, Float32Array.from([5, 0, 1, 1, 9, 9]), cfg), (e: Error & { code?: string }) => e.code === 'YC7203');
  await assert.rejects(yolov8Prepare(out, Float32Array.from([0, 7, 1, 1, 9, 9]), cfg), (e: Error & { code?: string }) => e.code === 'YC7203');
  const bad = (head: Record<string, unknown>, train?: unknown) => assert.throws(() => yolov8LossConfig(head, train), (e: Error & { code?: string }) => e.code === 'YC7201');
  bad({ ...c.bbox_head, loss_bbox: { type: 'IoULoss', iou_mode: 'giou' } });
  bad({ ...c.bbox_head, loss_cls: { type: 'mmdet.FocalLoss' } });
  bad(c.bbox_head, { assigner: { type: 'BatchATSSAssigner' } });
  bad(c.bbox_head, { assigner: { type: 'BatchTaskAlignedAssigner', topk: 0 } });
  tf.dispose([...out.clsScores, ...out.bboxDistPreds]);
});
