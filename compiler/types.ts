/**
 * The contract between the front end and the later phases (validate, check, emit).
 *
 * A resolved config is plain JSON (`data`, as MMEngine's Config.to_dict() would dump it)
 * plus side tables keyed by JSON Pointer (RFC 6901, the form ajv reports as instancePath):
 *   - provenance: where each value was set ("/model/backbone/out_indices" -> span), with the
 *     chain of files it came through, so a diagnostic can point at the right line even when
 *     the value came from a base three levels up;
 *   - tuples: pointers whose value is a Python tuple (JSON has no tuples).
 *   - floats: pointers whose value is a Python float (so 4.0 stays a float in `--format py`).
 */
import type { Span } from './diagnostics/types.js';
import type { Json, PyDict } from './frontend/values.js';

export interface Provenance {
  /** Where the value was written. */
  span: Span;
  /** The files it came through, outermost (the config the user named) first. */
  via?: string[];
  /** When `span` only passes a value along (`widen_factor=widen_factor`, `_base_.x`): the
   *  spans it was read from, nearest first; the last is the assignment that produced it. */
  origin?: Span[];
}

export interface ResolvedConfig {
  /** The config file the user named (absolute path). */
  file: string;
  /** Every file read: the config and its bases, in load order. */
  files: string[];
  /** The config as JSON. */
  data: { [k: string]: Json };
  /** The evaluated Python values, with ints, floats and tuples distinguished. */
  value: PyDict;
  provenance: Map<string, Provenance>;
  tuples: Set<string>;
  floats: Set<string>;
}

/** Builds a JSON Pointer from path segments. */
export function pointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The provenance of a pointer, or of its nearest ancestor that has one. */
export function provenanceOf(cfg: ResolvedConfig, ptr: string): Provenance | undefined {
  let p = ptr;
  for (;;) {
    const hit = cfg.provenance.get(p);
    if (hit) return hit;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
