/**
 * Reading transform and dataset arguments out of config dicts, with a YC7330 naming the
 * transform and argument when one has the wrong type (the compiler validates the schema;
 * this is the runtime's own guard for hand-written pipelines).
 */
import { YolocError } from '../errors.js';

/** A view of one config dict for one transform. */
export class Args {
  constructor(readonly owner: string, readonly cfg: Record<string, unknown>) {}

  private bad(key: string, want: string): YolocError {
    return new YolocError('YC7330', `${this.owner}: argument '${key}' should be ${want}, got ${JSON.stringify(this.cfg[key])}`);
  }

  /** A number (int or float), or the default when absent or null. */
  num(key: string, dflt: number): number {
    const v = this.cfg[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'bigint') return Number(v);
    throw this.bad(key, 'a number');
  }

  /** A boolean. */
  bool(key: string, dflt: boolean): boolean {
    const v = this.cfg[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    throw this.bad(key, 'true or false');
  }

  /** A string. */
  str(key: string, dflt: string): string {
    const v = this.cfg[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'string') return v;
    throw this.bad(key, 'a string');
  }

  /** A list of n numbers (a tuple in the config); a single number is repeated when `scalarOk`. */
  nums(key: string, dflt: number[], n: number, scalarOk = false): number[] {
    const v = this.cfg[key];
    if (v === undefined || v === null) return dflt;
    if (scalarOk && (typeof v === 'number' || typeof v === 'bigint')) return new Array<number>(n).fill(Number(v));
    if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' || typeof x === 'bigint')) return v.map(Number);
    throw this.bad(key, `a list of ${n} numbers`);
  }

  /** A list of config dicts. */
  list(key: string): Record<string, unknown>[] {
    const v = this.cfg[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) return v as Record<string, unknown>[];
    throw this.bad(key, 'a list of dicts');
  }
}
