import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as check } from '../../cli/check.js';
import { parseSize, run as summary } from '../../cli/summary.js';
import { UsageError } from '../../cli/common.js';
import { checkFile } from '../../compiler/check/run.js';
import { ROOT } from '../helpers/paths.js';

const SEED = path.join(ROOT, 'configs/starnet/yolov5_starnet_s1_coco.py');
const FIXED = path.join(ROOT, 'configs/starnet/yolov5_starnet_s1_coco_fixed.py');
const V5S = path.join(ROOT, 'configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py');
const CASES = path.join(ROOT, 'tests/baselines/check');

/** Runs a verb in-process, capturing what it prints. */
async function capture(f: () => Promise<number>): Promise<{ rc: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { rc: await f(), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}
const shapeCodes = (file: string) => checkFile(file).diagnostics.map((d) => d.code).filter((c) => c.startsWith('YC5'));

test('bundled configs: the seed has exactly the stride error, the fixed one and YOLOv5s none', () => {
  assert.deepEqual(shapeCodes(SEED), ['YC5003']);
  assert.deepEqual(checkFile(FIXED).diagnostics, []); // levels fixed, and IoULoss without focal

  assert.deepEqual(shapeCodes(V5S), []);
  const facts = checkFile(FIXED).value.facts!;
  assert.deepEqual(facts.backbone?.levels.map((l) => l.stride), [8, 16, 32]);
});

test('check: exit 1 on errors, 0 when clean, --strict fails on warnings, 2 on usage', async () => {
  assert.equal((await capture(() => check([path.join(CASES, 'yc5003_seed_strides.py')]))).rc, 1);
  const clean = await capture(() => check([path.join(CASES, 'clean_fixed.py')]));
  assert.deepEqual(clean, { rc: 0, out: 'No problems in 1 config.' });
  const warn = path.join(CASES, 'yc5011_repeated_index.py');
  assert.equal((await capture(() => check([warn]))).rc, 0);
  assert.equal((await capture(() => check([warn, '--strict']))).rc, 1);
  await assert.rejects(check([]), UsageError);
  await assert.rejects(check([warn, '--format', 'xml']), UsageError);
});

test('check --cfg-options fixes the seed case from the command line', async () => {
  const r = await capture(() => check([path.join(CASES, 'yc5003_seed_strides.py'), '--cfg-options',
    'model.backbone.out_indices=(1,2,3)', 'model.neck.in_channels=[96,192,384]', 'model.bbox_head.head_module.in_channels=[96,192,384]']));
  assert.deepEqual(r, { rc: 0, out: 'No problems in 1 config.' });
});

test('check --format json and sarif carry code, location and fix', async () => {
  const file = path.join(CASES, 'yc5006_base_priors.py');
  const j = JSON.parse((await capture(() => check([file, '--format', 'json']))).out);
  assert.equal(j.diagnostics[0].code, 'YC5006');
  assert.equal(j.diagnostics[0].span.line, 2);
  const s = JSON.parse((await capture(() => check([file, '--format', 'sarif']))).out);
  assert.equal(s.version, '2.1.0');
  const res = s.runs[0].results[0];
  assert.equal(res.ruleId, 'YC5006');
  assert.equal(s.runs[0].tool.driver.rules[res.ruleIndex].id, 'YC5006');
  assert.equal(res.level, 'error');
  assert.match(res.locations[0].physicalLocation.artifactLocation.uri, /yc5006_base_priors\.py$/);
  assert.deepEqual(res.locations[0].physicalLocation.region.startLine, 2);
  assert.equal(res.properties.fix, 'set num_base_priors to 3');
});

test('summary: layer table with PyTorch parameter totals at the config img_scale or --size', async () => {
  const r = await capture(() => summary([FIXED]));
  assert.equal(r.rc, 0);
  assert.match(r.out, /at input 640 x 640/);
  assert.match(r.out, /multiply-adds/);
  assert.match(r.out, /^total\s+29 layers\s+2,446,269/m);
  assert.match(r.out, /^backbone\s+1,959,216$/m);
  const j = JSON.parse((await capture(() => summary([V5S, '--size', '320x256', '--format', 'json']))).out);
  assert.equal(j.totals.params, 7235389);
  assert.deepEqual([j.width, j.height], [320, 256]);
  const last = j.rows[j.rows.length - 1];
  assert.deepEqual([last.path, last.out.h, last.out.w, last.out.stride], ['bbox_head.head_module.convs_pred.2', 8, 10, 32]);
  assert.deepEqual(parseSize('512'), [512, 512]);
  assert.throws(() => parseSize('big'), UsageError);
});

test('check on a folder says so and names configs in it; a PNG renamed .py is one YC3021, no garbage', async () => {
  const folder = path.join(ROOT, 'configs/yolov5');
  const f = checkFile(folder).diagnostics;
  assert.deepEqual(f.map((d) => d.code), ['YC3020']);
  assert.match(f[0]!.message, /'configs\/yolov5' is a folder, not a config file$/);
  assert.match(f[0]!.fix!, /^name the config in it: configs\/yolov5\/yolov5_s-v61_syncbn_8xb16-300e_coco\.py$|^name one of the configs in it, e\.g\. configs\/yolov5\//);
  const up = checkFile(path.join(ROOT, 'configs')).diagnostics;
  assert.match(up[0]!.fix!, /^its subfolders hold configs \(.*starnet\/.*\): name a file in one, e\.g\. configs\/\w+\/\S+\.py$/);
  // a real U+FFFD in UTF-8 text is text: only bytes that are not UTF-8 are refused
  const fffd = path.join(mkdtempSync(path.join(tmpdir(), 'yoloc-fffd-')), 'fffd.py');
  writeFileSync(fffd, 'a = "\uFFFD"\n');
  assert.deepEqual(checkFile(fffd).diagnostics.filter((d) => d.code.startsWith('YC30')), []);
  const png = path.join(ROOT, 'tests/baselines/resolve/binary_config/main.py');
  const r = await capture(() => check([png]));
  assert.equal(r.rc, 1);
  assert.equal(r.out, `${path.relative(process.cwd(), png)}:1:1 - error YC3021: not a text file: it holds NUL bytes; it looks like a PNG image\n`
    + '  fix: name a config file (Python, JSON, YAML or TypeScript text); was an image or a checkpoint renamed?\n\nFound 1 error, 0 warnings.');
});

test('summary --size refuses sizes the model cannot take (not a multiple of its largest stride), naming the nearest', async () => {
  const err = await summary([V5S, '--size', '330']).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof UsageError);
  assert.equal(err.code, 'YC5008');
  assert.match(err.message, /^--size 330: the input must be a multiple of the model's largest stride 32: at 330 the neck would concatenate 22-pixel upsampled maps with 21-pixel lateral ones/);
  assert.equal(err.fix, 'use --size 320 or 352');
  const wide = await summary([V5S, '--size', '640x330']).then(() => null, (e: unknown) => e);
  assert.equal((wide as UsageError).fix, 'use --size 640x320 or 640x352');
  assert.equal((await capture(() => summary([V5S, '--size', '352']))).rc, 0);
});
