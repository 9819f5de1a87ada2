/**
 * YOLOv8 and RTMDet on the webgpu backend (SwiftShader on CPU machines) against PyTorch: the
 * MMEngine checkpoints of the narrow variants at 64 (YOLOv8: DFL distances and logits; RTMDet:
 * shared convs, 5x5 depthwise convs, channel attention), and YOLOv8-n at 320 with the fixture's
 * deterministic weights (about 30 s on SwiftShader on 2 quiet cores, 2 minutes on busy ones).
 * Reads are asynchronous, as the GPU path requires.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildDetector, decodeHead, forwardNCHW, loadStateDict, predictingHead, readSafetensors, tf, toNHWC,
} from '../../runtime/index.js';
import { readWeightsFile } from '../../runtime/io/weights-file.js';
import { readSafetensorsFile } from '../../runtime/io/safetensors.js';
import { assertClose } from '../runtime/helpers.js';
import { deterministicStateDict } from '../helpers/deterministic-weights.js';
import { ROOT } from '../helpers/paths.js';
import { useWebgpu } from '../helpers/webgpu.js';

const DIR = path.join(ROOT, 'tests/fixtures/anchor_free');
const TRUTH = JSON.parse(readFileSync(path.join(ROOT, 'tests/check/param_truth_anchor_free.json'), 'utf8')) as Record<string, { args: Record<string, unknown> }>;

let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('webgpu: YOLOv8-n at 320 equals PyTorch (logits, DFL, decoded boxes)', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const m = buildDetector(TRUTH.yolov8_n!.args);
  try {
    loadStateDict(m, deterministicStateDict(m.namedParams().map(([k, p]) => ({ name: k, shape: p.torchShape }))), { strict: true });
    const input = readSafetensors(path.join(ROOT, 'tests/fixtures/yolov5n/input_320.safetensors')).get('input')!;
    const want = readSafetensors(path.join(DIR, 'yolov8_n.out_320.safetensors'));
    const got = await forwardNCHW(m, input);
    for (const [k, v] of want) if (k !== 'decoded.bboxes') assertClose(k, got.get(k)!, v, 1e-3);
    const boxes = tf.tidy(() => {
      const o = m.forward(toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number])), { training: false });
      return decodeHead(o, predictingHead(m.bboxHead).priors).bboxes;
    });
    const data = await boxes.data() as Float32Array;
    assertClose('decoded.bboxes', { dtype: 'float32', shape: [...boxes.shape], data }, want.get('decoded.bboxes')!, 1e-4 * 320);
    boxes.dispose();
  } finally {
    m.dispose();
  }
});

for (const kind of ['yolov8', 'rtmdet'] as const) {
  it(`webgpu: the ${kind} MMEngine checkpoint equals PyTorch at 64`, { timeout: 120_000 }, async (t) => {
    if (!gpu) return t.skip('no WebGPU adapter');
    const { tensors: fx, metadata } = readSafetensorsFile(path.join(DIR, `${kind}_mini.out_64.safetensors`));
    const m = buildDetector(JSON.parse(metadata.model!) as Record<string, unknown>);
    try {
      const file = path.join(DIR, `${kind}_mini.pth`);
      loadStateDict(m, readWeightsFile(file), { strict: true, file });
      const got = await forwardNCHW(m, fx.get('input')!);
      for (const [k, v] of fx) if (k !== 'input') assertClose(k, got.get(k)!, v, 1e-4);
      assert.equal(got.has('bbox_dist_preds.0'), kind === 'yolov8');
      assert.ok(!got.has('objectnesses.0'));
    } finally {
      m.dispose();
    }
  });
}
