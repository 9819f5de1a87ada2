/**
 * The honoured-keys list (runtime/modules/honoured.ts) against the schema (MMYOLO's signatures):
 * every key it names is an argument of that type upstream, so the list cannot honour a typo.
 * The few yoloc-only spellings are listed here on purpose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HONOURED, HONOURED_ENTRIES, RUNTIME_TYPES } from '../../runtime/modules/honoured.js';
import { ROOT } from '../helpers/paths.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/config.schema.json'), 'utf8')) as { $defs: Record<string, { properties?: Record<string, unknown> }> };
// yoloc's own additions: StarNet(arch='s050') picks a preset; `pretrained` is MMEngine-era and inert;
// StarNet's **kwargs swallows init_cfg.
const OURS: Record<string, string[]> = { StarNet: ['arch', 'pretrained', 'init_cfg'], YOLOv5CSPDarknet: ['pretrained'], YOLOv5PAFPN: ['upsample_feats_cat_first'] };

test('every key the honoured list names is an argument of that type in the schema', () => {
  const unknown: string[] = [];
  for (const [type, h] of HONOURED_ENTRIES) {
    // mmyolo's own type first (mmyolo.IoULoss, not mmdet's), as an unprefixed name resolves
    const def = schema.$defs[`mmyolo.${type}`] ?? Object.entries(schema.$defs).find(([k]) => k.endsWith(`.${type}`))?.[1];
    assert.ok(def?.properties, `${type} has a schema`);
    const keys = [...h.reads, ...h.inert, ...Object.keys(h.onlyDefault), ...Object.keys(h.requires ?? {})];
    unknown.push(...keys.filter((k) => k !== '_scope_' && !(k in def.properties!) && !(OURS[type] ?? []).includes(k)).map((k) => `${type}.${k}`));
  }
  assert.deepEqual(unknown, []);
});

test("the schema marks every type the runtime builds or honours keys of as x-yoloc-runtime", () => {
  const defs = schema.$defs as Record<string, { 'x-yoloc-runtime'?: boolean }>;
  const types = new Set([...Object.values(RUNTIME_TYPES).flat().filter((t) => !t.startsWith('starnet_')), ...Object.keys(HONOURED)]);
  const unmarked = [...types].filter((t) => {
    const def = defs[`mmyolo.${t}`] ?? Object.entries(defs).find(([k]) => k.endsWith(`.${t}`))?.[1];
    return def?.['x-yoloc-runtime'] !== true;
  });
  assert.deepEqual(unmarked, []);
});
