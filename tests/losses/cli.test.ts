import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../cli/loss.js';
import { LOSS_FIXTURE, relDiff } from './helpers.js';
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

test('yoloc loss prints the fixture losses for a bbox_head config (--format json)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yoloc-loss-'));
  try {
    const head = path.join(dir, 'head.json');
    writeFileSync(head, JSON.stringify({ type: 'YOLOv5Head', head_module: { num_classes: 80 }, prior_match_thr: 4.0 }));
    const { code, out } = await capture([head, '--outputs', LOSS_FIXTURE, '--gt-key', 'main.gt', '--format', 'json', '--backend', 'cpu']);
    assert.equal(code, 0);
    const got = JSON.parse(out) as Record<string, number>;
    const fx = readSafetensors(LOSS_FIXTURE);
    assert.deepEqual(Object.keys(got), ['loss_cls', 'loss_bbox', 'loss_obj']);
    for (const k of Object.keys(got)) assert.ok(relDiff(got[k]!, fx.get(`main.${k}`)!.data[0]!) < 1e-5, k);
    await assert.rejects(capture([head, '--outputs', LOSS_FIXTURE, '--backend', 'cpu']), (e: unknown) => (e as { code?: string }).code === 'YC7204');
    await assert.rejects(capture([head]), (e: unknown) => (e as { code?: string }).code === 'YC8002');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
