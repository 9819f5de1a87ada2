import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSafetensors, writeSafetensors } from '../../runtime/io/safetensors.js';
import { YolocError } from '../../runtime/errors.js';
import { FIXTURES } from '../helpers/paths.js';

const FIX = FIXTURES;

test('reads the PyTorch-made fixture input', () => {
  const t = readSafetensors(path.join(FIX, 'input_320.safetensors'));
  const input = t.get('input')!;
  assert.deepEqual(input.shape, [1, 3, 320, 320]);
  assert.equal(input.data.length, 3 * 320 * 320);
  assert.ok(input.data.every((v) => v >= 0 && v < 1));
});

test('write then read round-trips bit-exactly, atomically', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-st-'));
  const f = path.join(dir, 'a.safetensors');
  const m = new Map([
    ['b.weight', { dtype: 'float32' as const, shape: [2, 3], data: new Float32Array([1, -2.5, 3e-8, 4, Math.PI, -0]) }],
    ['a.count', { dtype: 'int32' as const, shape: [1], data: new Int32Array([7]) }],
  ]);
  writeSafetensors(f, m);
  assert.deepEqual(readdirSync(dir), ['a.safetensors']);
  const back = readSafetensors(f);
  assert.deepEqual([...back.keys()].sort(), ['a.count', 'b.weight']);
  assert.deepEqual(back.get('b.weight')!.data, m.get('b.weight')!.data);
  assert.deepEqual(back.get('a.count')!.data, new Int32Array([7]));
});

test('a truncated file is a YC7101 naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-st-'));
  const bytes = readFileSync(path.join(FIX, 'input_320.safetensors'));
  const f = path.join(dir, 'cut.safetensors');
  writeFileSync(f, bytes.subarray(0, bytes.length - 100));
  assert.throws(() => readSafetensors(f), (e: unknown) => e instanceof YolocError && e.code === 'YC7101' && e.file === f);
  writeFileSync(f, Buffer.from([1, 2, 3]));
  assert.throws(() => readSafetensors(f), (e: unknown) => e instanceof YolocError && e.code === 'YC7101');
});
