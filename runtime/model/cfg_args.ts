/**
 * Typed reads of a module's config dict (snake_case JSON) that turn wrong types into YC7002
 * naming the config path, and that remember which keys were read, so that an argument the
 * runtime would silently ignore is reported instead.
 */
import { YolocError } from '../errors.js';

/** A config dict as JSON. */
export type Dict = Record<string, unknown>;

/** Reader over one module dict; `finish()` rejects keys nobody read. */
export function readArgs(cfg: Dict, path: string, ignorable: readonly string[] = []) {
  const used = new Set<string>(ignorable);
  const bad = (key: string, want: string) =>
    new YolocError('YC7002', `${path}.${key} must be ${want}, got ${JSON.stringify(cfg[key])}`);
  const get = (key: string) => {
    used.add(key);
    return cfg[key];
  };
  const reader = {
    optNumber(key: string): number | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(key, 'a number');
      return v;
    },
    number(key: string): number {
      const v = reader.optNumber(key);
      if (v === undefined) throw new YolocError('YC7002', `${path}.${key} is required`);
      return v;
    },
    optString(key: string): string | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') throw bad(key, 'a string');
      return v;
    },
    optInts(key: string): number[] | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw bad(key, 'a list of integers');
      return v as number[];
    },
    ints(key: string): number[] {
      const v = reader.optInts(key);
      if (v === undefined) throw new YolocError('YC7002', `${path}.${key} is required`);
      return v;
    },
    optDict(key: string): Dict | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'object' || Array.isArray(v)) throw bad(key, 'a dict');
      return v as Dict;
    },
    /** Throws YC7002 for keys that were never read. */
    finish(): void {
      const unknown = Object.keys(cfg).filter((k) => !used.has(k));
      if (unknown.length) {
        throw new YolocError('YC7002', `${path}: unexpected argument(s) ${unknown.join(', ')}`, undefined,
          `the runtime reads: ${[...used].filter((k) => k !== 'type').join(', ')}`);
      }
    },
  };
  return reader;
}

/** Runs a module constructor, turning its argument errors into YC7002 at `path`. */
export function construct<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof YolocError) throw e;
    throw new YolocError('YC7002', `${path}: ${(e as Error).message}`);
  }
}
