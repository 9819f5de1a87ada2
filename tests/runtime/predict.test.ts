/**
 * predict_by_feat after decoding: objectness filter, multi-label and best-label candidates,
 * nms_pre, rescale through pad_param and scale_factor, clamp, max_per_img; and mmcv's
 * batched_nms, including its offset trick's behaviour with negative coordinates.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { batchedNms, predictByFeat, selectBackend, tf, type HeadOutputs, type TestCfg } from '../../runtime/index.js';

before(async () => { await selectBackend('cpu', { quiet: true }); });

it('batched_nms: strict > threshold, per label, ordered by score', () => {
  const boxes = new Float32Array([
    0, 0, 10, 10, // 0: label 0, score .9
    0, 0, 10, 13, // 1: IoU 100/130 = .769 with 0 -> suppressed
    0, 0, 10, 10, // 2: label 1, same box: other class, kept
    20, 20, 30, 30, // 3: far away, kept
    0, 0, 13, 10 + 0.0, // 4: IoU 100/130 with 0 -> suppressed
  ]);
  const scores = new Float32Array([0.9, 0.8, 0.7, 0.95, 0.6]);
  const labels = new Int32Array([0, 0, 1, 0, 0]);
  assert.deepEqual(batchedNms(boxes, scores, labels, 0.65), [3, 0, 2]);
  assert.deepEqual(batchedNms(boxes, scores, labels, 0.8), [3, 0, 1, 2, 4]);
});

it('batched_nms reproduces mmcv offsets: boxes with negative x can suppress across labels', () => {
  // max coordinate 10: label 1 is shifted by 11 (all four coordinates), which still overlaps
  // label 0's box: IoU 99^2 / (2 * 110^2 - 99^2) = 0.68.
  const boxes = new Float32Array([-100, -100, 10, 10, -100, -100, 10, 10]);
  const keep = batchedNms(boxes, new Float32Array([0.9, 0.8]), new Int32Array([0, 1]), 0.65);
  assert.deepEqual(keep, [0]);
  const apart = new Float32Array([0, 0, 10, 10, 0, 0, 10, 10]);
  assert.deepEqual(batchedNms(apart, new Float32Array([0.9, 0.8]), new Int32Array([0, 1]), 0.65), [0, 1]);
});

/** One level 2x2, one anchor (8x8), stride 8, two classes; box logits 0 decode to the prior box. */
function outputs(obj: number[], cls: number[][]): HeadOutputs {
  return {
    clsScores: [tf.tensor4d(cls.flat(), [1, 2, 2, 2])],
    bboxPreds: [tf.zeros([1, 2, 2, 4]) as tf.Tensor4D],
    objectnesses: [tf.tensor4d(obj, [1, 2, 2, 1])],
  };
}
const HEAD = { strides: [8], anchors: [[[8, 8]]] };
const CFG: TestCfg = { multiLabel: true, nmsPre: 1000, scoreThr: 0.001, iouThreshold: 0.65, maxPerImg: 100 };
const sig = (x: number) => 1 / (1 + Math.exp(-x));

it('multi-label candidates, objectness filter, rescale through pad and scale, clamp', async () => {
  // cells in (y, x) order: (0,0) (0,1) (1,0) (1,1)
  const outs = outputs([5, -10, 2, 2], [[3, 1], [9, 9], [0, -20], [-1, 0.5]]);
  const meta = { oriShape: [6, 7] as [number, number], scaleFactor: [2, 2] as [number, number], padParam: [2, 2, 4, 4] as [number, number, number, number] };
  const [d] = await predictByFeat(outs, [meta], CFG, HEAD);
  // Cell (0,1) fails the objectness filter; class 1 of cell (1,0) is below score_thr.
  const want = [
    { score: sig(3) * sig(5), label: 0, box: [0, 0, 8, 8] },
    { score: sig(1) * sig(5), label: 1, box: [0, 0, 8, 8] },
    { score: sig(0.5) * sig(2), label: 1, box: [8, 8, 16, 16] },
    { score: sig(0) * sig(2), label: 0, box: [0, 8, 8, 16] },
    { score: sig(-1) * sig(2), label: 0, box: [8, 8, 16, 16] },
  ].sort((a, b) => b.score - a.score);
  assert.equal(d!.scores.length, want.length);
  want.forEach((w, i) => {
    assert.ok(Math.abs(d!.scores[i]! - w.score) < 1e-6, `score ${i}`);
    assert.equal(d!.labels[i], w.label, `label ${i}`);
    // (box - [left, top, left, top]) / scale, clamped to the 7 x 6 original image
    const exp = [(w.box[0]! - 4) / 2, (w.box[1]! - 2) / 2, (w.box[2]! - 4) / 2, (w.box[3]! - 2) / 2]
      .map((v, k) => Math.min(Math.max(v, 0), k % 2 === 0 ? 7 : 6));
    assert.deepEqual([...d!.bboxes.subarray(i * 4, i * 4 + 4)], exp, `box ${i}`);
  });
  const [best] = await predictByFeat(outs, [meta], { ...CFG, multiLabel: false, maxPerImg: 2 }, HEAD);
  assert.deepEqual([...best!.labels], [0, 1], 'best label per box, max_per_img 2');
  tf.dispose([...outs.clsScores, ...outs.bboxPreds, ...outs.objectnesses]);
});
