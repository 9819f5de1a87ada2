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
