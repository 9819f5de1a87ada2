import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluatePython, readBases } from '../../../compiler/frontend/python/index.js';
import { PyDict, PyList, PyTuple } from '../../../compiler/frontend/values.js';
import { SHARED } from '../../helpers/paths.js';
import { stubBase } from './golden.js';

test('readBases: a string, a list, a tuple; string literals only', () => {
  assert.deepEqual(readBases("_base_ = './a.py'\n", 'c.py').value.bases.map((b) => b.path), ['./a.py']);
  const r = readBases("x = 1\n_base_ = [\n    '../_base_/a.py',  # comment\n    \"b\" '.py',\n]\n", 'c.py');
  assert.deepEqual(r.value.bases.map((b) => b.path), ['../_base_/a.py', 'b.py']);
  assert.deepEqual(r.value.bases.map((b) => [b.span.line, b.span.col]), [[3, 5], [4, 5]]);
  assert.deepEqual(readBases("_base_ = ('a.py',)\n", 'c.py').value.bases.map((b) => b.path), ['a.py']);
  assert.deepEqual(readBases('x = 1\n', 'c.py').value.bases, []);
  const bad = readBases("name = 'a.py'\n_base_ = [name, f'{name}']\n", 'c.py');
  assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col]), [['YC3007', 2, 11], ['YC3007', 2, 17]]);
});

test('evaluatePython keeps ints, floats and tuples apart and drops _base_ and __names', () => {
  const r = evaluatePython("_base_ = 'b.py'\na = 1\nb = 1.0\nc = (1, 2)\nd = [1, 2]\n__e = 3\n_f = 4\ng = 4.\n", 'c.py');
  assert.deepEqual(r.diagnostics, []);
  const v = r.value!;
  assert.deepEqual([...v.keys()], ['a', 'b', 'c', 'd', '_f', 'g']);
  assert.equal(v.get('a'), 1n);
  assert.equal(typeof v.get('b'), 'number');
  assert.ok(v.get('c') instanceof PyTuple);
  assert.ok(v.get('d') instanceof PyList);
  assert.equal(v.get('g'), 4);
});

test('spans point at the expression that produced each entry', () => {
  const src = 'model = dict(\n    type="YOLODetector",\n    neck=dict(widen_factor=0.5),\n    strides=[8, 16, 32])\n';
  const v = evaluatePython(src, 'm.py').value!;
  const model = v.get('model') as PyDict;
  assert.deepEqual([v.spans.get('model')!.line, v.spans.get('model')!.col], [1, 9]);
  const at = (d: PyDict, k: string) => [d.spans.get(k)!.line, d.spans.get(k)!.col, d.spans.get(k)!.file];
  assert.deepEqual(at(model, 'type'), [2, 10, 'm.py']);
  assert.deepEqual(at(model.get('neck') as PyDict, 'widen_factor'), [3, 28, 'm.py']);
  const strides = model.get('strides') as PyList;
  assert.deepEqual([strides.spans[2]!.line, strides.spans[2]!.col], [4, 21]);
});

test('_base_ reads and writes act on the merged base in place, with Python reference semantics', () => {
  const base = stubBase();
  const src = [
    'x = _base_.model',
    'x.neck.widen_factor = 1.0',
    '_base_.test_pipeline[-2] = dict(type="Other")',
    'a = [1]',
    'b = a',
    'b.append(2)',
    'n = _base_.model.neck.widen_factor',
  ].join('\n');
  const r = evaluatePython(src, 'c.py', { base });
  assert.deepEqual(r.diagnostics, []);
  const neck = (base.get('model') as PyDict).get('neck') as PyDict;
  assert.equal(neck.get('widen_factor'), 1.0);
  assert.equal(neck.spans.get('widen_factor')!.line, 2);
  const pipeline = base.get('test_pipeline') as PyList;
  assert.equal((pipeline.items[1] as PyDict).get('type'), 'Other');
  assert.equal(r.value!.get('x'), base.get('model'));
  assert.equal(r.value!.get('a'), r.value!.get('b'));
  assert.deepEqual((r.value!.get('a') as PyList).items, [1n, 2n]);
  assert.equal(r.value!.get('n'), 1.0);
  assert.ok(!r.value!.has('_base_'));
});

test('syntax errors carry line:col and the rest of the file is still evaluated', () => {
  const r = evaluatePython('a = 1\nb = (1 +\nc = 3\nd = 4\n', 's.py');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col]), [['YC1001', 2, 5]]);
  assert.equal(r.value!.get('a'), 1n);
  assert.equal(r.value!.get('d'), 4n);
  assert.ok(!r.value!.has('b'));
});

test('the seed config evaluates cleanly with a stub base', () => {
  const file = path.join(SHARED, 'seed/yolov5_starnet_s1_coco.py');
  const r = evaluatePython(readFileSync(file, 'utf8'), file, { base: stubBase() });
  assert.deepEqual(r.diagnostics, []);
  const model = r.value!.get('model') as PyDict;
  const head = model.get('bbox_head') as PyDict;
  assert.equal((head.get('loss_obj') as PyDict).get('loss_weight'), 1.0);
  assert.equal((head.get('loss_cls') as PyDict).get('loss_weight'), 0.5);
  const affine = (r.value!.get('train_pipeline') as PyList).items[3] as PyDict;
  assert.deepEqual((affine.get('border') as PyTuple).items, [-320n, -320n]);
  assert.deepEqual((affine.get('scaling_ratio_range') as PyTuple).items, [0.5, 1.5]);
  assert.equal(r.value!.get('prior_match_thr'), 4);
});

test('a byte order mark and CRLF line endings read as Python reads them', () => {
  const src = '\uFEFF# bom\r\na = [1, 2,]\r\nd = """x\r\ny"""\r\ne = 1 + \\\r\n  2\r\n';
  const r = evaluatePython(src, 'crlf.py');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.value!.get('d'), 'x\ny');
  assert.equal(r.value!.get('e'), 3n);
  assert.deepEqual([r.value!.spans.get('e')!.line, r.value!.spans.get('e')!.col], [5, 5]);
});

test('readBases finds _base_ inside a statement group, and evaluatePython skips it there too', () => {
  const src = "_base_ = ['a.py']; x = 1\n";
  assert.deepEqual(readBases(src, 'g.py').value.bases.map((b) => b.path), ['a.py']);
  const r = evaluatePython(src, 'g.py');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.value!.keys()], ['x']);
});
