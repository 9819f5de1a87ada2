/**
 * YOLOv8 and RTMDet against the PyTorch references of tests/fixtures/anchor_free (ref.py, checked
 * against MMYOLO's own code by check_mmyolo.py):
 * - YOLOv8-n/s and RTMDet-tiny/s (the COCO configs' architectures) at 320 on the native backend,
 *   with the fixture's deterministic weights (a function of each state_dict key, so a wrong
 *   parameter name means other weights): cls logits, DFL distances and raw DFL logits, and the
 *   boxes predict_by_feat decodes (MlvlPointGenerator + DistancePointBBoxCoder);
 * - MMEngine checkpoints (.pth) of narrow variants loaded strictly by their state_dict names
 *   (RTMDet's shared convs included), on the cpu backend;
 * - one parameter per shared tensor, as PyTorch's parameters() counts them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildDetector, decodeHead, forwardNCHW, loadStateDict, predictingHead, readSafetensors, selectBackend, stateDict, tf, toNHWC,
  type Channels, type TensorData, type YOLODetector,
} from '../../runtime/index.js';
import { readWeightsFile } from '../../runtime/io/weights-file.js';
import { readSafetensorsFile } from '../../runtime/io/safetensors.js';
import { deterministicStateDict } from '../helpers/deterministic-weights.js';
import { ROOT } from '../helpers/paths.js';
import { assertClose } from './helpers.js';

const DIR = path.join(ROOT, 'tests/fixtures/anchor_free');
const TRUTH = JSON.parse(readFileSync(path.join(ROOT, 'tests/check/param_truth_anchor_free.json'), 'utf8')) as
  Record<string, { args: Record<string, unknown>; total: number; state_dict?: string[] }>;
const INPUT = readSafetensors(path.join(ROOT, 'tests/fixtures/yolov5n/input_320.safetensors')).get('input')!;

/** The model of `name` with the fixture's deterministic weights, loaded strictly by name. */
function fixtureModel(name: string): YOLODetector<Channels, Channels> {
  const m = buildDetector(TRUTH[name]!.args);
  const first = new Map<object, string>();
  const entries = m.namedParams().map(([k, p]) => {
    const alias = first.get(p);
    if (!alias) first.set(p, k);
    return { name: k, shape: p.torchShape, alias };
  });
  loadStateDict(m, deterministicStateDict(entries), { strict: true });
  return m;
}

/** decodeHead's boxes for an NCHW input (as predict_by_feat decodes them before filtering). */
function decodedBoxes(m: YOLODetector<Channels, Channels>, input: TensorData): TensorData {
  return tf.tidy(() => {
    const o = m.forward(toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])), { training: false });
    const d = decodeHead(o, predictingHead(m.bboxHead).priors);
    return { dtype: 'float32' as const, shape: [...d.bboxes.shape], data: d.bboxes.dataSync() as Float32Array };
  });
}

for (const name of ['yolov8_n', 'yolov8_s', 'rtmdet_tiny', 'rtmdet_s']) {
  test(`native: ${name} at 320 matches PyTorch (logits within 1e-3, decoded boxes within 0.032 px)`, async () => {
    await selectBackend('native', { quiet: true });
    const m = fixtureModel(name);
    try {
      if (TRUTH[name]!.state_dict) {
        // Same names, shapes and order as the PyTorch state_dict (num_batches_tracked aside).
        const ours = m.namedParams().map(([k, p]) => `${k}:${p.torchShape.join('x')}`);
        assert.deepEqual(ours, TRUTH[name]!.state_dict);
      }
      assert.equal(m.countParams(), TRUTH[name]!.total);
      const want = readSafetensors(path.join(DIR, `${name}.out_320.safetensors`));
      const before = tf.memory().numTensors;
      const got = await forwardNCHW(m, INPUT);
      for (const [k, v] of want) if (k !== 'decoded.bboxes') assertClose(k, got.get(k)!, v, 1e-3);
      assertClose('decoded.bboxes', decodedBoxes(m, INPUT), want.get('decoded.bboxes')!, 1e-4 * 320);
      assert.equal(tf.memory().numTensors, before, 'the forward and decode leave no tensor behind');
    } finally {
      m.dispose();
    }
  });
}

for (const kind of ['yolov8', 'rtmdet']) {
  test(`cpu: an MMEngine ${kind} checkpoint (.pth) loads strictly by its state_dict names and matches PyTorch`, async () => {
    await selectBackend('cpu', { quiet: true });
    const { tensors: fx, metadata } = readSafetensorsFile(path.join(DIR, `${kind}_mini.out_64.safetensors`));
    // gen.py records the model dict it built; it is the mini variant of the truth's n / tiny one.
    assert.deepEqual(JSON.parse(metadata.model!), miniArgs(kind));
    const m = buildDetector(miniArgs(kind));
    try {
      const file = path.join(DIR, `${kind}_mini.pth`);
      const report = loadStateDict(m, readWeightsFile(file), { strict: true, file });
      assert.equal(report.missingKeys.length + report.unexpectedKeys.length, 0);
      const got = await forwardNCHW(m, fx.get('input')!);
      for (const [k, v] of fx) if (k !== 'input') assertClose(k, got.get(k)!, v, 1e-4);
    } finally {
      m.dispose();
    }
  });
}

/** The mini models' dicts (gen.py's `mini`). */
function miniArgs(kind: string): Record<string, unknown> {
  const base = JSON.parse(JSON.stringify(TRUTH[kind === 'yolov8' ? 'yolov8_n' : 'rtmdet_tiny']!.args)) as Record<string, Record<string, unknown>>;
  const hm = base.bbox_head!.head_module as Record<string, unknown>;
  for (const d of [base.backbone!, base.neck!, hm]) d.widen_factor = 0.0625;
  hm.num_classes = 3;
  if (kind === 'yolov8') {
    base.backbone!.last_stage_out_channels = 256;
    base.neck!.in_channels = [256, 512, 256];
    base.neck!.out_channels = [256, 512, 256];
    hm.in_channels = [256, 512, 256];
  }
  return base;
}

test('RTMDet shared convs: one parameter per shared tensor, every name in the state_dict', async () => {
  await selectBackend('cpu', { quiet: true });
  const m = buildDetector(miniArgs('rtmdet'));
  try {
    const names = m.namedParams().map(([k]) => k);
    const conv = (l: number) => `bbox_head.head_module.cls_convs.${l}.0.conv.weight`;
    assert.ok(names.includes(conv(1)) && names.includes(conv(2)));
    const params = m.parameters();
    assert.ok(params.has(conv(0)) && !params.has(conv(1)), 'parameters() lists a shared tensor once, under its first name');
    const sd = stateDict(m);
    assert.deepEqual(sd.get(conv(1))!.data, sd.get(conv(0))!.data);
    // The BatchNorms stay per level.
    assert.notEqual(m.namedParams().find(([k]) => k.endsWith('cls_convs.1.0.bn.weight'))![1], m.namedParams().find(([k]) => k.endsWith('cls_convs.0.0.bn.weight'))![1]);
  } finally {
    m.dispose();
  }
});
