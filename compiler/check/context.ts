/**
 * What every shape check needs: values by JSON Pointer, Python-style formatting for messages
 * and fixes, and diagnostics placed at the line that set a value (provenanceOf walks up to the
 * nearest ancestor, so a defaulted argument points at its module's dict).
 */
import path from 'node:path';
import type { Diagnostic, RelatedInfo, Severity, Span } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';

/** A pointer's segments, unescaped. */
function segments(ptr: string): string[] {
  return ptr === '' ? [] : ptr.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Collects diagnostics for one checkShapes run. */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly cfg: ResolvedConfig) {}

  /** The JSON value at a pointer, or undefined. */
  get(ptr: string): Json | undefined {
    let cur: Json | undefined = this.cfg.data;
    for (const s of segments(ptr)) {
      if (Array.isArray(cur)) cur = cur[Number(s)];
      else if (cur !== null && typeof cur === 'object') cur = Object.prototype.hasOwnProperty.call(cur, s) ? cur[s] : undefined;
      else return undefined;
    }
    return cur;
  }

  /** The dict at a pointer, or undefined when absent or not a dict. */
  dict(ptr: string): Record<string, Json> | undefined {
    const v = this.get(ptr);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  }

  /** Python-style rendering of the value at ptr (tuples stay tuples). */
  show(ptr: string, value: Json | undefined = this.get(ptr)): string {
    return pyRepr(value, this.cfg.tuples.has(ptr));
  }

  /** A related location: "<what> set here", or "(default)" when the key is absent. */
  related(ptr: string, message: string): RelatedInfo {
    const p = provenanceOf(this.cfg, ptr);
    const dflt = this.get(ptr) === undefined ? ' (default)' : '';
    return { message: `${message}${dflt}`, span: p?.span };
  }

  /** The assignments a value at `ptr` was read from (`in_channels=channels`), nearest first. */
  origin(ptr: string): Span[] | undefined {
    return this.cfg.provenance.get(ptr)?.origin;
  }

  /** Adds a diagnostic at the line that set `ptr`, with the chain of bases when it came through one. */
  report(code: string, severity: Severity, ptr: string, message: string, fix?: string, related: RelatedInfo[] = []): void {
    const p = provenanceOf(this.cfg, ptr);
    const rel = [...related];
    // The value was passed along (a variable, `_base_.x`): show where it was produced as well. The
    // diagnostic stays at the use, as a shape fix is about this use (the variable may have others).
    const origin = this.origin(ptr);
    if (origin && this.get(ptr) !== undefined) rel.unshift({ message: `value ${this.show(ptr)} set here`, span: origin.at(-1)! });
    if (p?.via && p.via.length > 1) {
      // Relative to the named config's folder, as the user wrote the _base_ paths.
      const dir = path.dirname(p.via[0]!);
      const names = p.via.map((f, i) => (i === 0 ? path.basename(f) : path.relative(dir, f)));
      rel.push({ message: `inherited through ${names.join(' -> ')}` });
    }
    this.diagnostics.push({ code, severity, message, span: p?.span, path: ptr, fix, related: rel.length ? rel : undefined });
  }
}

/** Python repr of JSON data for messages: lists as [..], tuples as (..), True/False/None. */
export function pyRepr(v: Json | undefined, tuple = false): string {
  if (v === undefined) return '<unset>';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyRepr(x));
    return tuple ? (items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`) : `[${items.join(', ')}]`;
  }
  return `dict(${Object.entries(v).map(([k, x]) => `${k}=${pyRepr(x)}`).join(', ')})`;
}

/** A tuple of ints as Python writes it. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** A list of ints as Python writes it. */
export function pyList(xs: readonly number[]): string {
  return `[${xs.join(', ')}]`;
}

/** Every increasing choice of k indices out of n (small n: backbones have 4 to 6 layers). */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, acc: number[]) => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < n; i++) pick(i + 1, [...acc, i]);
  };
  if (k >= 0 && k <= n && n <= 16) pick(0, []);
  return out;
}

/** Whether two number lists are equal element by element. */
export function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
