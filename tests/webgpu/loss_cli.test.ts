/**
 * `yoloc loss --backend webgpu`: the YOLOv5 loss of PyTorch-made head outputs, read back
 * asynchronously (a synchronous read of GPU data fails in Node), equals the reference.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../cli/loss.js';
import { relDiff } from '../losses/helpers.js';
import { ROOT } from '../helpers/paths.js';
import { readSafetensors } from '../../runtime/io/safetensors.js';
import { useWebgpu } from '../helpers/webgpu.js';

const CASES = path.join(ROOT, 'tests/fixtures/loss');
let gpu = false;
before(async () => { gpu = await useWebgpu(); });

it('yoloc loss on webgpu prints the reference losses', { timeout: 300_000 }, async (t) => {
  if (!gpu) return t.skip('no WebGPU adapter');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yoloc-wgpu-loss-'));
  const lines: string[] = [];
  const log = console.log;
  try {
    const head = path.join(dir, 'head.json');
    const cases = JSON.parse(readFileSync(path.join(CASES, 'cases.json'), 'utf8')) as Record<string, { bbox_head: unknown }>;
    writeFileSync(head, JSON.stringify(cases['tiny_huge_b2_128x128']!.bbox_head));
    const file = path.join(CASES, 'tiny_huge_b2_128x128.safetensors');
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    const code = await run([head, '--outputs', file, '--targets', file, '--format', 'json', '--backend', 'webgpu']);
    console.log = log;
    assert.equal(code, 0);
    const got = JSON.parse(lines.join('\n')) as Record<string, number>;
    const fx = readSafetensors(file);
    assert.deepEqual(Object.keys(got), ['loss_cls', 'loss_bbox', 'loss_obj']);
    for (const k of Object.keys(got)) assert.ok(relDiff(got[k]!, fx.get(k)!.data[0]!) < 1e-5, `${k}: ${got[k]} vs ${fx.get(k)!.data[0]}`);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
});
