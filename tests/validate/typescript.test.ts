/** The .ts config reader: static evaluation into the value model, and the editor's view through the generated types. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { evaluateTypeScript } from '../../compiler/frontend/typescript.js';
import { PyDict, PyList, PyTuple, toJson } from '../../compiler/frontend/values.js';
import { validateConfig } from '../../compiler/validate/index.js';
import { ROOT } from '../helpers/paths.js';
import { resolvedFromDict } from './helpers.js';

const FIXTURE = path.join(ROOT, 'tests/validate/fixtures/typed_config.ts');

test('the typed fixture evaluates without running: ints, floats, tuples, spreads, arithmetic', () => {
  const r = evaluateTypeScript(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  assert.deepEqual(r.diagnostics, []);
  const cfg = r.value!;
  const model = cfg.get('model') as PyDict;
  const backbone = model.get('backbone') as PyDict;
  assert.equal(backbone.get('num_classes'), 80n);
  assert.ok(backbone.get('out_indices') instanceof PyTuple);
  assert.ok(backbone.get('depths') instanceof PyList);
  const neck = model.get('neck') as PyDict;
  assert.equal(neck.get('widen_factor'), 0.5);
  assert.deepEqual(toJson(neck.get('norm_cfg')!), { type: 'BN', momentum: 0.03, eps: 0.001 });
  const head = model.get('bbox_head') as PyDict;
  assert.equal((head.get('loss_obj') as PyDict).get('loss_weight'), 1.0);
  const pipeline = ((cfg.get('train_dataloader') as PyDict).get('dataset') as PyDict).get('pipeline') as PyList;
  assert.equal(pipeline.items.length, 7);
  assert.deepEqual(toJson((pipeline.items[3] as PyDict).get('border')!), [-320, -320]);
  // The span of a value is where it was written, so diagnostics point into the .ts file.
  const span = neck.spans.get('widen_factor')!;
  assert.equal(span.file, FIXTURE);
  assert.match(readFileSync(FIXTURE, 'utf8').split('\n')[span.line - 1]!, /widen_factor/);
  assert.deepEqual(validateConfig(resolvedFromDict(cfg, FIXTURE)).diagnostics, []);
});

test('validation diagnostics of a .ts config point at the .ts line', () => {
  const src = "import { defineConfig } from './define.js';\nexport default defineConfig({\n  model: { type: 'YOLOv5PAFPN', in_channels: [1], out_channels: [1], widen_factr: 1 },\n});\n";
  const r = evaluateTypeScript(src, '/v/cfg.ts');
  const ds = validateConfig(resolvedFromDict(r.value!, '/v/cfg.ts')).diagnostics;
  assert.equal(ds.length, 1);
  assert.equal(ds[0]!.code, 'YC4002');
  assert.equal(ds[0]!.span?.line, 3);
});

const codeOf = (src: string): string[] => evaluateTypeScript(src, '/v/cfg.ts').diagnostics.map((d) => d.code);

test('anything outside the subset is a diagnostic, never executed', () => {
  assert.deepEqual(codeOf('export default { a: 1 '), ['YC4901']);
  assert.deepEqual(codeOf("import fs from 'node:fs';\nexport default { a: fs.readFileSync('/etc/passwd') };"), ['YC4902']);
  assert.deepEqual(codeOf('const a = 1;\n'), ['YC4903']);
  assert.deepEqual(codeOf('export default 3;'), ['YC4903']);
  assert.deepEqual(codeOf('export default { a: b };'), ['YC4904']);
  assert.deepEqual(codeOf('export default { a: b };\nconst b = 1;'), ['YC4904']);
  assert.deepEqual(codeOf("export default { _base_: './x.py', a: 1 };"), ['YC4905']);
  assert.deepEqual(codeOf('let a = 1;\nexport default { a };'), ['YC4902', 'YC4904']);
  assert.deepEqual(codeOf('export default { a: (() => 1)() };'), ['YC4902']);
});

test('the generated types give the editor completion-grade errors', () => {
  const dir = path.join(ROOT, 'tests/validate/fixtures');
  const snippet = path.join(dir, '__typed_snippet.ts');
  const text = [
    "import { defineConfig } from '../../../schema/define.js';",
    'export default defineConfig({',
    "  model: { type: 'YOLOv5PAFPN', in_channels: [1], out_channels: [1], widen_factr: 0.5 },",
    "  train_cfg: { type: 'EpochBasedTrainLoop', max_epochs: '300' },",
    '});',
  ].join('\n');
  const host = ts.createCompilerHost({});
  const read = host.readFile;
  host.readFile = (f) => (path.resolve(f) === snippet ? text : read(f));
  const exists = host.fileExists;
  host.fileExists = (f) => path.resolve(f) === snippet || exists(f);
  const program = ts.createProgram([snippet], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] }, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === snippet);
  const lines = errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1).sort();
  assert.deepEqual(lines, [3, 4], errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('\n'));
});
