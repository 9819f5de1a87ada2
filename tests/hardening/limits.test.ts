/**
 * Every protective limit of the front end, through resolveConfig on real files: each stops
 * quickly with its own code, naming the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../compiler/resolve.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-limits-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Writes the files, resolves `main`, and returns the error codes and the time taken. */
function resolve(files: Record<string, string>, main: string): { codes: string[]; ms: number; files: string[] } {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const t0 = performance.now();
  const r = resolveConfig(path.join(dir, main), { cache: false });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return { codes: [...new Set(errors.map((d) => d.code))], ms: performance.now() - t0, files: errors.map((d) => d.span?.file ?? '') };
}

test('evaluation steps: a comprehension over range(10**9) stops with YC2901', () => {
  const r = resolve({ 'steps.py': 'x = [i for i in range(10**9)]\n' }, 'steps.py');
  assert.deepEqual(r.codes, ['YC2901']);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
  assert.equal(r.files[0], path.join(dir, 'steps.py'));
});

test('nesting depth: brackets, and nesting built up through names, stop with YC2902', () => {
  assert.deepEqual(resolve({ 'deep.py': 'x = ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n' }, 'deep.py').codes, ['YC2902']);
  // Regression: `a1 = [a0]`, `a2 = [a1]`, ... 2000 deep took minutes in resolve (paths per value).
  let chain = 'a0 = 0\n';
  for (let i = 1; i < 2000; i++) chain += `a${i} = dict(x=[a${i - 1}])\n`;
  const r = resolve({ 'chain.py': chain }, 'chain.py');
  assert.deepEqual(r.codes, ['YC2902']);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
  // 150 levels are fine.
  assert.deepEqual(resolve({ 'ok.py': 'a0 = 0\n' + Array.from({ length: 150 }, (_, i) => `a${i + 1} = [a${i}]\n`).join('') }, 'ok.py').codes, []);
  assert.deepEqual(resolve({ 'deep.json': '{"a": ' + '['.repeat(5000) + ']'.repeat(5000) + '}' }, 'deep.json').codes, ['YC3015']);
  assert.deepEqual(resolve({ 'deep.yaml': 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n' }, 'deep.yaml').codes, ['YC3016']);
});

test('file size: configs over 10 MB are refused with YC2903 in every format', () => {
  const big = 'x = 1\n' + '#'.repeat(10 * 1024 * 1024) + '\n';
  for (const [name, text] of [['big.py', big], ['big.json', `{"a": "${'a'.repeat(10 * 1024 * 1024)}"}`], ['big.yaml', `a: ${'a'.repeat(10 * 1024 * 1024)}\n`]] as const) {
    const r = resolve({ [name]: text }, name);
    assert.deepEqual(r.codes, ['YC2903'], name);
    assert.equal(r.files[0], path.join(dir, name));
  }
  // One 9 MB line is read normally (a long comment).
  assert.deepEqual(resolve({ 'long.py': 'x = 1  #' + 'c'.repeat(9 * 1024 * 1024) + '\n' }, 'long.py').codes, []);
});

test('number of bases: long chains and repeated bases stop with YC3019', () => {
  const chain: Record<string, string> = {};
  for (let i = 0; i < 100; i++) chain[`c${i}.py`] = `_base_ = 'c${i + 1}.py'\nk${i} = ${i}\n`;
  chain['c100.py'] = 'z = 1\n';
  const r = resolve(chain, 'c0.py');
  assert.deepEqual(r.codes, ['YC3019']);
  // Regression: each file listing the next twice loaded 2^40 files (out of memory).
  const diamond: Record<string, string> = { 'd40.py': '' };
  for (let i = 0; i < 40; i++) diamond[`d${i}.py`] = `_base_ = ['d${i + 1}.py', 'd${i + 1}.py']\n`;
  for (const cache of [false, true]) {
    for (const [name, text] of Object.entries(diamond)) writeFileSync(path.join(dir, name), text);
    const t0 = performance.now();
    const d = resolveConfig(path.join(dir, 'd0.py'), { cache });
    assert.deepEqual([...new Set(d.diagnostics.map((x) => x.code))], ['YC3019']);
    assert.ok(performance.now() - t0 < 10_000);
  }
  // A 30-file chain is fine.
  const short: Record<string, string> = { 's30.py': 'z = 1\n' };
  for (let i = 0; i < 30; i++) short[`s${i}.py`] = `_base_ = 's${i + 1}.py'\nk${i} = ${i}\n`;
  assert.deepEqual(resolve(short, 's0.py').codes, []);
});

test('expansion: shared references and YAML aliases that expand past the limit are YC2904/YC3016', () => {
  const r = resolve({ 'wide.py': 'x = [[0] * 1000] * 2000\n' }, 'wide.py');
  assert.deepEqual(r.codes, ['YC2904']);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++) laughs.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
  // Regression: 10^8 values through aliases converted for minutes.
  const y = resolve({ 'laughs.yaml': laughs.join('\n') + '\n' }, 'laughs.yaml');
  assert.deepEqual(y.codes, ['YC3016']);
  assert.ok(y.ms < 20_000, `${y.ms} ms`);
});

test('a base that is a device or FIFO is "not found", a folder is said to be one (regression: /dev/zero read forever)', () => {
  for (const b of ['/dev/zero', '/dev/urandom', '/tmp']) {
    const r = resolve({ 'dev.py': `_base_ = '${b}'\n` }, 'dev.py');
    assert.deepEqual(r.codes, [b === '/tmp' ? 'YC3020' : 'YC3001'], b);
    assert.ok(r.ms < 5000, `${b}: ${r.ms} ms`);
  }
});
