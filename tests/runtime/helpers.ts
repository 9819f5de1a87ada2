/**
 * Shared test plumbing for the runtime: a describe() per backend (like tfjs-layers'
 * describeMathCPUAndGPU), closeness checks that name the worst element, fixture loading.
 */
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { selectBackend, buildDetector, loadStateDict, readSafetensors, type TensorData } from '../../runtime/index.js';
import { FIXTURES, ROOT } from '../helpers/paths.js';

/** Backends every runtime suite runs on. */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** describe(`${name} [backend]`) for each backend, with that backend active inside. */
export function describeBackends(name: string, fn: (backend: string) => void, backends: readonly string[] = TEST_BACKENDS): void {
  for (const b of backends) {
    describe(`${name} [${b}]`, () => {
      before(async () => { await selectBackend(b, { quiet: true }); });
      fn(b);
    });
  }
}

/** Max |a - b| and where, after checking shapes agree. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; at: number } {
  assert.equal(a.length, b.length, 'element counts differ');
  let max = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= max)) { max = d; at = i; } // NaN counts as worst
  }
  return { max, at };
}

/** Asserts two tensors match within `atol` (shapes equal). */
export function assertClose(name: string, got: TensorData, want: TensorData, atol: number): void {
  assert.deepEqual(got.shape, want.shape, `${name}: shape`);
  const { max, at } = maxAbsDiff(got.data, want.data);
  assert.ok(max <= atol, `${name}: max |diff| ${max} at ${at} (got ${got.data[at]}, want ${want.data[at]}) > ${atol}`);
}

/** The model dict of a JSON file in tests/runtime/. */
export function modelJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, 'tests/runtime', name), 'utf8')) as Record<string, unknown>;
}

/** Paths of the committed stock-YOLOv5 fixture (tests/fixtures/yolov5n). */
export const YOLOV5N_DIR = path.join(ROOT, 'tests/fixtures/yolov5n');

/** A detector built from a JSON model dict with a weights file loaded strictly. */
export function loadedDetector(json: string, weightsFile: string) {
  const model = buildDetector(modelJson(json));
  loadStateDict(model, readSafetensors(weightsFile), { strict: true, file: weightsFile });
  return model;
}

export { FIXTURES };
