import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../cli/loss.js';
import { relDiff } from './helpers.js';
import { ROOT } from '../helpers/paths.js';
import { readSafetensors } from '../../runtime/io/safetensors.js';

/** Runs a verb in-process, returning its exit code and what it printed. */
async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
  try {
    return { code: await run(argv), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

const CASES = path.join(ROOT, 'tests/fixtures/loss');

test('yoloc loss prints the reference losses for a bbox_head config (--format json)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yoloc-loss-'));
  try {
    const head = path.join(dir, 'head.json');
    const cases = JSON.parse(readFileSync(path.join(CASES, 'cases.json'), 'utf8')) as Record<string, { bbox_head: unknown }>;
    writeFileSync(head, JSON.stringify(cases['tiny_huge_b2_128x128']!.bbox_head));
    const file = path.join(CASES, 'tiny_huge_b2_128x128.safetensors');
    const { code, out } = await capture([head, '--outputs', file, '--targets', file, '--format', 'json', '--backend', 'cpu']);
    assert.equal(code, 0);
    const got = JSON.parse(out) as Record<string, number>;
    const fx = readSafetensors(file);
    assert.deepEqual(Object.keys(got), ['loss_cls', 'loss_bbox', 'loss_obj']);
    for (const k of Object.keys(got)) assert.ok(relDiff(got[k]!, fx.get(k)!.data[0]!) < 1e-5, k);
    await assert.rejects(capture([head, '--outputs', file, '--gt-key', 'nope', '--backend', 'cpu']), (e: unknown) => (e as { code?: string }).code === 'YC7204');
    await assert.rejects(capture([head]), (e: unknown) => (e as { code?: string }).code === 'YC8002');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('yoloc loss computes the YOLOv8 loss (cls_scores.L, bbox_dist.L) of a YOLODetector dict with train_cfg', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yoloc-loss8-'));
  try {
    const y8 = path.join(ROOT, 'tests/fixtures/yolov8/loss');
    const cases = JSON.parse(readFileSync(path.join(y8, 'cases.json'), 'utf8')) as Record<string, { bbox_head: unknown; train_cfg: unknown }>;
    const c = cases['iou_alpha1_b2_128']!;
    const model = path.join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({ type: 'YOLODetector', bbox_head: c.bbox_head, train_cfg: c.train_cfg }));
    const file = path.join(y8, 'iou_alpha1_b2_128.safetensors');
    const { code, out } = await capture([model, '--outputs', file, '--format', 'json', '--backend', 'cpu']);
    assert.equal(code, 0);
    const got = JSON.parse(out) as Record<string, number>;
    const fx = readSafetensors(file);
    assert.deepEqual(Object.keys(got), ['loss_cls', 'loss_bbox', 'loss_dfl']);
    for (const k of Object.keys(got)) assert.ok(relDiff(got[k]!, fx.get(k)!.data[0]!) < 1e-5, `${k} ${got[k]} vs ${fx.get(k)!.data[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('yoloc loss computes the RTMDet loss (cls_scores.L, bbox_preds.L) of an RTMDetHead dict', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yoloc-lossrtm-'));
  try {
    const fx = path.join(ROOT, 'tests/fixtures/rtmdet');
    const cases = JSON.parse(readFileSync(path.join(fx, 'loss_cases.json'), 'utf8')) as Record<string, { bbox_head: unknown }>;
    const head = path.join(dir, 'head.json');
    writeFileSync(head, JSON.stringify(cases['empty_image_b3_96x96']!.bbox_head));
    const file = path.join(fx, 'loss_empty_image_b3_96x96.safetensors');
    const { code, out } = await capture([head, '--outputs', file, '--format', 'json', '--backend', 'cpu']);
    assert.equal(code, 0);
    const got = JSON.parse(out) as Record<string, number>;
    const want = readSafetensors(file);
    assert.deepEqual(Object.keys(got), ['loss_cls', 'loss_bbox']);
    for (const k of Object.keys(got)) assert.ok(relDiff(got[k]!, want.get(k)!.data[0]!) < 1e-5, k);
    writeFileSync(head, JSON.stringify({ ...(cases['empty_image_b3_96x96']!.bbox_head as object), loss_bbox: { type: 'mmdet.IoULoss' } }));
    await assert.rejects(capture([head, '--outputs', file, '--backend', 'cpu']), (e: unknown) => (e as { code?: string }).code === 'YC7201');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
