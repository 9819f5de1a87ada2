/**
 * The text-only reading of the cursor's place (lsp/lexical.ts) that completion and hover use
 * while a buffer does not parse, the key finder (lsp/text.ts) and the schema's float defaults.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dictEntries, dictPath, scanAt, yamlAt } from '../../lsp/lexical.js';
import { floatPointers } from '../../lsp/schema.js';
import { keyBefore, type Lang } from '../../lsp/text.js';

/** The dict path, keys and type at the `|` of `src`. */
function at(src: string, lang: Lang) {
  const offset = src.indexOf('|');
  const text = src.replace('|', '');
  const s = scanAt(text, offset, lang);
  const e = dictEntries(text, s.frames.at(-1), lang);
  return { path: dictPath(s.frames, lang), keys: [...e.keys], type: e.type, current: s.current?.text, inString: s.inString?.text, comment: s.inComment };
}

test('Python: nested dict() calls and literals, list items, half-typed text, comments', () => {
  assert.deepEqual(at("model = dict(\n  backbone=dict(type='YOLOv5CSPDarknet', wid|, out_indices=(1, 2)),\n)", 'py'),
    { path: ['model', 'backbone'], keys: ['type', 'out_indices'], type: 'YOLOv5CSPDarknet', current: 'wid', inString: undefined, comment: false });
  assert.deepEqual(at("pipe = [dict(type='A'), dict(type='B', k=[1, (2, 3)]), dict(|", 'py').path, ['pipe', 2]);
  assert.deepEqual(at("model = {'neck': {'type': 'X', '|'}}", 'py').path, ['model', 'neck']);
  assert.equal(at("model = dict(backbone=dict(type='YOL|", 'py').inString, "'YOL");
  assert.equal(at("s = '''dict(|'''", 'py').inString, "'''dict('''", 'a dict( inside a string is text');
  assert.equal(at('model = dict(a=foo(|))', 'py').path, null, 'a call is not a dict');
  assert.equal(at('# model = dict(|', 'py').comment, true);
  assert.deepEqual(at('x = 1\nmo|', 'py'), { path: [], keys: ['x'], type: undefined, current: 'mo', inString: undefined, comment: false });
});

test('JSON and TypeScript: the root object is the config', () => {
  assert.deepEqual(at('{"model": {"neck": {"type": "X", "|"}}}', 'json').path, ['model', 'neck']);
  assert.deepEqual(at("export default defineConfig({ model: { backbone: { type: 'X', wid| } } });", 'ts').path, ['model', 'backbone']);
  assert.deepEqual(at("// {\nexport default { model: { '|' } };", 'ts').path, ['model']);
});

test('YAML: nested mappings, block lists (indented or not), the keys below the cursor', () => {
  const y = (src: string) => {
    const r = yamlAt(src.replace('|', ''), src.indexOf('|'));
    return { ...r, keys: [...r.keys] };
  };
  assert.deepEqual(y('model:\n  backbone:\n    type: X\n    wid|\n    out: 1\n'), { path: ['model', 'backbone'], keys: ['type', 'out'], type: 'X', typing: { what: 'key', start: 35 } });
  assert.deepEqual(y('pipe:\n- type: A\n  k: 1\n- type: B\n  |\nmodel: 1\n').path, ['pipe', 1]);
  assert.deepEqual(y('pipe:\n  - type: A\n  - type: B\n    |\n').path, ['pipe', 1]);
  assert.deepEqual(y('model:\n  neck:\n    type: "YOLOv5P|"\n').typing, { what: 'type', start: 26, quote: '"' });
});

test('keyBefore: the key written before a value, in every form', () => {
  const k = (text: string, value: string, expected?: string) => keyBefore(text, text.indexOf(value), expected)?.key ?? null;
  assert.equal(k('dict(widen_factor=0.5)', '0.5'), 'widen_factor');
  assert.equal(k("{'widen_factor': 0.5}", '0.5'), 'widen_factor');
  assert.equal(k('"a b": 1', '1'), 'a b');
  assert.equal(k('_base_.model.neck.widen_factor = 1', '1'), 'widen_factor');
  assert.equal(k('model:\n  neck: 1', 'neck'), 'model');
  assert.equal(k('x == 1', '1'), null);
  assert.equal(k('[1, 2]', '2'), null);
  assert.equal(k('dict(a=1)', '1', 'b'), null);
});

test('floatPointers: numbers written as floats in a JSON text, by pointer', () => {
  assert.deepEqual([...floatPointers('{"a": 1, "b": 1.0, "c": [2, 2.5e3, {"d/e": -0.5}], "s": "1.0"}')], ['/b', '/c/1', '/c/2/d~1e']);
});
