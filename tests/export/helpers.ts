/** Shared plumbing of the export tests: fixture models, ONNX runs, closeness with the worst element named. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { readSafetensors, type TensorData } from '../../runtime/index.js';
import { OnnxSession } from '../../runtime/export/onnx/session.js';
import { FIXTURES, loadedDetector, maxAbsDiff, YOLOV5N_DIR } from '../runtime/helpers.js';

export { FIXTURES, YOLOV5N_DIR };

/** The shared StarNet-YOLOv5 fixture model (PyTorch weights) and its 320 input. */
export function starnetFixture() {
  const model = loadedDetector('yolov5_starnet_s8.model.json', path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors'));
  return {
    model, input: readSafetensors(path.join(FIXTURES, 'input_320.safetensors')).get('input')!,
    torch: readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors')),
  };
}

/** The committed stock YOLOv5n fixture and its 320 input. */
export function yolov5nFixture() {
  const model = loadedDetector('yolov5n.model.json', path.join(YOLOV5N_DIR, 'yolov5n.weights.safetensors'));
  return {
    model, input: readSafetensors(path.join(YOLOV5N_DIR, 'input_320.safetensors')).get('input')!,
    torch: readSafetensors(path.join(YOLOV5N_DIR, 'yolov5n.out_320.safetensors')),
  };
}

/** Runs ONNX bytes on `input` once through onnxruntime. */
export async function runOnnx(bytes: Uint8Array, input: TensorData, outputs?: string[]): Promise<Map<string, TensorData>> {
  const s = await OnnxSession.create(bytes);
  try {
    return await s.run(input, outputs);
  } finally {
    await s.release();
  }
}

/** Asserts every tensor of `want` has a counterpart in `got` within `atol`; returns the worst difference. */
export function assertAllClose(what: string, got: Map<string, TensorData>, want: Map<string, TensorData>, keys: string[], atol: number): number {
  let worst = 0;
  for (const k of keys) {
    const g = got.get(k);
    const w = want.get(k);
    assert.ok(g && w, `${what}: ${k} missing`);
    assert.deepEqual(g.shape, w.shape, `${what}: ${k} shape`);
    const { max, at } = maxAbsDiff(g.data, w.data);
    assert.ok(max <= atol, `${what}: ${k} max |diff| ${max} at ${at} > ${atol}`);
    worst = Math.max(worst, max);
  }
  return worst;
}

/** `n` copies of an NCHW [1, ...] input, copy i shifted right by 16 i pixels (circularly), so every copy differs. */
export function batchOf(input: TensorData, n: number): TensorData {
  const [, c, h, w] = input.shape as [number, number, number, number];
  const per = c * h * w;
  const data = new Float32Array(n * per);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const sx = (x - 16 * i + 16 * w) % w;
          data[i * per + (ch * h + y) * w + x] = input.data[(ch * h + y) * w + sx]!;
        }
      }
    }
  }
  return { dtype: 'float32', shape: [n, c, h, w], data };
}

/** Image `i` of an NCHW batch as a [1, ...] tensor. */
export function imageOf(batch: TensorData, i: number): TensorData {
  const [, c, h, w] = batch.shape as [number, number, number, number];
  const per = c * h * w;
  return { dtype: 'float32', shape: [1, c, h, w], data: (batch.data as Float32Array).slice(i * per, (i + 1) * per) };
}
