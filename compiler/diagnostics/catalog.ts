/**
 * The catalog of diagnostic codes. Each phase owns a block of codes in its own file under
 * codes/; this module merges them and refuses duplicates (tests/diagnostics/catalog.test.ts).
 *
 * 1xxx syntax, 2xxx evaluation, 3xxx inheritance/overrides, 4xxx schema, 5xxx shapes,
 * 6xxx emit, 7xxx runtime (the runtime throws YolocError with these codes), 8xxx CLI usage.
 */
import { CODES as frontend } from './codes/frontend.js';
import { CODES as schema } from './codes/schema.js';
import { CODES as shapes } from './codes/shapes.js';
import { CODES as emit } from './codes/emit.js';
import { CODES as runtime } from './codes/runtime.js';
import { CODES as cli } from './codes/cli.js';

export interface CodeInfo {
  /** One line, what the code means; the message of a particular diagnostic says more. */
  title: string;
}

export const CATALOG_PARTS: Record<string, Record<string, CodeInfo>> = {
  frontend, schema, shapes, emit, runtime, cli,
};

/** All codes, merged. A duplicate code across parts throws at load (and fails the tests). */
export const CATALOG: Record<string, CodeInfo> = (() => {
  const all: Record<string, CodeInfo> = {};
  for (const [part, codes] of Object.entries(CATALOG_PARTS)) {
    for (const [code, info] of Object.entries(codes)) {
      if (!/^YC\d{4}$/.test(code)) throw new Error(`catalog ${part}: malformed code ${code}`);
      if (all[code]) throw new Error(`catalog ${part}: duplicate code ${code}`);
      all[code] = info;
    }
  }
  return all;
})();
