import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { checkFile } from '../../compiler/check/run.js';
import path from 'node:path';
import { tf, backends, headOutputs, LOSS_FIXTURE, maxAbsDiff, relDiff } from './helpers.js';
import { readSafetensors, type TensorData } from '../../runtime/io/safetensors.js';
import { yolov5Loss, yolov5LossConfig, type HeadOutputs, type Yolov5LossConfig } from '../../runtime/losses/yolov5.js';
import { ROOT } from '../helpers/paths.js';
import { assignLevel, lastWriters, normalizeGt } from '../../runtime/losses/assigner.js';

const NAMES = ['clsScores', 'bboxPreds', 'objectnesses'] as const;
const TORCH = { clsScores: 'cls_scores', bboxPreds: 'bbox_preds', objectnesses: 'objectnesses' } as const;
const KEYS = ['loss_cls', 'loss_bbox', 'loss_obj'] as const;

/** Losses and gradients of their sum with respect to every head output. */
function lossAndGrads(out: HeadOutputs, gt: Float32Array, cfg: Yolov5LossConfig, inputShape?: [number, number]) {
  const flat = NAMES.flatMap((n) => out[n]);
  const L = out.bboxPreds.length;
  const losses: Record<string, number> = {};
  const grads = tf.grads((...xs: tf.Tensor[]) => {
    const o = { clsScores: xs.slice(0, L), bboxPreds: xs.slice(L, 2 * L), objectnesses: xs.slice(2 * L) };
    const r = yolov5Loss(o, gt, cfg, { inputShape });
    for (const k of KEYS) losses[k] = r[k].dataSync()[0]!;
    return tf.addN([r.loss_cls, r.loss_bbox, r.loss_obj]);
  })(flat);
  return { losses, grads: grads.map((g) => g.dataSync()) };
}

function compare(m: Map<string, TensorData>, prefix: string, res: ReturnType<typeof lossAndGrads>, L = 3): void {
  for (const k of KEYS) {
    const want = m.get(`${prefix}${k}`)!.data[0]!;
    assert.ok(relDiff(res.losses[k]!, want) < 1e-5 || Math.abs(res.losses[k]! - want) < 1e-9, `${prefix}${k}: ${res.losses[k]} vs ${want}`);
  }
  NAMES.forEach((n, i) => {
    for (let l = 0; l < L; l++) {
      const d = maxAbsDiff(res.grads[i * L + l]!, m.get(`${prefix}grad.${TORCH[n]}.${l}`)!.data);
      assert.ok(d < 1e-6, `${prefix}grad.${TORCH[n]}.${l}: max |diff| ${d}`);
    }
  });
}

// the shared fixture lives beside the clone (../shared, or $YOLOC_SHARED); the committed cases do not
const SHARED_SKIP = existsSync(LOSS_FIXTURE) ? false : `needs ${LOSS_FIXTURE} (set YOLOC_SHARED)`;
const fixture = SHARED_SKIP ? new Map<string, TensorData>() : readSafetensors(LOSS_FIXTURE);
const casesDir = path.join(ROOT, 'tests/fixtures/loss');
const cases = JSON.parse(readFileSync(path.join(casesDir, 'cases.json'), 'utf8')) as Record<string, { bbox_head: unknown; batch_input_shape: [number, number] }>;

for (const backend of await backends()) {
  test(`[${backend}] shared fixture (80 classes, batch 2, 320): losses and gradients equal MMYOLO's`, { skip: SHARED_SKIP }, async () => {
    await tf.setBackend(backend);
    const out = headOutputs(fixture);
    for (const c of ['main', 'empty']) compare(fixture, `${c}.`, lossAndGrads(out, fixture.get(`${c}.gt`)!.data as Float32Array, yolov5LossConfig({})));
    tf.dispose(NAMES.flatMap((n) => out[n]));
  });

  test(`[${backend}] extra cases (borders, collisions, tiny/huge, 1 class, batch 3, non-square)`, async () => {
    await tf.setBackend(backend);
    for (const [name, c] of Object.entries(cases)) {
      const m = readSafetensors(path.join(casesDir, `${name}.safetensors`));
      const out = headOutputs(m);
      compare(m, '', lossAndGrads(out, m.get('gt')!.data as Float32Array, yolov5LossConfig(c.bbox_head), c.batch_input_shape));
      tf.dispose(NAMES.flatMap((n) => out[n]));
    }
  });
}

// loss_cls / loss_obj class_weight: mmdet hands it to BCE-with-logits as pos_weight (gen_class_weight.py)
const weighted = JSON.parse(readFileSync(path.join(casesDir, 'class_weight.json'), 'utf8')) as Record<string, { bbox_head: unknown; batch_input_shape: [number, number] }>;
for (const backend of await backends()) {
  test(`[${backend}] class_weight (a list per class, a number, a one-element list): losses and gradients equal MMYOLO's`, async () => {
    await tf.setBackend(backend);
    for (const [name, c] of Object.entries(weighted)) {
      const m = readSafetensors(path.join(casesDir, `${name}.safetensors`));
      const out = headOutputs(m);
      const cfg = yolov5LossConfig(c.bbox_head);
      assert.ok(cfg.posWeight?.obj !== null && cfg.posWeight?.cls !== null, `${name}: class_weight read`);
      compare(m, '', lossAndGrads(out, m.get('gt')!.data as Float32Array, cfg, c.batch_input_shape));
      // and it matters: without it the objectness loss is another number
      const plain = yolov5LossConfig({ ...(c.bbox_head as object), loss_obj: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, loss_weight: cfg.loss.obj } });
      const other = lossAndGrads(out, m.get('gt')!.data as Float32Array, plain, c.batch_input_shape).losses.loss_obj!;
      const change = relDiff(other, m.get('loss_obj')!.data[0]!);
      assert.ok(change > 1e-4, `${name}: pos_weight changes loss_obj by ${change} relative`);
      tf.dispose(NAMES.flatMap((n) => out[n]));
    }
  });
}

test('class_weight of the wrong length is a YC7201 naming the key', () => {
  const head = { head_module: { num_classes: 4 }, loss_cls: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, class_weight: [1, 2, 3] } };
  assert.throws(() => yolov5LossConfig(head), (e: Error & { code?: string }) => e.code === 'YC7201' && /loss_cls\.class_weight has 3 values: give one or one per class \(4\)/.test(e.message));
  assert.throws(() => yolov5LossConfig({ loss_obj: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, class_weight: [1, 2] } }), (e: Error & { code?: string }) => e.code === 'YC7201' && /loss_obj\.class_weight has 2 values: give one$/.test(e.message));
  assert.throws(() => yolov5LossConfig({ loss_obj: { type: 'mmdet.CrossEntropyLoss', use_sigmoid: true, class_weight: 'x' } }), (e: Error & { code?: string }) => e.code === 'YC7201');
});

test('check says a bad class_weight at its line: YC4005 for the length, YC4004 for the type; train refuses before it starts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-cw-'));
  const file = path.join(dir, 'bad_cw.py');
  writeFileSync(file, `_base_ = ${JSON.stringify(path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'))}
model = dict(bbox_head=dict(
    loss_cls=dict(class_weight=[1.0, 2.0, 3.0]),
    loss_obj=dict(class_weight='x')))
`);
  const ds = checkFile(file).diagnostics.filter((d) => d.severity === 'error');
  const got = ds.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`);
  assert.deepEqual(got, [
    'YC4005 3:32 model.bbox_head.loss_cls.class_weight has 3 values: give one or one per class (80)',
    'YC4004 4:32 model.bbox_head.loss_obj.class_weight must be a number or a list of numbers, got "x"',
  ]);
  // the VOC configs' values are accepted
  writeFileSync(file, `_base_ = ${JSON.stringify(path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py'))}
model = dict(bbox_head=dict(loss_cls=dict(class_weight=0.5), loss_obj=dict(class_weight=0.67198)))
`);
  assert.deepEqual(checkFile(file).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), []);
});

test('NHWC head outputs give the same losses as NCHW', async () => {
  await tf.setBackend('cpu');
  const m = readSafetensors(path.join(casesDir, 'collisions_b2_96x128.safetensors'));
  const nchw = headOutputs(m);
  const cfg = yolov5LossConfig(cases['collisions_b2_96x128']!.bbox_head);
  const gt = m.get('gt')!.data as Float32Array;
  const a = yolov5Loss(nchw, gt, cfg);
  const nhwc = { clsScores: nchw.clsScores.map((t) => tf.transpose(t, [0, 2, 3, 1])), bboxPreds: nchw.bboxPreds.map((t) => tf.transpose(t, [0, 2, 3, 1])), objectnesses: nchw.objectnesses.map((t) => tf.transpose(t, [0, 2, 3, 1])) };
  const b = yolov5Loss(nhwc, gt, cfg, { layout: 'NHWC' });
  for (const k of KEYS) assert.ok(relDiff(b[k].dataSync()[0]!, a[k].dataSync()[0]!) < 1e-6, k);
  assert.ok(a.loss_bbox.dataSync()[0]! > 0);
});

// The native backend runs the loss as two fused kernels (runtime/losses/yolov5-fused.ts); the
// composite ops are what every other backend runs. Both on every committed case, NHWC as
// training feeds it, with class_weight too: the same losses and every gradient.
test('[native] the fused loss kernels equal the composite ops (NHWC, every case, class_weight), and they ran', async (t) => {
  const list = await backends();
  if (!list.includes('native')) return t.skip('native engine not built here');
  await tf.setBackend('native');
  const all = { ...cases, ...weighted };
  let compared = 0;
  for (const [name, c] of Object.entries(all)) {
    const m = readSafetensors(path.join(casesDir, `${name}.safetensors`));
    const nchw = headOutputs(m);
    const out = Object.fromEntries(NAMES.map((n) => [n, nchw[n].map((x) => tf.transpose(x, [0, 2, 3, 1]))])) as unknown as HeadOutputs;
    const cfg = yolov5LossConfig(c.bbox_head);
    const gt = m.get('gt')!.data as Float32Array;
    const run = (composite: boolean) => {
      if (composite) process.env.YOLOC_FUSED = '-YolocYolov5Loss';
      try {
        const flat = NAMES.flatMap((n) => out[n]);
        const L = out.bboxPreds.length;
        const losses: Record<string, number> = {};
        let kernels: string[] = [];
        const grads = tf.grads((...xs: tf.Tensor[]) => {
          const o = { clsScores: xs.slice(0, L), bboxPreds: xs.slice(L, 2 * L), objectnesses: xs.slice(2 * L) };
          const r = yolov5Loss(o, gt, cfg, { layout: 'NHWC', inputShape: c.batch_input_shape });
          for (const k of KEYS) losses[k] = r[k].dataSync()[0]!;
          // weigh the terms differently, so each term's upstream gradient is checked on its own
          return tf.addN([tf.mul(r.loss_cls, 0.5), r.loss_bbox, tf.mul(r.loss_obj, 2)]);
        });
        let g: tf.Tensor[] = [];
        const info = tf.profile(() => { g = grads(flat); });
        return info.then((p) => { kernels = p.kernels.map((k) => k.name); return { losses, grads: g.map((x) => x.dataSync()), kernels }; });
      } finally {
        delete process.env.YOLOC_FUSED;
      }
    };
    const fused = await run(false);
    const composite = await run(true);
    assert.ok(fused.kernels.includes('YolocYolov5Loss') && fused.kernels.includes('YolocYolov5LossGrad'), `${name}: the fused kernels ran`);
    assert.ok(!composite.kernels.includes('YolocYolov5Loss'), `${name}: the composite ran without them`);
    assert.ok(fused.kernels.length * 4 < composite.kernels.length, `${name}: ${fused.kernels.length} kernel calls fused, ${composite.kernels.length} composite`);
    for (const k of KEYS) {
      const a = fused.losses[k]!, b = composite.losses[k]!;
      assert.ok(relDiff(a, b) < 2e-6 || Math.abs(a - b) < 1e-9, `${name} ${k}: fused ${a} vs composite ${b}`);
    }
    fused.grads.forEach((gf, i) => {
      const gc = composite.grads[i]!;
      let scale = 0;
      for (const v of gc) scale = Math.max(scale, Math.abs(v));
      const d = maxAbsDiff(gf, gc);
      assert.ok(d <= 1e-5 * scale + 1e-12, `${name} gradient ${i}: max |diff| ${d} (largest ${scale})`);
    });
    compared++;
    tf.dispose([...NAMES.flatMap((n) => nchw[n]), ...NAMES.flatMap((n) => out[n])]);
  }
  assert.equal(compared, Object.keys(all).length);
  await tf.setBackend('cpu');
});

test('assignment equals the fixture positives (order, cells, offsets, target boxes) bit for bit', { skip: SHARED_SKIP }, () => {
  const gtNorm = normalizeGt(fixture.get('main.gt')!.data as Float32Array, 320, 320);
  const cfg = yolov5LossConfig({});
  for (let l = 0; l < 3; l++) {
    const grid = 320 / cfg.strides[l]!;
    const asg = assignLevel(gtNorm, grid, grid, cfg.anchors[l]!, cfg.strides[l]!);
    const pos = fixture.get(`main.pos.${l}`)!; // columns img, label, prior, gy, gx, offset, gt_index, tx, ty, tw, th, ciou
    assert.equal(asg.count, pos.shape[0]);
    for (let r = 0; r < asg.count; r++) {
      const row = Array.from(pos.data.subarray(r * 12, r * 12 + 11));
      const mine = [asg.img[r], asg.label[r], asg.prior[r], asg.gy[r], asg.gx[r], asg.offset[r], asg.gtIndex[r], ...asg.tbox.subarray(r * 4, r * 4 + 4)];
      assert.deepEqual(mine, row, `level ${l} row ${r}`);
    }
  }
});

test('lastWriters keeps the last positive per cell, in enumeration order', () => {
  const gtNorm = normalizeGt(new Float32Array([0, 0, 20, 20, 40, 44, 0, 1, 20, 20, 40, 44, 0, 2, 200, 200, 230, 230]), 320, 320);
  const asg = assignLevel(gtNorm, 40, 40, [[10, 13], [16, 30], [33, 23]], 8);
  const { rows, cells } = lastWriters(asg, (b, a, y, x) => ((b * 3 + a) * 40 + y) * 40 + x);
  assert.equal(new Set(cells).size, cells.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // no later row hits the same cell
    for (let q = r + 1; q < asg.count; q++) {
      assert.ok(!(asg.prior[q] === asg.prior[r] && asg.gy[q] === asg.gy[r] && asg.gx[q] === asg.gx[r] && asg.img[q] === asg.img[r]));
    }
  }
  // the duplicate pair (GT 0 and 1) shares every cell: GT 1 wins all of them
  assert.ok(asg.count > rows.length);
  for (const r of rows) assert.notEqual(asg.gtIndex[r], 0);
});

test('bad targets and outputs are YolocErrors with codes', async () => {
  await tf.setBackend('cpu');
  const m = readSafetensors(path.join(casesDir, 'collisions_b2_96x128.safetensors')); // batch 2, 96x128, 4 classes
  const out = headOutputs(m);
  const cfg = yolov5LossConfig(cases['collisions_b2_96x128']!.bbox_head);
  const err = (code: string) => (e: unknown) => (e as { code?: string }).code === code;
  assert.doesNotThrow(() => yolov5Loss(out, new Float32Array([1, 3, 1, 1, 50, 50]), cfg));
  assert.throws(() => yolov5Loss(out, new Float32Array([0, 0, 1, 1, 5]), cfg), err('YC7203'));
  assert.throws(() => yolov5Loss(out, new Float32Array([2, 0, 1, 1, 50, 50]), cfg), err('YC7203'));
  assert.throws(() => yolov5Loss(out, new Float32Array([0, 4, 1, 1, 50, 50]), cfg), err('YC7203'));
  assert.throws(() => yolov5Loss(out, new Float32Array([0, 1, 400, 400, 500, 500]), cfg), err('YC7203'));
  assert.throws(() => yolov5Loss({ ...out, objectnesses: out.objectnesses.slice(0, 2) }, new Float32Array(), cfg), err('YC7202'));
  assert.throws(() => yolov5LossConfig({ prior_match_thr: 'x' }), err('YC7201'));
  assert.throws(() => yolov5Loss(out, new Float32Array(), yolov5LossConfig({ head_module: { num_classes: 3 } })), err('YC7202'));
});

test('no tensors leak from the loss or its gradients', async () => {
  await tf.setBackend('cpu');
  const m = readSafetensors(path.join(casesDir, 'border_b3_256x320.safetensors'));
  const out = headOutputs(m);
  const flat = NAMES.flatMap((n) => out[n]);
  const gt = m.get('gt')!.data as Float32Array;
  const cfg = yolov5LossConfig(cases['border_b3_256x320']!.bbox_head);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 2; i++) {
    tf.dispose(tf.grads((...xs: tf.Tensor[]) => {
      const r = yolov5Loss({ clsScores: xs.slice(0, 3), bboxPreds: xs.slice(3, 6), objectnesses: xs.slice(6) }, gt, cfg, { inputShape: [256, 320] });
      return tf.addN([r.loss_cls, r.loss_bbox, r.loss_obj]);
    })(flat));
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(flat);
});
