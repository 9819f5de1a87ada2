/**
 * The front-end fuzz harness in CI: saved regression inputs (tests/fixtures/hardening/fuzz/)
 * replayed in-process, then a bounded fuzz run in the memory-capped worker with its hang
 * watchdog (`npm run fuzz -- --runs N` is the long version).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareRoot, runCase } from '../fuzz/harness.js';
import { caseAt, type FuzzCase } from '../fuzz/inputs.js';
import { fuzz } from '../fuzz/run.js';
import { ROOT } from '../helpers/paths.js';

const FIXTURES = path.join(ROOT, 'tests/fixtures/hardening/fuzz');

interface Saved { why: string; expect?: string[]; input?: FuzzCase; seed?: number; index?: number }

test('saved crashing inputs end in their diagnostics, quickly', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'yoloc-fuzz-regress-'));
  try {
    prepareRoot(root);
    const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.json')).sort();
    assert.ok(names.length >= 5, 'regression inputs are missing');
    for (const name of names) {
      const saved = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Saved;
      const input = saved.input ?? caseAt(saved.seed!, saved.index!);
      const r = runCase(input, root, false);
      assert.equal(r.crash, null, `${name}: ${r.crash}`);
      assert.ok(r.ms < 15_000, `${name}: ${r.ms} ms`);
      for (const code of saved.expect ?? []) assert.ok(r.codes.includes(code), `${name}: expected ${code}, got ${r.codes.join(', ')}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('harness: diagnostics pass through, and a hang is reported as a crash', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'yoloc-fuzz-self-'));
  try {
    prepareRoot(root);
    const ok = runCase({ kind: 't', files: { 'm.py': 'x = (\n' }, main: 'm.py', cfgOptions: [], env: {} }, root, false);
    assert.equal(ok.crash, null);
    assert.deepEqual(ok.codes, ['YC1001']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // A watchdog this short turns every case into a hang: the runner must say so, not wait.
  const s = await fuzz(2, 1, 0.001);
  assert.ok(s.crashes.length >= 1 && s.crashes.every((c) => /hang|died/.test(c.why)), JSON.stringify(s.crashes));
});

test('fuzz: 150 generated inputs, no crash, no hang, bounded time each', async () => {
  const s = await fuzz(150, 20261128, 20_000);
  assert.equal(s.inputs, 150);
  assert.deepEqual(s.crashes, []);
  assert.ok(s.slowest.ms < 20_000);
  // Every kind of input was generated.
  for (const k of ['mutated-config', 'hostile', 'bases-chain', 'bases-cycle', 'bases-diamond']) assert.ok(s.byKind[k], `${k} missing`);
  assert.ok(Object.keys(s.byKind).some((k) => k.startsWith('random.')));
});
