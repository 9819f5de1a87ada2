/**
 * Crash safety of `yoloc train`: runs SIGKILLed before any checkpoint, while a checkpoint is
 * being written, and between checkpoints resume with `--resume` and end with exactly the
 * weights, EMA, optimizer state and meta of an uninterrupted run; at every kill no partial
 * checkpoint stands under a final name. (`npm run fuzz -- --kill-runs N`: random kill points.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkWorkDir, diffCheckpoints, tinySetup, trainOnce } from './kill-resume.js';

// wasm by default (the backend every machine has). YOLOC_KILL_BACKEND=native runs it on the
// native engine, whose sums no longer follow the thread count, so it resumes exactly too
// (tests/native/resume.test.ts checks that cheaply, in-process).
const BACKEND = process.env.YOLOC_KILL_BACKEND ?? 'wasm';
const EPOCHS = 2;

test('SIGKILL at several points (one inside a checkpoint write), then --resume: identical final state', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-kill-'));
  try {
    const cfg = tinySetup(dir, EPOCHS);
    const ref = path.join(dir, 'ref');
    const broken = path.join(dir, 'broken');
    // The uninterrupted run goes alongside the interrupted ones.
    const refRun = trainOnce(cfg, ref, BACKEND, false);
    // 1. killed early, before the first checkpoint: resume finds none and starts over.
    let r = await trainOnce(cfg, broken, BACKEND, false, { afterMs: 1500 });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.deepEqual(checkWorkDir(broken), []);
    // 2. killed while epoch_1 is being written: the temp file never counts as a checkpoint.
    r = await trainOnce(cfg, broken, BACKEND, true, { duringCheckpointWrite: true });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.ok(r.killedDuringWrite, 'the kill did not land inside a checkpoint write');
    const after = checkWorkDir(broken);
    assert.ok(after.length <= 1, `epochs ${after}`);
    // 3. resumed (from scratch: no complete checkpoint yet), killed 2 s after epoch_1 is complete.
    r = await trainOnce(cfg, broken, BACKEND, true, { afterCheckpointMs: 2000 });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.deepEqual(checkWorkDir(broken), [1]);
    // 4. resumed from epoch_1 to the end.
    r = await trainOnce(cfg, broken, BACKEND, true);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /resumed from .*epoch_1\.safetensors: epoch 1, iter 4/);
    const done = await refRun;
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(checkWorkDir(broken), Array.from({ length: EPOCHS }, (_, i) => i + 1));
    const last = `epoch_${EPOCHS}.safetensors`;
    assert.equal(diffCheckpoints(path.join(ref, last), path.join(broken, last)), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
