/**
 * Numerical parity with PyTorch (MMYOLO semantics) on every test backend: the shared
 * StarNet-YOLOv5 fixture at 320 (head outputs, backbone and neck features, decoded boxes and
 * scores) and the committed stock-YOLOv5 (yolov5_n) fixture at 320, one forward each.
 * 640 runs once, on the fastest backend: native when it loads (about 1 s), else wasm only with
 * YOLOC_SLOW_TESTS=1 (about 20 s on the shared 2-core machine).
 *
 * Logits, features and scores must agree within 1e-3 absolute. Decoded boxes are pixels:
 * wh = (2*sigmoid(t))^2 * anchor multiplies a logit's float32 rounding by up to ~400 px, so
 * PyTorch's own float32 and float64 runs differ by up to 6e-3 px there; boxes are compared
 * within 1e-4 of the input size (0.032 px at 320).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  decodeOutputs, readSafetensors, selectBackend, tf, toNCHW, toNHWC, type Channels, type TensorData, type YOLODetector,
} from '../../runtime/index.js';
import { YOLOv5Head } from '../../runtime/modules/yolov5_head/module.js';
import { assertClose, describeBackends, FIXTURES, loadedDetector, YOLOV5N_DIR } from './helpers.js';

const ATOL = 1e-3;
const LEVELS = [0, 1, 2];
const HEAD_KEYS = ['cls_scores', 'bbox_preds', 'objectnesses'].flatMap((n) => LEVELS.map((l) => `${n}.${l}`));
const FEATURE_KEYS = ['backbone', 'neck'].flatMap((n) => LEVELS.map((l) => `${n}.${l}`));

/** One eval forward: head outputs and features (NCHW) plus decoded.bboxes / decoded.scores. */
function runAll(model: YOLODetector<Channels, Channels>, input: TensorData, decode: boolean): Map<string, TensorData> {
  const head = model.bboxHead as YOLOv5Head;
  const named = tf.tidy(() => {
    const x = toNHWC(tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number]));
    const f = model.forwardFeatures(x, { training: false });
    const out: [string, tf.Tensor][] = [];
    const add = (n: string, ts: tf.Tensor4D[]) => ts.forEach((t, i) => out.push([`${n}.${i}`, toNCHW(t)]));
    add('cls_scores', f.clsScores); add('bbox_preds', f.bboxPreds); add('objectnesses', f.objectnesses);
    add('backbone', f.backbone); add('neck', f.neck);
    if (decode) {
      const d = decodeOutputs(f, head.strides, head.anchors);
      out.push(['decoded.bboxes', d.bboxes], ['decoded.scores', tf.mul(d.clsProbs, tf.expandDims(d.objectness, 2))]);
    }
    return out;
  });
  return new Map(named.map(([k, t]) => {
    const v: TensorData = { dtype: 'float32', shape: [...t.shape], data: t.dataSync() as Float32Array };
    t.dispose();
    return [k, v];
  }));
}

function checkAll(got: Map<string, TensorData>, want: Map<string, TensorData>, size: number, withDecoded: boolean): void {
  for (const k of withDecoded ? [...HEAD_KEYS, ...FEATURE_KEYS] : HEAD_KEYS) assertClose(k, got.get(k)!, want.get(k)!, ATOL);
  if (!withDecoded) return;
  assertClose('decoded.scores', got.get('decoded.scores')!, want.get('decoded.scores')!, ATOL);
  assertClose('decoded.bboxes', got.get('decoded.bboxes')!, want.get('decoded.bboxes')!, 1e-4 * size);
}

describeBackends('parity yolov5_starnet_s8', (backend) => {
  let model: YOLODetector<Channels, Channels>;

  it('loads the PyTorch state_dict strictly', () => {
    model = loadedDetector('yolov5_starnet_s8.model.json', path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  });

  it('matches head outputs, backbone/neck features and decoding at 320', () => {
    const input = readSafetensors(path.join(FIXTURES, 'input_320.safetensors')).get('input')!;
    const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors'));
    const before = tf.memory().numTensors;
    checkAll(runAll(model, input, true), want, 320, true);
    assert.equal(tf.memory().numTensors, before, 'an eval forward leaves no tensor behind');
  });

});

describeBackends('parity stock yolov5_n (YOLOv5CSPDarknet)', () => {
  it('matches head outputs, features and decoding at 320', () => {
    const model = loadedDetector('yolov5n.model.json', path.join(YOLOV5N_DIR, 'yolov5n.weights.safetensors'));
    const input = readSafetensors(path.join(YOLOV5N_DIR, 'input_320.safetensors')).get('input')!;
    const want = readSafetensors(path.join(YOLOV5N_DIR, 'yolov5n.out_320.safetensors'));
    checkAll(runAll(model, input, true), want, 320, true);
    model.dispose();
  });
});

it('parity yolov5_starnet_s8 at 640 on the fastest backend', async (t) => {
  let backend = 'native';
  try {
    await selectBackend('native', { quiet: true });
  } catch {
    if (!process.env.YOLOC_SLOW_TESTS) { t.skip('native backend not built; wasm at 640 needs YOLOC_SLOW_TESTS=1'); return; }
    backend = 'wasm';
    await selectBackend('wasm', { quiet: true });
  }
  const model = loadedDetector('yolov5_starnet_s8.model.json', path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  const input = readSafetensors(path.join(FIXTURES, 'input_640.safetensors')).get('input')!;
  const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_640.safetensors'));
  t.diagnostic(`backend ${backend}`);
  checkAll(runAll(model, input, false), want, 640, false);
  model.dispose();
});
