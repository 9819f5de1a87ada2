import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluatePython } from '../../../compiler/frontend/python/index.js';
import { CATALOG } from '../../../compiler/diagnostics/catalog.js';
import { ROOT } from '../../helpers/paths.js';

function codes(src: string, opts = {}): string[] {
  return evaluatePython(src, 'case.py', opts).diagnostics.map((d) => d.code);
}

test('code-reaching constructs are refused with their code and have no effect', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-sec-'));
  const marker = path.join(dir, 'pwned');
  try {
    const cases: [string, string][] = [
      ['import subprocess', 'YC2015'],
      ['import torch', 'YC2015'],
      [`from os import system`, 'YC2015'],
      ["import os\nx = os.system('touch " + marker + "')", 'YC2009'],
      [`import os.path as osp\nx = osp.exists(${JSON.stringify(marker)})`, 'YC2005'],
      ["import os.path as osp\nx = osp.expanduser('~root')", 'YC2005'],
      [`x = open(${JSON.stringify(marker)}, 'w')`, 'YC2005'],
      ["x = open('/etc/passwd').read()", 'YC2005'],
      ["x = __import__('os').system('touch " + marker + "')", 'YC2004'],
      ['x = ().__class__', 'YC2004'],
      ["x = ''.__class__.__mro__[1].__subclasses__()", 'YC2004'],
      ["x = exec('import os')", 'YC2005'],
      ["x = eval('1 + 1')", 'YC2005'],
      [`x = (lambda: open(${JSON.stringify(marker)}, 'w'))()`, 'YC2005'],
      ["x = getattr(dict(), 'items')", 'YC2013'],
      ["x = getattr(dict(), '__class__')", 'YC2004'],
      ['x = globals()', 'YC2005'],
      [`def f():\n    return open(${JSON.stringify(marker)}, 'w')\nx = f()`, 'YC2005'],
      ['class A:\n    pass', 'YC2002'],
      ["with open('f') as fh:\n    pass", 'YC2002'],
      ["try:\n    x = 1\nexcept Exception:\n    pass", 'YC2002'],
      ['x = __builtins__', 'YC2004'],
      ['x = dict(a=1).__dict__', 'YC2004'],
    ];
    for (const [src, code] of cases) {
      const r = evaluatePython(`${src}\nafter = 1\n`, 'case.py');
      assert.deepEqual(r.diagnostics.map((d) => d.code), [code], src);
      // The evaluator keeps going: the statement after the refused one is evaluated.
      assert.equal(r.value?.get('after'), 1n, src);
      assert.ok(r.value && !r.value.has('x'), src);
    }
    // A loop that never ends stops at the step budget, with a clear error.
    const spin = evaluatePython('while True:\n    pass\nafter = 1\n', 'spin.py');
    assert.deepEqual(spin.diagnostics.map((d) => [d.code, d.span?.line]), [['YC2901', 1]]);
    assert.match(spin.diagnostics[0]!.message, /exceeded 1000000 steps/);
    const recurse = evaluatePython('def f(n):\n    return f(n + 1)\nx = f(0)\n', 'rec.py');
    assert.deepEqual(recurse.diagnostics.map((d) => d.code), ['YC2902']);
    assert.ok(!existsSync(marker));
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recursion bombs are refused quickly without overflowing the stack', () => {
  const bombs = [
    'x = ' + '['.repeat(100_000) + ']'.repeat(100_000),
    'x = ' + '-('.repeat(100_000) + '1' + ')'.repeat(100_000),
    'x = ' + '- '.repeat(100_000) + '1',
    'x = ' + 'not '.repeat(100_000) + '1',
  ];
  for (const src of bombs) {
    const t0 = performance.now();
    const r = evaluatePython(src, 'bomb.py');
    assert.ok(performance.now() - t0 < 2000, 'took too long');
    assert.equal(r.value, null);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['YC2902']);
  }
  // Within the limit, nesting evaluates normally.
  const ok = evaluatePython('x = ' + '['.repeat(150) + ']'.repeat(150) + '\ny = ' + '-'.repeat(150) + '1', 'ok.py');
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(ok.value?.get('y'), 1n);
});

test('limits: steps, result sizes, huge integers, source size', () => {
  const t0 = performance.now();
  assert.deepEqual(codes('x = [i for i in range(10**9)]'), ['YC2901']);
  assert.deepEqual(codes('x = sum(i for i in range(10**9))'), ['YC2901']);
  assert.ok(performance.now() - t0 < 8000, 'step limit must stop quickly');
  assert.deepEqual(codes('x = [i for i in range(1000)]', { limits: { maxSteps: 100 } }), ['YC2901']);
  assert.deepEqual(codes("x = 'a' * 10**10"), ['YC2904']);
  assert.deepEqual(codes('x = [0] * 10**10'), ['YC2904']);
  assert.deepEqual(codes('x = list(range(10**9))'), ['YC2904']);
  assert.deepEqual(codes('x = 10**10**10'), ['YC2905']);
  assert.deepEqual(codes('x = 1 << 10**9'), ['YC2905']);
  assert.deepEqual(codes('x = 1\n', { limits: { maxSourceBytes: 3 } }), ['YC2903']);
  // A limit stops the whole evaluation: no value.
  assert.equal(evaluatePython("a = 1\nx = 'a' * 10**10\nb = 2", 'l.py').value, null);
});

test('shared references cannot blow up repr, comparison or the written-out config', () => {
  const laughs = 'a = [[[0] * 1000] * 1000] * 1000\n';
  const t0 = performance.now();
  assert.deepEqual(codes(laughs + 'b = str(a)'), ['YC2901']);
  assert.deepEqual(codes(laughs + 'b = a == [[[0] * 1000] * 1000] * 1000'), ['YC2901']);
  assert.deepEqual(codes(laughs + "b = f'{a}'"), ['YC2901']);
  assert.deepEqual(codes(laughs), ['YC2904']);
  assert.ok(performance.now() - t0 < 8000);
  // Strings: str() of a large shared structure, format widths, repeated doubling.
  assert.deepEqual(codes("s = 'a' * 10**7\nt = str([s] * 1000)"), ['YC2904']);
  assert.deepEqual(codes("x = f'{1:999999999}'"), ['YC2904']);
  assert.deepEqual(codes("s = 'a' * 10**6\n" + "s = '{}{}'.format(s, s)\n".repeat(5)), ['YC2904']);
  assert.deepEqual(codes("s = 'a' * 10**7\nt = [s] * 1000"), ['YC2904']);
  // Small shared structures are fine.
  assert.deepEqual(codes('a = [[0] * 10] * 10\nb = str(a) == str(a)'), []);
});

test('a failed name is reported once, not at every later use', () => {
  const r = evaluatePython('a = undefined_thing\nb = a + 1\nc = [b, a]\nd = 2\n', 'u.py');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.span?.line]), [['YC2001', 1]]);
  assert.deepEqual([...r.value!.keys()], ['d']);
  // Chained targets all become unknown.
  const c = evaluatePython('p = q = undefined\nr = p + q\n', 'c.py');
  assert.deepEqual(c.diagnostics.map((d) => [d.code, d.span?.line]), [['YC2001', 1]]);
  // Names bound by failed statements (loop variables, names assigned in their bodies) do not
  // cascade either, and names they only read keep their values.
  const f = evaluatePython('a = 1\nfor i in [a]:\n    c = i + None\nx = a\ny = c + i\n', 'f.py');
  assert.deepEqual(f.diagnostics.map((d) => [d.code, d.span?.line]), [['YC2006', 3]]);
  assert.equal(f.value!.get('x'), 1n);
  // Names bound by refused statements do not cascade either.
  const s = evaluatePython('import subprocess\nx = subprocess.run("a")\n', 's.py');
  assert.deepEqual(s.diagnostics.map((d) => d.code), ['YC2015']);
});

test('every code the Python front end uses is in the catalog, and every 1xxx/2xxx code is used', () => {
  const dir = path.join(ROOT, 'compiler/frontend/python');
  const used = new Set<string>();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/'(YC\d{4})'/g)) used.add(m[1]!);
  }
  for (const code of used) assert.ok(CATALOG[code], `${code} is not in the catalog`);
  for (const code of Object.keys(CATALOG).filter((c) => /^YC[12]\d{3}$/.test(c))) {
    assert.ok(used.has(code), `${code} is in the catalog but never used`);
  }
});
