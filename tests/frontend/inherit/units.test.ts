/** Unit tests of the inheritance pieces: cfg-options parsing, merge, scope, printers, readers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptionValue, buildOptionDict } from '../../../compiler/inherit/options.js';
import { mergeAIntoB, MergeError } from '../../../compiler/inherit/merge.js';
import { addScope } from '../../../compiler/inherit/scope.js';
import { pyFloatRepr, toPythonJson, toPythonLiteral, pyStrRepr } from '../../../compiler/inherit/print.js';
import { parseJsonConfig } from '../../../compiler/frontend/json.js';
import { parseYamlConfig } from '../../../compiler/frontend/yaml.js';
import { substituteText } from '../../../compiler/inherit/substitute.js';
import { LineMap } from '../../../compiler/diagnostics/types.js';
import { PyDict, PyList, PyTuple, toJson, type Py } from '../../../compiler/frontend/values.js';

function dict(entries: Record<string, Py>): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

test('DictAction value syntax: scalars, lists, tuples, nesting, quotes and spaces', () => {
  assert.equal(parseOptionValue('1'), 1n);
  assert.equal(parseOptionValue('1_000'), 1000n);
  assert.equal(parseOptionValue('0.5'), 0.5);
  assert.equal(parseOptionValue('1e-3'), 0.001);
  assert.equal(parseOptionValue('inf'), Infinity);
  assert.equal(parseOptionValue('True'), true);
  assert.equal(parseOptionValue('false'), false);
  assert.equal(parseOptionValue('None'), null);
  assert.equal(parseOptionValue('none'), 'none');
  assert.equal(parseOptionValue("'hello world'"), 'helloworld');
  const nested = parseOptionValue('[(1,2),[3]]');
  assert.ok(nested instanceof PyList);
  assert.ok(nested.items[0] instanceof PyTuple);
  assert.deepEqual(toJson(nested), [[1, 2], [3]]);
  assert.deepEqual(toJson(parseOptionValue('a,b')), ['a', 'b']);
  assert.ok(parseOptionValue('(1,2)') instanceof PyTuple);
  assert.deepEqual(toJson(parseOptionValue('[]')), []);
  assert.throws(() => parseOptionValue('[1,(2]'));
});

test('merge: dicts merge key by key, _delete_ replaces, lists replace, order is base then new', () => {
  const base = dict({ a: dict({ x: 1n, y: 2n }), l: new PyList([1n, 2n]), s: 'base' });
  const child = dict({ a: dict({ y: 3n, z: 4n }), l: new PyList([9n]), n: true });
  const m = mergeAIntoB(child, base, false) as PyDict;
  assert.deepEqual(toJson(m), { a: { x: 1, y: 3, z: 4 }, l: [9], s: 'base', n: true });
  assert.deepEqual([...m.keys()], ['a', 'l', 's', 'n']);
  const del = mergeAIntoB(dict({ a: dict({ _delete_: true, q: 1n }) }), base, false) as PyDict;
  assert.deepEqual(toJson(del.get('a')!), { q: 1 });
  const kept = mergeAIntoB(dict({ b: dict({ _delete_: true, q: 1n }) }), base, false) as PyDict;
  assert.deepEqual(toJson(kept.get('b')!), { _delete_: true, q: 1 });
  assert.throws(() => mergeAIntoB(dict({ s: dict({ q: 1n }) }), base, false), MergeError);
  assert.deepEqual(toJson(base.get('a')!), { x: 1, y: 2 }, 'the base is not mutated');
});

test('merge with list keys: index into list items, refuse scalars and out-of-range', () => {
  const cfg = dict({ item: new PyList([dict({ a: 0n }), dict({ b: 0n })]), nums: new PyList([1n]) });
  const opts = buildOptionDict(['item.1.b=5']).value!;
  assert.deepEqual(toJson(mergeAIntoB(opts, cfg, true)), { item: [{ a: 0 }, { b: 5 }], nums: [1] });
  assert.throws(() => mergeAIntoB(buildOptionDict(['item.2.b=5']).value!, cfg, true), /exceeds/);
  assert.throws(() => mergeAIntoB(buildOptionDict(['nums.0=5']).value!, cfg, true), /cannot replace list item/);
  assert.equal(buildOptionDict(['noequals']).diagnostics[0]?.code, 'YC3012');
});

test('scope: only outermost dicts with type get _scope_, existing ones kept', () => {
  const v = dict({
    model: dict({ type: 'Net', head: dict({ type: 'Head' }) }),
    pipe: new PyList([dict({ type: 'A' }), dict({ type: 'B', _scope_: 'x' }), dict({ k: dict({ type: 'C' }) })]),
    plain: dict({ a: 1n }),
  });
  assert.deepEqual(toJson(addScope(v, 'mmdet', undefined)), {
    model: { type: 'Net', head: { type: 'Head' }, _scope_: 'mmdet' },
    pipe: [{ type: 'A', _scope_: 'mmdet' }, { type: 'B', _scope_: 'x' }, { k: { type: 'C', _scope_: 'mmdet' } }],
    plain: { a: 1 },
  });
});

test("Python float repr and json.dumps layout", () => {
  const cases: [number, string][] = [[4, '4.0'], [0.1, '0.1'], [1e-7, '1e-07'], [0.0001, '0.0001'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [-2.5, '-2.5'], [1.5e300, '1.5e+300'], [123456.789, '123456.789']];
  for (const [x, s] of cases) assert.equal(pyFloatRepr(x), s, String(x));
  const v = dict({ a: new PyTuple([1n, 2.0]), b: dict({}), c: new PyList([]), d: 'é"' });
  assert.equal(toPythonJson(v), '{\n  "a": [\n    1,\n    2.0\n  ],\n  "b": {},\n  "c": [],\n  "d": "\\u00e9\\""\n}');
  assert.equal(toPythonLiteral(new PyTuple([1n])), '(1,)');
  assert.equal(toPythonLiteral(dict({ 'a-b': 1n })), "{\n    'a-b': 1,\n}");
  assert.equal(pyStrRepr("it's"), '"it\'s"');
});

test('JSON reader: int vs float, spans, errors with a position', () => {
  const r = parseJsonConfig('{"a": 1, "b": 1.0, "c": [1e2, NaN]}', 'x.json');
  const d = r.value!;
  assert.equal(d.get('a'), 1n);
  assert.equal(d.get('b'), 1);
  assert.equal(d.spans.get('b')!.col, 15);
  const bad = parseJsonConfig('{"a": 1,\n "b" 2}', 'x.json');
  assert.equal(bad.value, null);
  assert.equal(bad.diagnostics[0]!.code, 'YC3015');
  assert.equal(bad.diagnostics[0]!.span!.line, 2);
});

test('YAML reader follows PyYAML 1.1 scalars', () => {
  const r = parseYamlConfig('a: yes\nb: 2e3\nc: 1.0\nd: 0x10\ne: ~\nf: !!python/tuple [1, 2]\ng: "yes"\n', 'x.yaml');
  const d = r.value!;
  assert.equal(d.get('a'), true);
  assert.equal(d.get('b'), '2e3');
  assert.equal(d.get('c'), 1);
  assert.equal(d.get('d'), 16n);
  assert.equal(d.get('e'), null);
  assert.ok(d.get('f') instanceof PyTuple);
  assert.equal(d.get('g'), 'yes');
  assert.equal(parseYamlConfig('a: [1\n', 'x.yaml').diagnostics[0]?.code, 'YC3016');
});

test('text substitution maps offsets back to the original text', () => {
  const text = "a = '{{fileDirname}}/x'\nb = {{_base_.m.n}}\n";
  const lines = new LineMap('/d/c.py', text);
  const s = substituteText(text, '/d/c.py', {}, (a, b) => lines.span(a, b));
  assert.equal(s.text.split('\n')[0], "a = '/d/x'");
  const [token, bv] = [...s.baseVars][0]!;
  assert.equal(bv.path, 'm.n');
  assert.equal(s.text.indexOf(`"${token}"`) >= 0, true);
  const bOffset = s.text.indexOf('b = ');
  assert.equal(s.map!(bOffset), text.indexOf('b = '));
  assert.equal(text.slice(bv.start, bv.end), '{{_base_.m.n}}');
});

test('resolve cache: a hit equals a cold load, survives child mutation, and sees edited bases', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { resolveConfig } = await import('../../../compiler/resolve.js');
  const { clearResolveCache } = await import('../../../compiler/inherit/cache.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-cache-'));
  writeFileSync(path.join(dir, 'base.py'), "model = dict(neck=dict(w=1), l=[1])\nroot = '{{$YOLOC_T_ROOT:/d}}'\n");
  writeFileSync(path.join(dir, 'a.py'), "_base_ = './base.py'\n_base_.model.neck.w = 5\nx = 1\n");
  writeFileSync(path.join(dir, 'b.py'), "_base_ = './base.py'\ny = 2\n");
  clearResolveCache();
  const a = resolveConfig(path.join(dir, 'a.py'), { env: {} });
  const b = resolveConfig(path.join(dir, 'b.py'), { env: {} });
  assert.deepEqual(a.value!.data.model, { neck: { w: 5 }, l: [1] });
  assert.deepEqual(b.value!.data.model, { neck: { w: 1 }, l: [1] }, "a's _base_ write must not leak into b through the cache");
  assert.deepEqual(b.value!.files, [path.join(dir, 'b.py'), path.join(dir, 'base.py')]);
  assert.equal(b.value!.provenance.get('/model/neck/w')!.via!.length, 2);
  assert.equal(resolveConfig(path.join(dir, 'b.py'), { env: { YOLOC_T_ROOT: '/e' } }).value!.data.root, '/e');
  writeFileSync(path.join(dir, 'base.py'), "model = dict(neck=dict(w=2), l=[1])\nroot = '/r'\n");
  assert.deepEqual(resolveConfig(path.join(dir, 'b.py'), { env: {} }).value!.data.model, { neck: { w: 2 }, l: [1] });
  const cold = resolveConfig(path.join(dir, 'a.py'), { env: {}, cache: false });
  const warm = resolveConfig(path.join(dir, 'a.py'), { env: {} });
  assert.deepEqual(warm.value!.data, cold.value!.data);
});
