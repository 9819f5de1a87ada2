/**
 * `yoloc export` and `yoloc infer --engine onnxruntime` through the command line (in process):
 * files written atomically, bad inputs as YC diagnostics with exit codes (never a stack trace),
 * the MMYOLO project (config that resolves to the same config, our StarNet module checked with
 * PyTorch when Debian's python3-torch is installed), and infer's detections on both engines.
 */
import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main.js';
import { forwardNCHW, readSafetensors } from '../../runtime/index.js';
import { decodeModel } from '../../runtime/export/onnx/proto.js';
import { encodePng } from '../../runtime/data/image.js';
import { ROOT } from '../helpers/paths.js';
import { assertSameDetections } from '../helpers/detections.js';
import { assertAllClose, FIXTURES, starnetFixture, YOLOV5N_DIR } from './helpers.js';

const S8_MODEL = path.join(ROOT, 'tests/runtime/yolov5_starnet_s8.model.json');
const S8_WEIGHTS = path.join(FIXTURES, 'yolov5_starnet_s8.weights.safetensors');
const V5N_MODEL = path.join(ROOT, 'tests/runtime/yolov5n.model.json');
const V5N_WEIGHTS = path.join(YOLOV5N_DIR, 'yolov5n.weights.safetensors');
const FIXED = path.join(ROOT, 'configs/starnet/yolov5_starnet_s1_coco_fixed.py');
const STOCK = path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py');

/** Runs main() with stdout and stderr captured. */
async function yoloc(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error, write] = [console.log, console.error, process.stderr.write.bind(process.stderr)];
  console.log = (...a: unknown[]) => { out.push(a.join(' ') + '\n'); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ') + '\n'); };
  process.stderr.write = ((c: string | Uint8Array) => { err.push(String(c)); return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(args), out: out.join(''), err: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
    process.stderr.write = write;
  }
}

function fails(r: { code: number; err: string }, code: number, yc: string): void {
  assert.equal(r.code, code, r.err);
  assert.match(r.err, new RegExp(`error ${yc}`));
  assert.doesNotMatch(r.err, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'yoloc-export-'));

describe('yoloc export --format onnx', () => {
  it('writes the graph atomically and prints its outputs', async () => {
    const dir = tmp();
    const file = path.join(dir, 'v5n.onnx');
    const r = await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx', '-o', file, '--size', '320', '--end2end', '--dynamic-batch', '--opset', '11']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /images \[batch,3,320,320\] -> num_dets \[batch,1\], boxes \[batch,300,4\], scores \[batch,300\], labels \[batch,300\]/);
    assert.deepEqual(readdirSync(dir), ['v5n.onnx'], 'no temp file left');
    const m = decodeModel(readFileSync(file));
    assert.equal(Number(m.opsetImport![0]!.version), 11);
    assert.deepEqual(m.graph!.output!.map((o) => o.name), ['num_dets', 'boxes', 'scores', 'labels']);
  });

  it('bad inputs are YC diagnostics, and nothing is left behind', async () => {
    const dir = tmp();
    const out = path.join(dir, 'm.onnx');
    fails(await yoloc(['export', V5N_MODEL, '--weights', path.join(dir, 'absent.safetensors'), '--format', 'onnx', '-o', out]), 1, 'YC7100');
    fails(await yoloc(['export', S8_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx', '-o', out, '--size', '320']), 1, 'YC700[34]');
    fails(await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'tflite', '-o', out]), 2, 'YC8002');
    fails(await yoloc(['export', V5N_MODEL, '--format', 'onnx', '-o', out]), 2, 'YC8002');
    fails(await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx']), 2, 'YC8002');
    fails(await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx', '-o', out, '--opset', '9', '--end2end']), 1, 'YC7602');
    fails(await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx', '-o', out, '--size', '300']), 1, 'YC7603');
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    fails(await yoloc(['export', V5N_MODEL, '--weights', V5N_WEIGHTS, '--format', 'onnx', '-o', path.join(blocker, 'm.onnx'), '--size', '320']), 1, 'YC7102');
    assert.deepEqual(readdirSync(dir), ['a-file'], 'nothing half-written');
  });
});

describe('yoloc export --format mmyolo', () => {
  /** The StarNet project the first test writes and the PyTorch check reads. */
  const dir = path.join(tmp(), 'proj');

  it('StarNet: config resolving to the same config, yoloc_starnet.py, weights.pth, README', async () => {
    const r = await yoloc(['export', FIXED, '--format', 'mmyolo', '-o', dir, '--weights', S8_WEIGHTS]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readdirSync(dir).sort(), ['README.md', 'weights.pth', 'yoloc_starnet.py', 'yolov5_starnet_s1_coco_fixed.py']);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const cmd of ['tools/train.py yolov5_starnet_s1_coco_fixed.py', 'tools/dist_train.sh yolov5_starnet_s1_coco_fixed.py 8', 'torchrun --nnodes=2', 'mim install']) assert.ok(readme.includes(cmd), cmd);
    const { resolveConfig } = await import('../../compiler/resolve.js');
    const orig = resolveConfig(FIXED, {}).value!.data;
    const back = resolveConfig(path.join(dir, 'yolov5_starnet_s1_coco_fixed.py'), {}).value!.data;
    assert.deepEqual(back.custom_imports, { imports: ['yoloc_starnet'], allow_failed_imports: false });
    assert.equal(back.load_from, 'weights.pth');
    assert.deepEqual({ ...back, custom_imports: undefined, load_from: undefined }, { ...orig, custom_imports: undefined, load_from: undefined });
    fails(await yoloc(['export', FIXED, '--format', 'mmyolo', '-o', dir]), 1, 'YC7607');
  });

  it('stock YOLOv5: no custom module, no custom_imports', async () => {
    const v5 = path.join(tmp(), 'v5');
    const r = await yoloc(['export', STOCK, '--format', 'mmyolo', '-o', v5]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readdirSync(v5).sort(), ['README.md', 'yolov5_s-v61_syncbn_8xb16-300e_coco.py']);
    assert.doesNotMatch(readFileSync(path.join(v5, 'yolov5_s-v61_syncbn_8xb16-300e_coco.py'), 'utf8'), /custom_imports/);
  });

  it('PyTorch builds the exported StarNet, loads weights.pth strictly and equals the fixture and yoloc (1e-4)', async (t) => {
    const py = '/usr/bin/python3';
    const probe = spawnSync(py, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.error('\n*** SKIPPED: the PyTorch check of the exported StarNet module needs Debian\'s python3-torch (apt-get install -y python3-torch) ***\n');
      t.skip('python3-torch is not installed');
      return;
    }
    assert.ok(existsSync(path.join(dir, 'weights.pth')), 'the StarNet project of the first test');
    const out = path.join(path.dirname(dir), 'torch_backbone.safetensors');
    const r = spawnSync(py, [path.join(ROOT, 'tests/export/check_mmyolo_starnet.py'), dir, 'yolov5_starnet_s1_coco_fixed.py', path.join(FIXTURES, 'input_320.safetensors'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout.trim().split('\n').pop()!) as { keys: number; type: string };
    assert.equal(info.type, 'StarNet');
    const got = readSafetensors(out);
    const keys = ['backbone.0', 'backbone.1', 'backbone.2'];
    assertAllClose('vs PyTorch fixture', got, readSafetensors(path.join(FIXTURES, 'yolov5_starnet_s8.out_320.safetensors')), keys, 1e-4);
    const fx = starnetFixture();
    assertAllClose('vs yoloc', got, (await forwardNCHW(fx.model, fx.input, { features: true })), keys, 1e-4);
  });
});

describe('yoloc infer --engine onnxruntime', () => {
  it('gives the same detections as the tfjs engine (exported in memory, and from an exported file)', async () => {
    const dir = tmp();
    const input = readSafetensors(path.join(FIXTURES, 'input_320.safetensors')).get('input')!;
    const [h, w] = [320, 320];
    const img = new Uint8Array(h * w * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = Math.round(input.data[(2 - c) * h * w + y * w + x]! * 255);
    const png = path.join(dir, 'fixture.png');
    writeFileSync(png, encodePng({ h, w, c: 3, data: img }));
    let backend = 'native';
    try { const { selectBackend } = await import('../../runtime/index.js'); await selectBackend('native', { quiet: true }); } catch { backend = 'cpu'; }
    const onnx = path.join(dir, 'm.onnx');
    assert.equal((await yoloc(['export', FIXED, '--weights', S8_WEIGHTS, '--format', 'onnx', '-o', onnx, '--size', '320'])).code, 0);
    const results: { bbox: number[]; score: number; category_id: number }[][] = [];
    const runs: [string, string[]][] = [['tfjs', ['--checkpoint', S8_WEIGHTS, '--engine', 'tfjs']], ['onnxruntime', ['--checkpoint', S8_WEIGHTS, '--engine', 'onnxruntime']], ['file', ['--onnx', onnx]]];
    for (const [name, flags] of runs) {
      const out = path.join(dir, name);
      mkdirSync(out);
      const r = await yoloc(['infer', FIXED, ...flags, png, '--out-dir', out, '--backend', backend,
        '--cfg-options', 'test_pipeline.1.scale=(320,320)', 'test_pipeline.2.scale=(320,320)']);
      assert.equal(r.code, 0, r.err);
      results.push(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')));
      assert.ok(existsSync(path.join(out, 'fixture.png')));
    }
    const [a, ...others] = results as [typeof results[0], ...typeof results];
    assert.ok(a.length > 20, `only ${a.length} detections`);
    for (const b of others) {
      // xywh boxes in image pixels: the parity tests' 1e-4 of the input size (the two engines' logits differ by ~1e-5,
      // so two detections whose scores tie within 1e-5 may come out in either order).
      const det = (r: typeof a) => r.map((d) => ({ label: d.category_id, score: d.score, box: d.bbox }));
      assertSameDetections(det(b), det(a), { scoreTol: 1e-5, boxTol: 0.032, what: 'onnxruntime vs tfjs' });
    }
    const e2e = path.join(dir, 'e2e.onnx');
    assert.equal((await yoloc(['export', FIXED, '--weights', S8_WEIGHTS, '--format', 'onnx', '-o', e2e, '--size', '320', '--end2end'])).code, 0);
    fails(await yoloc(['infer', FIXED, '--onnx', e2e, png, '--out-dir', dir, '--backend', backend, '--cfg-options', 'test_pipeline.1.scale=(320,320)', 'test_pipeline.2.scale=(320,320)']), 1, 'YC7607');
    fails(await yoloc(['infer', FIXED, '--checkpoint', S8_WEIGHTS, png, '--out-dir', dir, '--engine', 'tensorrt', '--backend', backend]), 2, 'YC8002');
  });
});
