/**
 * `yoloc lsp` driven over stdio by a real client (vscode-languageserver-protocol's client side):
 * initialize, open, change, hover, completion, definition and code actions on MMYOLO-style
 * configs with bases (tests/lsp/fixtures), with exact results.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Diagnostic, Hover, Location, Range, TextEdit } from 'vscode-languageserver-protocol';
import { schemaRegistry } from '../../compiler/validate/registry.js';
import { ROOT } from '../helpers/paths.js';
import { LspClient, uri } from './client.js';

const FX = path.join(ROOT, 'tests/lsp/fixtures');
const BASE = path.join(FX, '_base_/yolov5_s.py');
const fx = (name: string) => path.join(FX, name);
const at = (line: number, character: number) => ({ line, character });
const range = (l0: number, c0: number, l1: number, c1: number): Range => ({ start: at(l0, c0), end: at(l1, c1) });

let c: LspClient;
let version = 10;

before(async () => {
  c = LspClient.start(['--debounce', '10']);
  await c.initialize(FX);
});

after(async () => {
  const code = await c.stop();
  assert.equal(code, 0, `server exit code; stderr:\n${c.stderr}`);
  assert.equal(c.stderr, '', 'the server wrote to stderr');
  assert.deepEqual(c.logs, [], 'the server logged errors');
});

const hover = (file: string, line: number, ch: number) =>
  c.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri(file) }, position: at(line, ch) });
const definition = (file: string, line: number, ch: number) =>
  c.request<Location[] | null>('textDocument/definition', { textDocument: { uri: uri(file) }, position: at(line, ch) });
const completion = (file: string, line: number, ch: number) =>
  c.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: uri(file) }, position: at(line, ch) });
const actions = (file: string, r: Range = range(0, 0, 999, 0)) =>
  c.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: r, context: { diagnostics: [] } });
const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const md = (h: Hover | null) => (h?.contents as { value: string } | undefined)?.value;

/** Opens a fixture and waits for its first diagnostics. */
async function openFixture(file: string): Promise<Diagnostic[]> {
  const since = c.published.length;
  await c.open(file);
  return c.diagnostics(file, undefined, since);
}

/** Replaces an open file's text and waits for diagnostics that `accept` takes. */
async function edit(file: string, text: string, accept: (ds: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  const since = c.published.length;
  await c.change(file, ++version, text);
  return c.diagnostics(file, accept, since);
}

test('initialize: the server says what it does', async () => {
  const c2 = LspClient.start();
  const r = await c2.initialize(FX);
  assert.deepEqual(r, {
    capabilities: {
      textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ["'", '"', '(', ',', '='], resolveProvider: true },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'yoloc', version: `yoloc ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}` },
  });
  assert.equal(await c2.stop(), 0);
});

test("diagnostics on open: check's codes at their ranges, the other side of the mismatch as related information", async () => {
  const ds = await openFixture(fx('strides.py'));
  const inBase = (l0: number, c0: number, l1: number, c1: number, message: string) => ({ location: { uri: uri(BASE), range: range(l0, c0, l1, c1) }, message });
  assert.deepEqual(ds, [
    {
      range: range(3, 39, 3, 48), severity: 1, code: 'YC5001', source: 'yoloc',
      message: 'YOLOv5CSPDarknet outputs [64, 128, 256] channels for out_indices (1, 2, 3), but YOLOv5PAFPN expects [128, 256, 512] (in_channels [256, 512, 1024] after widen_factor)\nfix: set out_indices to (2, 3, 4)',
      relatedInformation: [inBase(22, 20, 22, 36, 'YOLOv5PAFPN in_channels set here')],
      data: { path: '/model/backbone/out_indices' },
    },
    {
      range: range(3, 39, 3, 48), severity: 1, code: 'YC5003', source: 'yoloc',
      message: "YOLOv5CSPDarknet out_indices (1, 2, 3) give strides [4, 8, 16], but the head's featmap_strides are [8, 16, 32]: every box would be decoded at the wrong scale\nfix: set model.backbone.out_indices to (2, 3, 4) (levels 128@8, 256@16, 512@32)",
      relatedInformation: [inBase(32, 28, 32, 35, 'head featmap_strides [8, 16, 32] set here'), inBase(34, 91, 34, 98, 'prior_generator strides [8, 16, 32] set here')],
      data: { path: '/model/backbone/out_indices' },
    },
  ]);
});

test('hover: the resolved value, where it was set, what it overrides in which base, schema default, levels', async () => {
  await openFixture(fx('deep.py'));
  // On the key `widen_factor` of `widen_factor=_base_.widen_factor`.
  const h = await hover(fx('deep.py'), 3, 55);
  assert.deepEqual(h?.range, range(3, 50, 3, 62));
  assert.equal(md(h), [
    '**model.backbone.widen_factor** (resolved)',
    '```python', 'model.backbone.widen_factor = 0.5', '```',
    '```text',
    'used at: deep.py:4:64',
    '  model = dict(backbone=dict(out_indices=(2, 3, 4), widen_factor=_base_.widen_factor))',
    'set at:  _base_/yolov5_s.py:3:16',
    '  widen_factor = 0.5',
    'overrides: _base_/yolov5_s.py:17:9 (through deep.py -> strides.py -> _base_/yolov5_s.py)',
    '```',
    '**schema**: YOLOv5CSPDarknet argument (mmyolo/models/backbones/csp_darknet.py)',
    '```text', 'widen_factor: number = 1.0', '```',
    '**levels** (channels x stride):',
    '- backbone YOLOv5CSPDarknet outputs 128 x 8, 256 x 16, 512 x 32',
  ].join('\n'));
  // On `model`: every part's levels, the neck's and the head's from the shape check.
  const m = md(await hover(fx('deep.py'), 3, 2))!;
  assert.match(m, /^\*\*model\*\* \(resolved\)\n```python\nmodel = dict\(\n {4}type='YOLODetector',/);
  assert.ok(m.endsWith([
    '**levels** (channels x stride):',
    '- backbone YOLOv5CSPDarknet outputs 128 x 8, 256 x 16, 512 x 32',
    '- neck YOLOv5PAFPN outputs 128 x 8, 256 x 16, 512 x 32',
    '- head YOLOv5Head featmap_strides [8, 16, 32], receives 128 x 8, 256 x 16, 512 x 32, 80 classes, 3 priors per cell',
  ].join('\n')), m);
  // On a `type` value: the registry type with its arguments and defaults.
  const t = md(await hover(BASE, 14, 16));
  assert.equal(t, undefined, 'the base is not open: no hover');
});

test('go to definition: a _base_ entry to its file, a key to the base line that set it, a read to its assignment', async () => {
  const deep = fx('deep.py');
  assert.deepEqual(await definition(deep, 0, 12), [{ uri: uri(fx('strides.py')), range: range(0, 0, 0, 0) }]);
  // `backbone` overrides strides.py's `backbone=` (which merges into the base's).
  assert.deepEqual(await definition(deep, 3, 16), [{ uri: uri(fx('strides.py')), range: range(3, 13, 3, 21) }]);
  // The key `widen_factor`: set two bases up, in the base's backbone dict.
  assert.deepEqual(await definition(deep, 3, 55), [{ uri: uri(BASE), range: range(16, 8, 16, 20) }]);
  // The value `_base_.widen_factor`: the assignment it reads.
  assert.deepEqual(await definition(deep, 3, 70), [{ uri: uri(BASE), range: range(2, 15, 2, 18) }]);
  // A comment: nothing.
  assert.equal(await definition(deep, 2, 5), null);
});

test('completion: type= names from the registry (the slot first) and the arguments of a type a base set, with defaults', async () => {
  const file = fx('strides.py');
  const line = "model = dict(backbone=dict(out_indices=(2, 3, 4)), neck=dict(type='YOLOv5PA'), bbox_head=dict(num_c))";
  await edit(file, `_base_ = './_base_/yolov5_s.py'\n${line}\n`, (ds) => ds.length > 0);
  const types = await completion(file, 1, line.indexOf("YOLOv5PA'") + 8);
  assert.ok(types);
  // Every registered type once (Albumentations' own only inside mmdet.Albu), necks first, the ones yoloc runs first among them.
  const expected = new Set(schemaRegistry().entries.filter((e) => e.scope !== 'albu').map((e) => (e.scope === 'mmyolo' || e.scope === 'mmengine' ? e.name : `${e.scope}.${e.name}`)));
  assert.equal(types.items.length, expected.size);
  assert.deepEqual(new Set(types.items.map((i) => i.label)), expected);
  assert.deepEqual(types.items[0], {
    label: 'YOLOv5PAFPN', kind: 7, detail: 'mmyolo · mmyolo/models/necks/yolov5_pafpn.py · runs in yoloc',
    textEdit: { range: range(1, line.indexOf('YOLOv5PA'), 1, line.indexOf('YOLOv5PA') + 8), newText: 'YOLOv5PAFPN' }, sortText: '00YOLOv5PAFPN', data: { key: 'mmyolo.YOLOv5PAFPN', lang: 'py' },
  });
  assert.ok(types.items.slice(1, 6).every((i) => /necks/.test(i.detail ?? '')), JSON.stringify(types.items.slice(0, 6)));
  assert.ok(types.items.some((i) => i.label === 'mmdet.YOLOAnchorGenerator'), 'mmdet types are written with their scope');
  const resolved = await c.request<{ documentation: { value: string } }>('completionItem/resolve', types.items[0]);
  assert.match(resolved.documentation.value, /^\*\*YOLOv5PAFPN\*\* \(mmyolo, mmyolo\/models\/necks\/yolov5_pafpn\.py\)\n/);
  assert.match(resolved.documentation.value, /\nnum_csp_blocks: integer = 1\n/);
  assert.match(resolved.documentation.value, /\nin_channels: array \| number \(required\)\n/);
  // `bbox_head=dict(num_c|)`: the head's type (YOLOv5Head) is set in the base.
  const args = await completion(file, 1, line.indexOf('num_c') + 5);
  assert.deepEqual(args?.items.map((i) => i.label), [
    'head_module', 'prior_generator', 'bbox_coder', 'loss_cls', 'loss_bbox', 'loss_obj', 'prior_match_thr',
    'near_neighbor_thr', 'ignore_iof_thr', 'obj_level_weights', 'train_cfg', 'test_cfg', 'init_cfg',
  ]);
  assert.deepEqual(args?.items.find((i) => i.label === 'prior_match_thr'), {
    label: 'prior_match_thr', kind: 5, detail: 'prior_match_thr=4.0 (default)',
    documentation: { kind: 'markdown', value: 'Argument of YOLOv5Head (mmyolo/models/dense_heads/yolov5_head.py).' },
    textEdit: { range: range(1, line.indexOf('num_c'), 1, line.indexOf('num_c') + 5), newText: 'prior_match_thr=4.0' }, insertTextFormat: 1, filterText: 'prior_match_thr', sortText: '1prior_match_thr',
  });
});

test('completion while the buffer does not parse, in JSON and YAML, and none in comments', async () => {
  const file = fx('strides.py');
  // Half-typed: an unclosed string and bracket. The argument list comes from the last version that resolved.
  const text = "_base_ = './_base_/yolov5_s.py'\nmodel = dict(neck=dict(num_csp_blocks=1, \n";
  await edit(file, text, (ds) => ds.some((d) => String(d.code).startsWith('YC1')));
  const args = await completion(file, 1, 41);
  assert.ok(args?.items.some((i) => i.label === 'deepen_factor' && i.detail === 'deepen_factor=1.0 (default)'));
  assert.ok(!args?.items.some((i) => i.label === 'num_csp_blocks'), 'a key the dict has is not offered again');
  await edit(file, "_base_ = './_base_/yolov5_s.py'\n# model = dict(neck=dict(\n");
  assert.equal(await completion(file, 1, 25), null);
  const json = fx('typo.json');
  await openFixture(json);
  await edit(json, '{\n  "_base_": "./_base_/yolov5_s.py",\n  "model": {"neck": {"num_csp_blocks": 1, "de"}}\n}\n');
  const j = await completion(json, 2, 45);
  assert.deepEqual(j?.items.find((i) => i.label === 'deepen_factor')?.textEdit, { range: range(2, 42, 2, 46), newText: '"deepen_factor": 1.0' });
  assert.ok(!j?.items.some((i) => i.label === 'num_csp_blocks'));
  await edit(json, readFileSync(json, 'utf8'), (ds) => ds.length === 1);
  const yaml = fx('strides.yaml');
  await openFixture(yaml);
  await edit(yaml, '_base_: ./_base_/yolov5_s.py\nmodel:\n  backbone:\n    out_indices: [2, 3, 4]\n    wid\n  neck:\n    type: YOLOv5P\n');
  const y = await completion(yaml, 4, 7);
  assert.deepEqual(y?.items.find((i) => i.label === 'widen_factor')?.textEdit, { range: range(4, 4, 4, 7), newText: 'widen_factor: 1.0' });
  assert.ok(!y?.items.some((i) => i.label === 'out_indices'));
  const yt = await completion(yaml, 6, 17);
  assert.deepEqual(yt?.items[0]?.textEdit, { range: range(6, 10, 6, 17), newText: 'YOLOv5PAFPN' });
  await edit(yaml, readFileSync(yaml, 'utf8'), (ds) => ds.length === 2);
});

/** Applies a code action's edit of one file to its text. */
function applied(action: CodeAction, file: string, text: string): string {
  const edits = action.edit?.changes?.[uri(file)] as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(uri(file), 'python', 0, text), edits);
}

test('code actions: check\'s fixes as WorkspaceEdits (renames, a type, in_channels, out_indices), and they fix it', async () => {
  const typo = fx('typo.py');
  await openFixture(typo);
  const fixes = await actions(typo);
  assert.deepEqual(fixes?.map((a) => [a.title, a.edit]), [
    ["YC4001: change type to 'SiLU'", { changes: { [uri(typo)]: [{ range: range(4, 37, 4, 41), newText: 'SiLU' }] } }],
    ["YC4002: rename 'num_csp_blokcs' to 'num_csp_blocks'", { changes: { [uri(typo)]: [{ range: range(3, 14, 3, 28), newText: 'num_csp_blocks' }] } }],
  ]);
  assert.ok(fixes!.every((a) => a.kind === 'quickfix' && a.isPreferred && a.diagnostics?.length === 1));
  // Applied one after the other, as an editor does: no diagnostics left.
  let text = readFileSync(typo, 'utf8');
  text = applied(fixes![0]!, typo, text);
  await edit(typo, text, (ds) => ds.length === 1);
  text = applied((await actions(typo))![0]!, typo, text);
  assert.deepEqual(await edit(typo, text, (ds) => ds.length === 0), []);
  assert.match(text, /num_csp_blocks=1\),\n {4}backbone=dict\(act_cfg=dict\(type='SiLU'/);

  // In JSON the key keeps its quotes; in YAML the tuple is a flow list.
  const json = fx('typo.json');
  assert.deepEqual((await actions(json))?.map((a) => a.edit), [{ changes: { [uri(json)]: [{ range: range(2, 22, 2, 36), newText: 'num_csp_blocks' }] } }]);
  const yaml = fx('strides.yaml');
  const y = await actions(yaml, range(3, 20, 3, 20));
  assert.deepEqual(y?.map((a) => [a.title, a.edit]), [
    ['YC5001: set out_indices to (2, 3, 4)', { changes: { [uri(yaml)]: [{ range: range(3, 17, 3, 26), newText: '[2, 3, 4]' }] } }],
    ['YC5003: set model.backbone.out_indices to (2, 3, 4) (levels 128@8, 256@16, 512@32)', { changes: { [uri(yaml)]: [{ range: range(3, 17, 3, 26), newText: '[2, 3, 4]' }] } }],
  ]);
  assert.deepEqual(await edit(yaml, applied(y![1]!, yaml, readFileSync(yaml, 'utf8')), (ds) => ds.length === 0), []);
  // TypeScript: the head's in_channels.
  const ts = fx('head.ts');
  await openFixture(ts);
  assert.deepEqual((await actions(ts))?.map((a) => a.edit), [{ changes: { [uri(ts)]: [{ range: range(12, 77, 12, 93), newText: '[512, 1024, 2048]' }] } }]);
});

test("a base's problem shows at the _base_ entry of the child, and its fix edits the base", async () => {
  const child = fx('neck_width.py');
  const ds = await openFixture(child);
  assert.deepEqual(ds.map((d) => [d.code, d.range, msg(d).split('\n')[0], d.relatedInformation?.[0]]), [
    ['YC5001', range(0, 9, 0, 31), 'in _base_/yolov5_s.py:23:21: YOLOv5PAFPN expects [64, 128, 256] channels (in_channels [256, 512, 1024] after widen_factor) but YOLOv5CSPDarknet outputs [128, 256, 512]',
      { location: { uri: uri(BASE), range: range(22, 20, 22, 36) }, message: 'YC5001 is here' }],
    ['YC5002', range(0, 9, 0, 31), 'in _base_/yolov5_s.py:31:25: the head expects [128, 256, 512] channels (in_channels [256, 512, 1024] after widen_factor 0.5) but YOLOv5PAFPN outputs [64, 128, 256]',
      { location: { uri: uri(BASE), range: range(30, 24, 30, 40) }, message: 'YC5002 is here' }],
  ]);
  assert.deepEqual((await actions(child, range(0, 10, 0, 10)))?.map((a) => [a.title, a.edit]), [
    ['YC5001: set in_channels to [512, 1024, 2048]', { changes: { [uri(BASE)]: [{ range: range(22, 20, 22, 36), newText: '[512, 1024, 2048]' }] } }],
    ['YC5002: set model.bbox_head.head_module.in_channels to [128, 256, 512]', { changes: { [uri(BASE)]: [{ range: range(30, 24, 30, 40), newText: '[128, 256, 512]' }] } }],
  ]);
  await c.close(child);
});

test('editing an open base re-checks its open children with the unsaved text; closing clears', async () => {
  const child = fx('channels.py');
  assert.deepEqual((await openFixture(child)).map((d) => d.code), ['YC5002']);
  assert.deepEqual(await openFixture(BASE), []);
  const baseText = readFileSync(BASE, 'utf8');
  // The head's widen_factor 1.0 in the (unsaved) base: the child's in_channels now fit; the base's own do not.
  const since = c.published.length;
  await c.change(BASE, ++version, baseText.replace('widen_factor=widen_factor,\n            featmap_strides', 'widen_factor=1.0,\n            featmap_strides'));
  assert.deepEqual(await c.diagnostics(child, (ds) => ds.length === 0, since), []);
  const own = await c.diagnostics(BASE, (ds) => ds.length > 0, since);
  assert.deepEqual(own.map((d) => [d.code, d.range, msg(d).split('\n')[0]]), [
    ['YC5002', range(30, 24, 30, 40), 'the head expects [256, 512, 1024] channels (in_channels [256, 512, 1024] after widen_factor 1) but YOLOv5PAFPN outputs [128, 256, 512]'],
  ]);
  // Hover in the base reads the buffer too; on the `type` value, the type's arguments.
  assert.match(md(await hover(BASE, 31, 27))!, /^\*\*model\.bbox_head\.head_module\.widen_factor\*\* \(resolved\)\n```python\nmodel\.bbox_head\.head_module\.widen_factor = 1\.0\n/);
  assert.match(md(await hover(BASE, 14, 16))!, /\nset at: yolov5_s\.py:15:14\n.*\n```\n\*\*YOLOv5CSPDarknet\*\* \(mmyolo, mmyolo\/models\/backbones\/csp_darknet\.py\)\n\nyoloc runs this type\.\n\n```text\narch: string = 'P5'\nplugins: array \| null \| object = None\ndeepen_factor: number = 1\.0\nwiden_factor: number = 1\.0\ninput_channels: number = 3\nout_indices: array = \[2, 3, 4\]\nfrozen_stages: number = -1\n/);
  // Back to the disk text, then closed: the child reads the disk again.
  const back = c.published.length;
  await c.change(BASE, ++version, baseText);
  assert.deepEqual((await c.diagnostics(child, (ds) => ds.length === 1, back)).map((d) => d.code), ['YC5002']);
  await c.close(BASE);
  assert.deepEqual(await c.diagnostics(BASE, (ds) => ds.length === 0, back), []);
  await c.close(child);
});

test('bad input: syntax errors as diagnostics, requests answered, no file read beyond what _base_ allows', async () => {
  const file = fx('strides.py');
  const ds = await edit(file, 'model = dict(\n  x=(\n', (d) => d.length > 0);
  assert.deepEqual(ds.map((d) => [d.code, d.range, d.message]), [['YC1001', range(1, 4, 1, 5), "'(' was never closed"]]);
  assert.equal(await hover(file, 1, 3), null);
  assert.equal(await definition(file, 1, 3), null);
  assert.deepEqual(await actions(file), []);
  // A base that is not a config: refused by its extension, no definition, nothing of it shown.
  const etc = await edit(file, "_base_ = '/etc/passwd'\nx = 1\n", (d) => d.some((x) => x.code === 'YC3008'));
  assert.deepEqual(etc.map((d) => [d.code, d.range]), [['YC3008', range(0, 9, 0, 22)]]);
  assert.equal(await definition(file, 0, 12), null);
  // A file that is not open, and a position past the end.
  assert.equal(await hover(fx('typo.yaml'), 0, 0), null);
  assert.equal(await hover(file, 99, 99), null);
  await edit(file, readFileSync(file, 'utf8'), (d) => d.length === 2);
  assert.ok(c.alive());
});

test('a base changed on disk (workspace/didChangeWatchedFiles) re-checks the open children', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-lsp-disk-'));
  try {
    mkdirSync(path.join(dir, '_base_'));
    const base = path.join(dir, '_base_/yolov5_s.py');
    copyFileSync(BASE, base);
    const child = path.join(dir, 'channels.py');
    copyFileSync(fx('channels.py'), child);
    assert.deepEqual((await openFixture(child)).map((d) => d.code), ['YC5002']);
    writeFileSync(base, readFileSync(BASE, 'utf8').replace('widen_factor=widen_factor,\n            featmap_strides', 'widen_factor=1.0,\n            featmap_strides'));
    const since = c.published.length;
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(base), type: 2 }] });
    assert.deepEqual(await c.diagnostics(child, (ds) => ds.length === 0, since), []);
    await c.close(child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
