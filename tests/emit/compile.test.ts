/**
 * yoloc compile end to end at tiny scale: types the runtime lacks are YC6001 (while check
 * passes), literals are safe, the emitted model equals buildDetector's, and the generated
 * train.ts of a 64 px StarNet s050 config trains two iterations on the CPU backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFile } from '../../compiler/check/run.js';
import { hasErrors } from '../../compiler/diagnostics/types.js';
import { compileConfig, createEmitProject } from '../../compiler/emit/index.js';
import { identifier, isIdentifier, literal, stringLiteral } from '../../compiler/emit/literal.js';
import { writeEmitted } from '../../cli/compile.js';
import { ROOT } from '../helpers/paths.js';
import { writeTinyConfig } from '../helpers/tiny-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yoloc-compile-'));
const S050 = path.join(ROOT, 'configs/starnet/yolov5_starnet_s050_synth_320.py');
const project = createEmitProject();

test('string literals are escaped, never pasted; identifiers are validated', () => {
  for (const s of ["it's", 'a\\b', 'line\nbreak', '`${x}`', '*/ evil /*', '\u2028']) {
    assert.equal(Function(`return ${stringLiteral(s)}`)(), s);
  }
  assert.equal(literal({ 'a-b': 1, ok: ['x'], n: null }), "{ 'a-b': 1, ok: ['x'], n: null }");
  assert.ok(isIdentifier('trainPipeline') && !isIdentifier('class') && !isIdentifier('a-b') && !isIdentifier('1x'));
  assert.throws(() => identifier('x; process.exit()'));
  assert.throws(() => literal(Number.NaN));
});

test('types without a runtime implementation fail compile with YC6001 at their lines, though check passes', () => {
  const file = path.join(dir, 'unsupported.py');
  writeFileSync(file, `_base_ = ${JSON.stringify(S050)}
model = dict(neck=dict(act_cfg=dict(type='ReLU', inplace=True)))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='YOLOXMixUp', prob=0.1),
    dict(type='mmdet.PackDetInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
`);
  assert.ok(!hasErrors(checkFile(file).diagnostics), 'check passes');
  const r = compileConfig(file, { project, outDir: path.join(dir, 'unsupported') });
  assert.equal(r.value, null);
  const got = r.diagnostics.filter((d) => d.code === 'YC6001').map((d) => `${path.basename(d.span!.file)}:${d.span!.line} ${d.message}`);
  assert.deepEqual(got, [
    "unsupported.py:2 model.neck.act_cfg: activation type \"ReLU\" has no runtime implementation",
    "unsupported.py:6 train_dataloader.dataset.pipeline.2: transform type \"YOLOXMixUp\" has no runtime implementation",
  ]);
});

test('the generated model equals buildDetector, and the generated train.ts trains 2 iterations on the CPU', async () => {
  const { synthDataset, buildDetector, selectBackend } = await import('../../runtime/index.js');
  synthDataset({ out: path.join(dir, 'data'), train: 4, val: 2, classes: 2, size: 64, seed: 1 });
  const data = path.join(dir, 'data') + '/';
  const file = path.join(dir, 'tiny.py');
  writeTinyConfig(file, data, `train_cfg = dict(max_epochs=1, val_interval=100)
default_hooks = dict(checkpoint=dict(interval=100, save_best=None))`);
  const out = path.join(dir, 'tiny');
  const r = compileConfig(file, { project, outDir: out, noTypeCheck: true }); // generated.test.ts type-checks; this one runs
  assert.ok(r.value && !hasErrors(r.diagnostics), r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  writeEmitted(r.value);

  // model.ts builds the same parameters (names, shapes) as the engine's buildDetector.
  await selectBackend('cpu', { quiet: true });
  const { buildModel, CHANNELS } = await import(path.join(out, 'model.ts')) as typeof import('../../generated/yolov5_starnet_s050_synth_320/model.js');
  const typed = buildModel();
  const engine = buildDetector(r.value.config.data.model as Record<string, unknown>);
  const shapes = (m: typeof engine) => m.namedParams().map(([k, p]) => `${k} [${p.torchShape}]`).sort();
  assert.deepEqual(shapes(typed), shapes(engine));
  assert.deepEqual(typed.backbone.outChannels, [...CHANNELS.backbone]);
  assert.deepEqual(typed.neck.outChannels, [...CHANNELS.neck]);
  typed.dispose();
  engine.dispose();

  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(out, 'train.ts'),
    '--work-dir', path.join(dir, 'work'), '--max-iters', '2', '--backend', 'cpu', '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { iters: number; losses: number[] };
  assert.equal(summary.iters, 2);
  assert.equal(summary.losses.length, 2);
  assert.ok(summary.losses.every((l) => Number.isFinite(l) && l > 0), String(summary.losses));
  assert.match(readFileSync(path.join(dir, 'work', 'train.log'), 'utf8'), /./);

  const usage = spawnSync(process.execPath, ['--import', 'tsx', path.join(out, 'train.ts'), '--max-iters', 'two'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(usage.status, 2, usage.stderr);
  assert.match(usage.stderr, /YC8002.*--max-iters/);
});

test('a type error in an emitted literal maps back to the config value that produced it', async () => {
  const { pointerAt } = await import('../../compiler/emit/locate.js');
  const sf = project.createSourceFile(path.join(dir, 'locate', 'config.ts'),
    "export const config = { model: { backbone: { depths: [1, 'x'] } }, 'a/b': [{ k: 2 }] };\n", { overwrite: true });
  const text = sf.getFullText();
  assert.equal(pointerAt(sf, 'config.ts', text.indexOf("'x'")), '/model/backbone/depths/1');
  assert.equal(pointerAt(sf, 'config.ts', text.indexOf('2 }')), '/a~1b/0/k');
  const model = project.createSourceFile(path.join(dir, 'locate', 'model.ts'),
    'const neck = { inChannels: [1] };\nconst detector = new Array(\n  neck,\n);\n', { overwrite: true });
  const mt = model.getFullText();
  assert.equal(pointerAt(model, 'model.ts', mt.indexOf('[1]')), '/model/neck');
  assert.equal(pointerAt(model, 'model.ts', mt.lastIndexOf('neck')), '/model/neck');
});
