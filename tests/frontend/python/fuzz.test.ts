import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { evaluatePython, readBases } from '../../../compiler/frontend/python/index.js';
import { SHARED } from '../../helpers/paths.js';
import { stubBase } from './golden.js';

const seed = readFileSync(path.join(SHARED, 'seed/yolov5_starnet_s1_coco.py'), 'utf8').slice(0, 3000);
const TOKENS = ['(', ')', '[', ']', '{', '}', ',', ':', '=', '+', '-', '*', '**', '/', '//', '%', 'not ', ' and ', ' or ',
  ' if ', ' else ', ' for ', ' in ', 'lambda', '_base_.', '.', "'", '"', '"""', '\\', '\n', '  ', '#', 'x', '1', '1.', '0x',
  'dict(', 'range(', 'len(', '__class__', 'import ', 'def ', '*', 'f"{', '}"', 'del ', '+=', ';', 'None', 'True'];

function check(text: string): void {
  // Must never throw, and every diagnostic must point inside the file.
  for (const r of [readBases(text, 'f.py'), evaluatePython(text, 'f.py', { base: stubBase(), limits: { maxSteps: 20_000 } })]) {
    for (const d of r.diagnostics) {
      assert.match(d.code, /^YC\d{4}$/);
      if (d.span) assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, JSON.stringify(d));
    }
  }
}

test('fuzz: mutated configs and token soup never crash the reader', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: seed.length }), fc.integer({ min: 0, max: 40 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }), (at, cut, insert) => {
      check(seed.slice(0, at) + insert.join('') + seed.slice(Math.min(seed.length, at + cut)));
    }),
    { numRuns: 150, seed: 42 },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (toks) => check('a = ' + toks.join(''))),
    { numRuns: 300, seed: 7 },
  );
});
