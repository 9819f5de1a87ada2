/** checkShapes and summarize never throw, whatever values a config holds (property test). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkShapes } from '../../compiler/check/index.js';
import { summarize } from '../../compiler/check/summary.js';
import type { Json } from '../../compiler/frontend/values.js';
import { fromJson, seedModel } from './json-config.js';

/** Every pointer to a value inside `v`. */
function pointers(v: Json, at = ''): string[] {
  if (v === null || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => String(i)) : Object.keys(v);
  return [at, ...keys.flatMap((k) => pointers((v as Record<string, Json>)[k]!, `${at}/${k}`))];
}

function setAt(root: { [k: string]: Json }, ptr: string, value: Json): void {
  const segs = ptr.slice(1).split('/');
  let cur: Json = root;
  for (const s of segs.slice(0, -1)) cur = (cur as Record<string, Json>)[s]!;
  (cur as Record<string, Json>)[segs[segs.length - 1]!] = value;
}

const small = fc.oneof(
  fc.integer({ min: -3, max: 2000 }), fc.constantFrom(0, 0.5, 1e-9, 1e9, -1, 7, 2.5),
  fc.array(fc.integer({ min: -2, max: 600 }), { maxLength: 6 }), fc.string({ maxLength: 4 }), fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

test('random values anywhere in the model never crash or hang the checker', () => {
  const base = { model: seedModel(), img_scale: [640, 640] as Json };
  const ptrs = pointers(base as unknown as Json).filter((p) => p !== '');
  fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...ptrs), small), { minLength: 1, maxLength: 3 }), (edits) => {
    const data = structuredClone(base) as { [k: string]: Json };
    for (const [p, v] of edits) {
      try {
        setAt(data, p, v);
      } catch {
        // the parent was replaced by an earlier edit
      }
    }
    const cfg = fromJson(data);
    const r = checkShapes(cfg);
    assert.ok(Array.isArray(r.diagnostics));
    for (const d of r.diagnostics) assert.match(d.code, /^YC50(0\d|1[0-3]|20)$/);
    summarize(cfg, [64, 64]);
  }), { numRuns: 300, seed: 42 });
});
