/**
 * Corrupt inputs through the CLI, as a user meets them: exit code 1, one diagnostic line on
 * stderr naming the file and a YC code, never a stack trace ("    at " frames).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSafetensors } from '../../runtime/io/safetensors.js';
import { ROOT } from '../helpers/paths.js';
import { tinySetup } from './kill-resume.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-cli-hard-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI and checks the failure shape; returns stderr. */
function fails(args: string[], file: string, code: RegExp): string {
  const r = spawnSync(process.execPath, ['bin/yoloc.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, YOLOC_THREADS: '1' }, timeout: 120_000 });
  const err = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('yoloc: backend'));
  assert.equal(r.status, 1, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, r.stderr);
  const diag = err.filter((l) => /\b(error|fatal)\b.*YC\d{4}/.test(l));
  assert.equal(diag.length, 1, r.stderr);
  assert.ok(diag[0]!.includes(file), `${diag[0]} does not name ${file}`);
  assert.match(diag[0]!, code);
  return r.stderr;
}

test('yoloc convert: truncated, bit-flipped, empty and hostile weights files', () => {
  const good = path.join(dir, 'w.safetensors');
  writeSafetensors(good, new Map([['a', { dtype: 'float32' as const, shape: [4], data: Float32Array.from([1, 2, 3, 4]) }]]));
  const bytes = readFileSync(good);
  const trunc = path.join(dir, 'trunc.safetensors');
  writeFileSync(trunc, bytes.subarray(0, bytes.length - 3));
  fails(['convert', trunc, path.join(dir, 'o1.pth')], trunc, /YC7101/);
  const flipped = path.join(dir, 'flip.safetensors');
  const f = Buffer.from(bytes);
  f[8]! ^= 0x55; // the header's opening brace
  writeFileSync(flipped, f);
  fails(['convert', flipped, path.join(dir, 'o2.pth')], flipped, /YC71\d\d/);
  const empty = path.join(dir, 'empty.pth');
  writeFileSync(empty, '');
  fails(['convert', empty, path.join(dir, 'o3.safetensors')], empty, /YC71\d\d/);
  const text = path.join(dir, 'text.pth');
  writeFileSync(text, 'PK\u0003\u0004 this is not a zip at all');
  fails(['convert', text, path.join(dir, 'o4.safetensors')], text, /YC71\d\d/);
  // Nothing half-written is left behind.
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('o')), []);
});

test('yoloc eval: ground truth with missing fields or wrong types', () => {
  const dt = path.join(dir, 'dt.json');
  writeFileSync(dt, '[]');
  for (const [name, doc] of [['nojson.json', '{ not json'], ['noimages.json', '{"annotations": [], "categories": []}'],
    ['badbox.json', JSON.stringify({ images: [{ id: 1, width: 10, height: 10, file_name: 'a.png' }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: 'wide', area: 1, iscrowd: 0 }], categories: [{ id: 1, name: 'a' }] })]] as const) {
    const gt = path.join(dir, name);
    writeFileSync(gt, doc);
    fails(['eval', gt, dt], gt, /YC\d{4}/);
  }
});

test('yoloc train on a corrupt dataset: a text file named .png stops with YC7310 naming it', () => {
  const d = path.join(dir, 'train');
  const cfg = tinySetup(d, 1);
  const imgs = path.join(d, 'data/train');
  const victim = path.join(imgs, readdirSync(imgs).sort()[0]!);
  writeFileSync(victim, 'I am a text file, not an image\n');
  fails(['train', cfg, '--work-dir', path.join(d, 'w'), '--backend', 'native', '--max-iters', '4'], victim, /YC7310/);
  // A config that is not even valid Python: a compiler diagnostic, the same shape.
  const bad = path.join(d, 'bad.py');
  copyFileSync(cfg, bad);
  writeFileSync(bad, 'model = dict(\n');
  fails(['train', bad, '--work-dir', path.join(d, 'w2')], bad, /YC1001/);
});

test('a wasm out-of-memory trap is YC7502 with a fix, not an internal error', async () => {
  const { printError } = await import('../../cli/common.js');
  const lines: string[] = [];
  const orig = console.error;
  console.error = (...a: unknown[]) => { lines.push(a.join(' ')); };
  try {
    assert.equal(printError(new Error('memory access out of bounds')), 1);
    assert.equal(printError(new Error('Aborted(). Build with -sASSERTIONS for more info.')), 1);
    assert.equal(printError(new Error('something else broke')), 1);
  } finally {
    console.error = orig;
  }
  assert.match(lines[0]!, /^error YC7502: the wasm backend ran out of memory/);
  assert.match(lines[1]!, /fix: use a smaller batch or image size, or the native backend/);
  assert.match(lines[2]!, /^error YC7502/);
  assert.match(lines[4]!, /^error YC8004: internal error: something else broke/);
});

test('yoloc train: a run folder with the log and the resolved config; infer takes folders and globs, says when nothing is drawn', async () => {
  const d = path.join(dir, 'run');
  const cfg = tinySetup(d, 1);
  const work = path.join(d, 'w');
  const env = { ...process.env, YOLOC_THREADS: '1' };
  const t = spawnSync(process.execPath, ['bin/yoloc.js', 'train', cfg, '--work-dir', work, '--backend', 'native', '--max-iters', '4'], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stderr, /^yoloc: trained 4 iterations \(1 epoch\): last checkpoint \S+epoch_1\.safetensors; log \S+\/\d{8}_\d{6}\.log$/m);
  // MMEngine's layout: checkpoints in work_dir, the log and the dumped config in work_dir/<YYYYMMDD_HHMMSS>/
  const runs = readdirSync(work).filter((n) => /^\d{8}_\d{6}$/.test(n));
  assert.equal(runs.length, 1, readdirSync(work).join(' '));
  assert.deepEqual(readdirSync(path.join(work, runs[0]!)).sort(), [`${runs[0]}.log`, 'tiny.py']);
  assert.match(readFileSync(path.join(work, runs[0]!, `${runs[0]}.log`), 'utf8'), /Epoch\(train\) +\[1\]\[4\/4\]/);
  assert.ok(readdirSync(work).includes('epoch_1.safetensors') && readdirSync(work).includes('last_checkpoint'));
  assert.ok(!readdirSync(work).includes('train.log'));
  const { resolveConfig } = await import('../../compiler/resolve.js');
  const dumped = resolveConfig(path.join(work, runs[0]!, 'tiny.py'));
  assert.deepEqual(dumped.diagnostics, []);
  assert.deepEqual(dumped.value!.data, resolveConfig(cfg).value!.data, 'the dumped config resolves to the same config, without its bases');
  assert.doesNotMatch(readFileSync(path.join(work, runs[0]!, 'tiny.py'), 'utf8'), /^_base_ =/m);

  // a folder (its images), a quoted glob, the old --out-dir spelling; --draw-thr 1 draws nothing, and says so
  const ck = path.join(work, 'epoch_1.safetensors');
  const out = path.join(d, 'inf');
  const i = spawnSync(process.execPath, ['bin/yoloc.js', 'infer', cfg, '--checkpoint', ck, path.join(d, 'data/val'), path.join(d, 'data/train/*_00000[01].*'),
    '--out-dir', out, '--draw-thr', '1', '--backend', 'native'], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(i.status, 0, i.stderr);
  const images = JSON.parse(readFileSync(path.join(out, 'images.json'), 'utf8')) as { file_name: string }[];
  assert.deepEqual(images.map((x) => path.relative(d, x.file_name)), [...readdirSync(path.join(d, 'data/val')).sort().map((n) => `data/val/${n}`),
    ...readdirSync(path.join(d, 'data/train')).filter((n) => /_00000[01]\./.test(n)).sort().map((n) => `data/train/${n}`)]);
  assert.match(i.stdout, /\(0 drawn, scoring at least 1\)/);
  assert.match(i.stdout, /^nothing drawn: the best score is [\d.e-]+, under --draw-thr 1; lower it \(e\.g\. --draw-thr [\d.]+\)/m);
});
