/**
 * A pure-Python config of a model yoloc implements works like its classic twin:
 * tests/fixtures/pure_yolov5/ is configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py written
 * the way mmdet's RTMDet configs are (read_base() bases, imported types, inherited dicts updated
 * in place). resolve prints MMEngine's dotted paths; check, summary, compile and train (which
 * reads the checked config) see the registered types, and give what the classic config gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { resolveConfig } from '../../compiler/resolve.js';
import { checkFile } from '../../compiler/check/run.js';
import { renderSummary, summarize } from '../../compiler/check/summary.js';
import { compileConfig } from '../../compiler/emit/index.js';
import { canonicalConfig } from '../../compiler/validate/index.js';

const CLASSIC = path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py');
const PURE = path.join(ROOT, 'tests/fixtures/pure_yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py');

test('resolve: the pure-Python twin prints dotted paths; with registered types it is the classic config', () => {
  const pure = resolveConfig(PURE, { env: {} });
  const classic = resolveConfig(CLASSIC, { env: {} });
  assert.deepEqual(pure.diagnostics, []);
  const data = pure.value!.data as Record<string, any>;
  assert.equal(data.model.type, 'mmyolo.models.YOLODetector');
  assert.equal(data.model.backbone.norm_cfg.type, 'torch.nn.BatchNorm2d');
  assert.equal(data.model.bbox_head.prior_generator.type, 'mmdet.models.task_modules.YOLOAnchorGenerator');
  assert.equal(data.dataset_type, 'mmyolo.datasets.YOLOv5CocoDataset');
  assert.ok(!('YOLODetector' in data) && !('read_base' in data), 'imported names are not config keys');
  const canon = canonicalConfig(pure.value!);
  assert.deepEqual(canon.data, classic.value!.data);
  assert.deepEqual([...canon.tuples].sort(), [...classic.value!.tuples].sort());
  assert.deepEqual([...canon.floats].sort(), [...classic.value!.floats].sort());
  // A classic config has no dotted paths: the same object comes back.
  assert.equal(canonicalConfig(classic.value!), classic.value);
});

test('check and summary: the twin gives the classic diagnostics and layer table', () => {
  const pure = checkFile(PURE, { env: {} });
  const classic = checkFile(CLASSIC, { env: {} });
  const codes = (ds: typeof pure.diagnostics) => ds.map((d) => `${d.severity} ${d.code} ${d.path ?? ''}`);
  assert.deepEqual(codes(pure.diagnostics), codes(classic.diagnostics));
  const a = summarize(canonicalConfig(resolveConfig(PURE, { env: {} }).value!));
  const b = summarize(resolveConfig(CLASSIC, { env: {} }).value!);
  assert.ok(a.value && b.value);
  assert.equal(renderSummary(a.value, 'yolov5'), renderSummary(b.value, 'yolov5'));
  // train and the other runners take the config check gives them (cli/config.ts).
  assert.deepEqual(pure.value.config!.data, classic.value.config!.data);
});

test('compile: the twin emits the classic module (up to the source file named in it)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-twin-'));
  try {
    const a = compileConfig(PURE, { outDir: path.join(dir, 'm'), noTypeCheck: true, env: {} });
    const b = compileConfig(CLASSIC, { outDir: path.join(dir, 'm'), noTypeCheck: true, env: {} });
    assert.ok(a.value && b.value, JSON.stringify([...a.diagnostics, ...b.diagnostics].map((d) => d.message)));
    const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
    assert.deepEqual([...a.value.files.keys()].sort(), [...b.value.files.keys()].sort());
    for (const [name, text] of b.value.files) {
      assert.equal(a.value.files.get(name)!.split(rel(PURE)).join(rel(CLASSIC)), text, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an imported type yoloc does not know is an error at its import line, naming the nearest types', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-twin-'));
  try {
    const src = readFileSync(PURE, 'utf8').replace('YOLOv5Head,\n', 'YOLOv5Head, YOLOv5Headd,\n').replace('type=YOLOv5Head,', 'type=YOLOv5Headd,');
    writeFileSync(path.join(dir, 'twin.py'), src);
    for (const f of ['default_runtime.py', 'det_p5_tta.py']) {
      writeFileSync(path.join(dir, f), readFileSync(path.join(path.dirname(PURE), '_base_', f), 'utf8'));
    }
    writeFileSync(path.join(dir, 'twin.py'), src.replace(/from \._base_\./g, 'from .'));
    const r = checkFile(path.join(dir, 'twin.py'), { env: {} });
    const bad = r.diagnostics.filter((d) => d.code === 'YC4001');
    assert.equal(bad.length, 1, JSON.stringify(r.diagnostics.map((d) => d.message)));
    const line = src.replace(/from \._base_\./g, 'from .').split('\n').findIndex((l) => l.includes('YOLOv5Headd,')) + 1;
    const importAt = src.split('\n').findIndex((l) => l.startsWith('from mmyolo.models import')) + 1;
    assert.ok(bad[0]!.span!.line >= importAt && bad[0]!.span!.line <= line, `at the import (line ${bad[0]!.span!.line})`);
    assert.match(bad[0]!.message, /'mmyolo\.models\.YOLOv5Headd'.*nearest known types are YOLOv5Head/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
