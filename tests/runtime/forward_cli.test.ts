/**
 * `yoloc forward` end to end (in-process, wasm): outputs equal the PyTorch fixture; usage
 * mistakes exit 2; a checkpoint for another model exits 1 with a YC7003 diagnostic.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main.js';
import { readSafetensors } from '../../runtime/index.js';
import { assertClose, FIXTURES, YOLOV5N_DIR } from './helpers.js';
import { ROOT } from '../helpers/paths.js';

const MODEL = path.join(ROOT, 'tests/runtime/yolov5_starnet_s8.model.json');
const WEIGHTS = path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors');
const INPUT = path.join(FIXTURES, 'input_320.safetensors');

/** Runs main() with stderr captured. */
async function yoloc(args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const error = console.error;
  process.stderr.write = ((c: string | Uint8Array) => { chunks.push(String(c)); return true; }) as typeof process.stderr.write;
  console.error = (...a: unknown[]) => { chunks.push(a.join(' ') + '\n'); };
  try {
    return { code: await main(args), stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
    console.error = error;
  }
}

it('writes the raw head outputs (NCHW) matching PyTorch', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-fwd-')), 'o.safetensors');
  const r = await yoloc(['forward', MODEL, '--weights', WEIGHTS, '--input', INPUT, '--output', out, '--backend', 'wasm']);
  assert.equal(r.code, 0, r.stderr);
  const got = readSafetensors(out);
  const want = readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors'));
  assert.deepEqual([...got.keys()].sort(), ['bbox_preds.0', 'bbox_preds.1', 'bbox_preds.2', 'cls_scores.0', 'cls_scores.1',
    'cls_scores.2', 'objectnesses.0', 'objectnesses.1', 'objectnesses.2']);
  for (const [k, v] of got) assertClose(k, v, want.get(k)!, 1e-3);
});

it('usage errors exit 2; weights of another model exit 1 with YC7003', async () => {
  assert.equal((await yoloc(['forward', MODEL, '--input', INPUT, '--output', '/tmp/x.safetensors'])).code, 2);
  assert.equal((await yoloc(['forward', MODEL, '--weights', WEIGHTS, '--bogus'])).code, 2);
  const r = await yoloc(['forward', MODEL, '--weights', path.join(YOLOV5N_DIR, 'yolov5n.weights.safetensors'),
    '--input', INPUT, '--output', '/tmp/never.safetensors', '--backend', 'wasm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /yolov5n\.weights\.safetensors - error YC7003: size mismatch/);
  const b = await yoloc(['forward', MODEL, '--weights', WEIGHTS, '--input', INPUT, '--output', '/tmp/never.safetensors', '--backend', 'tpu']);
  // a flag value no backend has is a usage error, found before the model is read (runtime's own check is YC7500)
  assert.equal(b.code, 2);
  assert.match(b.stderr, /YC8002: --backend must be one of tensorflow, webgpu, native, wasm, cpu, not 'tpu'/);
});
