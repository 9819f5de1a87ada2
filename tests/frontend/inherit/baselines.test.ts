/**
 * Golden baselines for `resolve`: each folder under tests/baselines/resolve/ is a case with an
 * entry config (`main.py`, `main.json`, `main.yaml`) and an optional `case.json`
 * ({ cfgOptions, env, scopes }). The harness writes what resolve produced, `main.resolved.json`
 * (as `yoloc resolve --format json` prints it) and/or `main.errors.txt` (renderText, with
 * `~~~` frames), and diffs against the committed files. `UPDATE_BASELINES=1` rewrites them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/paths.js';
import { resolveConfig } from '../../../compiler/resolve.js';
import { renderText } from '../../../compiler/diagnostics/render.js';
import { toPythonJson } from '../../../compiler/inherit/print.js';

const CASES = path.join(ROOT, 'tests/baselines/resolve');
const update = process.env.UPDATE_BASELINES === '1';

interface CaseSpec {
  cfgOptions?: string[];
  env?: Record<string, string>;
  scopes?: Record<string, string>;
}

function check(file: string, actual: string | null): void {
  if (update) {
    if (actual === null) rmSync(file, { force: true });
    else writeFileSync(file, actual);
    return;
  }
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : null;
  assert.equal(actual, expected, `${path.relative(ROOT, file)} differs (UPDATE_BASELINES=1 accepts the new output)`);
}

for (const name of readdirSync(CASES).sort()) {
  const dir = path.join(CASES, name);
  const entry = ['main.py', 'main.json', 'main.yaml', 'main.yml'].find((f) => existsSync(path.join(dir, f)));
  if (!entry) continue;
  test(`resolve baseline: ${name}`, () => {
    const specFile = path.join(dir, 'case.json');
    const spec: CaseSpec = existsSync(specFile) ? JSON.parse(readFileSync(specFile, 'utf8')) : {};
    const scopes = Object.fromEntries(Object.entries(spec.scopes ?? {}).map(([k, v]) => [k, path.join(dir, v)]));
    const r = resolveConfig(path.join(dir, entry), { cfgOptions: spec.cfgOptions ?? [], env: spec.env ?? {}, scopes });
    const scrub = (s: string): string => s.split(dir).join('$CASE');
    const json = r.value ? scrub(toPythonJson(r.value.value)) + '\n' : null;
    const errors = r.diagnostics.length ? scrub(renderText(r.diagnostics, { cwd: dir })) + '\n' : null;
    check(path.join(dir, 'main.resolved.json'), json);
    check(path.join(dir, 'main.errors.txt'), errors);
  });
}

/** The bundled configs we wrote, resolved (outputs checked against MMEngine's own config code). */
const BUNDLED = ['configs/yolov5/yolov5_s-v61_syncbn_8xb16-300e_coco.py', 'configs/starnet/yolov5_starnet_s1_coco.py'];
for (const rel of BUNDLED) {
  test(`resolve baseline: ${rel}`, () => {
    const r = resolveConfig(path.join(ROOT, rel), { env: {} });
    assert.deepEqual(r.diagnostics, []);
    const golden = path.join(CASES, '_bundled', path.basename(rel, '.py') + '.resolved.json');
    check(golden, toPythonJson(r.value!.value) + '\n');
  });
}
