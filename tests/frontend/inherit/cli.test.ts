/** `yoloc resolve` end to end, in-process: output forms, --why, --cfg-options, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveCommand } from '../../../cli/resolve.js';
import { UsageError } from '../../../cli/common.js';
import { COMMANDS } from '../../../cli/main.js';
import { ROOT } from '../../helpers/paths.js';

const SEED = path.join(ROOT, 'configs/starnet/yolov5_starnet_s1_coco.py');

/** Runs the command and captures what it writes; a usage error is exit code 2, as in main(). */
async function yoloc(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  try {
    const code = await resolveCommand(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out, err: e.message };
    throw e;
  }
}

test('resolve prints MMEngine JSON: tuples as arrays, floats with .0, base variables read', async () => {
  const r = await yoloc(SEED);
  assert.equal(r.code, 0, r.err);
  const cfg = JSON.parse(r.out);
  assert.deepEqual(cfg.model.backbone.out_indices, [0, 1, 2]);
  assert.deepEqual(cfg.test_pipeline[0].file_client_args, { backend: 'disk' });
  assert.match(r.out, /"prior_match_thr": 4\.0,/);
  assert.deepEqual(Object.keys(cfg).slice(0, 2), ['default_scope', 'default_hooks']);
});

test('resolve --format py keeps tuples and floats; --cfg-options overrides', async () => {
  const r = await yoloc(SEED, '--format', 'py', '--cfg-options', 'model.backbone.out_indices=(1,2,3)', 'train_dataloader.batch_size=2');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /out_indices=\(1, 2, 3\)/);
  assert.match(r.out, /prior_match_thr=4\.0/);
  assert.match(r.out, /^train_dataloader = dict\(\n {4}batch_size=2,/m);
});

test('resolve --why names the file and line, and the bases it came through', async () => {
  const r = await yoloc(SEED, '--why', 'default_hooks.logger.interval');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /default_runtime\.py:\d+:\d+/);
  assert.match(r.out, /via: +.*yolov5_starnet_s1_coco\.py -> .*default_runtime\.py/);
});

test('resolve exit codes: 1 with a diagnostic for a bad config, 2 for usage errors', async () => {
  const missing = await yoloc(path.join(ROOT, 'configs/nope.py'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /YC3001/);
  const bad = await yoloc(SEED, '--cfg-options', 'model.backbone.out_indices.0.x=1');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /YC3013/);
  const json = await yoloc(path.join(ROOT, 'configs/nope.py'), '--diagnostics-format', 'json');
  assert.equal(JSON.parse(json.err).diagnostics[0].code, 'YC3001');
  assert.equal((await yoloc(SEED, '--format', 'xml')).code, 2);
  assert.equal((await yoloc()).code, 2);
  assert.ok(COMMANDS.resolve, 'resolve is listed in yoloc --help');
});

const ORIGIN = path.join(ROOT, 'tests/baselines/validate/origin_base_read.py');

test('resolve --why follows a value passed along to the assignment that produced it (issue 19 item 4)', async () => {
  const r = await yoloc(ORIGIN, '--why', 'model.neck.widen_factor');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n').map((l) => l.trim());
  assert.equal(lines[0], "model.neck.widen_factor = '0.5'");
  assert.match(lines[1]!, /^used at: .*origin_base_read\.py:5:37$/);
  assert.equal(lines[2], 'model = dict(neck=dict(widen_factor=wf))');
  assert.match(lines[3]!, /^read at: .*origin_base_read\.py:4:6$/);
  assert.match(lines[5]!, /^set at: +.*bases\/str_factor\.py:3:16$/);
  assert.equal(lines[6], "widen_factor = '0.5'");
});

test('resolve --why on a key left to its default shows the default and its source (issue 19 item 8)', async () => {
  const r = await yoloc(SEED, '--why', 'model.neck.freeze_all');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^model\.neck\.freeze_all = False {2}\(not set in the config: the default\)$/m);
  assert.match(r.out, /default: YOLOv5PAFPN's argument freeze_all \(mmyolo\/models\/necks\/yolov5_pafpn\.py\), as recorded in .*config\.schema\.json/);
  assert.match(r.out, /model\.neck set at: .*yolov5_starnet_s1_coco\.py:\d+:\d+\n +neck=dict\(/);
});

test('resolve --why on a misspelt key path suggests the key (issue 19 item 8)', async () => {
  const typo = await yoloc(SEED, '--why', 'model.neck.widen_factr');
  assert.equal(typo.code, 1);
  assert.match(typo.err, /YC3018: 'model\.neck\.widen_factr' is not a key of the resolved config: did you mean 'model\.neck\.widen_factor'\?/);
  assert.match(typo.err, /fix: use --why model\.neck\.widen_factor/);
  const part = await yoloc(SEED, '--why', 'model.bakcbone.out_indices');
  assert.match(part.err, /did you mean 'model\.backbone\.out_indices'\?/);
  const none = await yoloc(SEED, '--why', 'model.neck.zzz_qqq');
  assert.equal(none.code, 1);
  assert.match(none.err, /model\.neck has no 'zzz_qqq'; model\.neck has type, /);
});

test('resolve --why on an unset shape argument also shows what the module spec fills in (issue 19 item 8)', async () => {
  const r = await yoloc(path.join(ROOT, 'tests/baselines/cascade/clean.py'), '--why', 'model.backbone.out_indices');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^model\.backbone\.out_indices = \[2, 3, 4\] {2}\(not set in the config: the default\)$/m);
  assert.match(r.out, /shape checks and runtime use: \[2, 3, 4\] \(the YOLOv5CSPDarknet spec in runtime\/modules\)/);
});
