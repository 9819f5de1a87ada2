/**
 * Typed reads of a module's config dict (snake_case JSON) that turn wrong types into YC7002
 * naming the config path, and that remember which keys were read, so that an argument the
 * runtime would silently ignore is reported instead.
 */
import { YolocError } from '../errors.js';
import { honouredKeys, skippableKeys, unhonouredKeys } from '../modules/honoured.js';

/** A config dict as JSON. */
export type Dict = Record<string, unknown>;

/**
 * Reader over one module dict of `type`; the keys it may read and skip come from the one list
 * in runtime/modules/honoured.ts, and `finish()` rejects every other key.
 */
export function readArgs(cfg: Dict, path: string, type: string) {
  const honoured = honouredKeys(type);
  if (!honoured) throw new Error(`readArgs: ${type} has no entry in runtime/modules/honoured.ts`);
  const used = new Set<string>(skippableKeys(type, cfg));
  const read = new Set<string>();
  const bad = (key: string, want: string) =>
    new YolocError('YC7002', `${path}.${key} must be ${want}, got ${JSON.stringify(cfg[key])}`);
  const get = (key: string) => {
    // A builder reading a key the list does not declare would make check and train disagree.
    if (!honoured.reads.includes(key)) throw new Error(`readArgs: ${type}.${key} is read but not listed in runtime/modules/honoured.ts`);
    used.add(key);
    read.add(key);
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
    optBool(key: string): boolean | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'boolean') throw bad(key, 'True or False');
      return v;
    },
    optDict(key: string): Dict | undefined {
      const v = get(key);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'object' || Array.isArray(v)) throw bad(key, 'a dict');
      return v as Dict;
    },
    /** Throws YC7002 for keys the runtime does not honour (the same verdict as `check`). */
    finish(): void {
      const missed = honoured.reads.filter((k) => !read.has(k));
      if (missed.length) throw new Error(`readArgs: ${type} lists ${missed.join(', ')} in runtime/modules/honoured.ts but its builder never reads them`);
      const refused = unhonouredKeys(type, cfg).filter((u) => !used.has(u.key));
      if (refused.length) {
        throw new YolocError('YC7002', `${path}: ${refused.map((u) => u.message).join('; ')}`, undefined, refused.map((u) => u.fix).join('; '));
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
