/**
 * ajv errors -> diagnostics. ajv reports one error per failed keyword; a failed anyOf also
 * reports every branch. This module folds those into one message per problem, with the span of
 * the line that set the value (provenance side table) and a concrete fix.
 */
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Diagnostic, RelatedInfo, Severity } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';
import { suggest } from './didyoumean.js';
import { at, dotted, expectedTypes, pyRepr, pyType } from './describe.js';
import type { SchemaNode } from './registry.js';

/** What the error is about: the dict (its pointer), and how to name it in messages. */
export interface Subject {
  /** JSON Pointer of the validated dict (or '' for the whole config). */
  ptr: string;
  /** `YOLOv5PAFPN` for a registry type; undefined for plain dicts. */
  typeName?: string;
  /** The schema the dict was validated against (for the list of known keys). */
  schema: SchemaNode;
  /** Extra keys go to a `**kwargs` the module ignores: warn instead of failing. */
  ignoresKwargs?: boolean;
  /** The type was implied by the place (optim_wrapper without `type`): don't ask for one. */
  implicitType?: boolean;
}

/** Builds a diagnostic for a config value, pointing at the line that set it. With `follow`
 *  (a problem with the value itself, not with its key), a value that was only passed along
 *  (`widen_factor=widen_factor`, `_base_.x`) is reported at the assignment that produced it,
 *  where the fix goes, with the use (and each step between) as related information. */
export function diagAt(
  cfg: ResolvedConfig, ptr: string, code: string, severity: Severity, message: string, fix?: string, follow = false,
): Diagnostic {
  const prov = provenanceOf(cfg, ptr);
  const d: Diagnostic = { code, severity, message, path: ptr };
  const origin = follow && prov && cfg.provenance.get(ptr) === prov ? prov.origin : undefined;
  if (prov) d.span = origin?.at(-1) ?? prov.span;
  if (fix) d.fix = fix;
  const related: RelatedInfo[] = [];
  if (origin && prov) {
    related.push({ message: `used as ${dotted(ptr)} here`, span: prov.span, path: ptr });
    for (const step of origin.slice(0, -1)) related.push({ message: 'passed on here', span: step });
  }
  // The chain of bases is the use's; it still tells how the origin was reached when both are in one file.
  const via = origin && origin.at(-1)!.file !== prov?.span.file ? undefined : prov?.via;
  if (via && via.length > 1) {
    // Relative to the named config's folder: short, and stable across machines (baselines).
    const dir = path.dirname(cfg.file);
    related.push({ message: `inherited through ${via.map((f) => path.relative(dir, f) || f).join(' -> ')}` });
  }
  if (related.length) d.related = related;
  return d;
}

/** How a dict is named in messages: `model.neck (YOLOv5PAFPN)`, or its dotted path. */
function where(s: Subject, owner: string): string {
  return s.typeName && owner === s.ptr ? `${dotted(owner)} (${s.typeName})` : dotted(owner);
}

/** How a value is named: `widen_factor in model.neck (YOLOv5PAFPN)`, or its dotted path. */
function labelOf(s: Subject, instancePath: string): string {
  if (!s.typeName) return dotted(s.ptr + instancePath);
  return instancePath ? `${dotted(instancePath)} in ${where(s, s.ptr)}` : where(s, s.ptr);
}

/** Converts ajv errors for one validated dict into diagnostics. */
export function mapErrors(cfg: ResolvedConfig, s: Subject, errors: readonly ErrorObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A failed anyOf also reports each branch, some through a $ref (whose schemaPath is elsewhere):
  // fold every type error at the same value into the anyOf's one message.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const insideAnyOf = (e: ErrorObject): boolean => e.keyword !== 'anyOf' &&
    ((e.keyword === 'type' && anyOfAt.has(e.instancePath)) || anyOfPaths.some((p) => e.schemaPath.startsWith(p + '/')));
  for (const e of errors) {
    if (insideAnyOf(e)) continue;
    const ptr = s.ptr + e.instancePath;
    // The `type` key picked this schema; its own spelling check would only repeat the dispatch.
    if (s.typeName !== undefined && (e.instancePath === '/type' || e.instancePath === '/_scope_')) continue;
    const value: Json | undefined = at(cfg.data, ptr);
    const key = e.instancePath ? dotted(e.instancePath) : '';
    const label = labelOf(s, e.instancePath);
    const parent = (e.parentSchema ?? {}) as SchemaNode;
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        if (extra === '_delete_') break;
        const owner = s.ptr + e.instancePath;
        const known = Object.keys(parent.properties ?? {}).filter((k) => k !== '_scope_' && k !== 'type');
        const hit = suggest(extra, known);
        const keyPtr = `${owner}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (s.ignoresKwargs && e.instancePath === '') {
          out.push(diagAt(cfg, keyPtr, 'YC4003', 'warning',
            `'${extra}' in ${where(s, owner)} goes to **kwargs, which ${s.typeName ?? 'this module'} ignores` + (hit ? `: did you mean '${hit}'?` : ''),
            hit ? `rename '${extra}' to '${hit}'` : `remove '${extra}'`));
          break;
        }
        const tail = hit ? `: did you mean '${hit}'?` : known.length && known.length <= 12 ? `; known keys: ${known.join(', ')}` : '';
        out.push(diagAt(cfg, keyPtr, 'YC4002', 'error', `unknown key '${extra}' in ${where(s, owner)}${tail}`,
          hit ? `rename '${extra}' to '${hit}'` : `remove '${extra}'`));
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        if (missing === 'type' && s.implicitType && e.instancePath === '') break;
        const owner = s.ptr + e.instancePath;
        out.push(diagAt(cfg, owner + (s.typeName ? '/type' : ''), 'YC4007', 'error',
          `${where(s, owner)} is missing the required argument '${missing}'`, `add ${missing}=...`));
        break;
      }
      case 'type':
      case 'anyOf': {
        const types = e.keyword === 'type' ? [(e.params as { type: string | string[] }).type].flat()
          : errors.filter((x) => x.keyword === 'type' && x.instancePath === e.instancePath).flatMap((x) => [(x.params as { type: string | string[] }).type].flat());
        const numeric = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
        const fix = numeric && (types.includes('number') || types.includes('integer')) ? `write ${value} without quotes` : undefined;
        out.push(diagAt(cfg, ptr, 'YC4004', 'error',
          `${label} must be ${expectedTypes(types.length ? types : ['something else'])}, got ${pyType(cfg, ptr, value)}`, fix, true));
        break;
      }
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
        const p = e.params as { comparison: string; limit: number };
        const range = parent.minimum !== undefined && parent.maximum !== undefined ? ` (range ${String(parent.minimum)} to ${String(parent.maximum)})` : '';
        out.push(diagAt(cfg, ptr, 'YC4005', 'error', `${label} must be ${p.comparison} ${p.limit}${range}, got ${pyRepr(value)}`,
          `set ${key.split('.').pop() || 'it'} to a value ${p.comparison} ${p.limit}`, true));
        break;
      }
      case 'enum':
      case 'const': {
        const allowed = e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue];
        const strings = allowed.filter((a): a is string => typeof a === 'string');
        const hit = typeof value === 'string' ? suggest(value, strings) : undefined;
        out.push(diagAt(cfg, ptr, 'YC4006', 'error',
          `${label} must be one of ${allowed.map((a) => pyRepr(a as Json)).join(', ')}; got ${pyRepr(value)}` + (hit ? `: did you mean '${hit}'?` : ''),
          hit ? `set ${key.split('.').pop()} to '${hit}'` : undefined, true));
        break;
      }
      case 'minItems':
      case 'maxItems': {
        const limit = (e.params as { limit: number }).limit;
        const n = Array.isArray(value) ? value.length : 0;
        const bound = e.keyword === 'minItems' ? 'at least' : 'at most';
        out.push(diagAt(cfg, ptr, 'YC4009', 'error', `${label} must have ${bound} ${limit} item${limit === 1 ? '' : 's'}, got ${n}`,
          `give ${key.split('.').pop() || 'it'} ${bound} ${limit} item${limit === 1 ? '' : 's'}`, true));
        break;
      }
      default:
        out.push(diagAt(cfg, ptr, 'YC4009', 'error', `${label} ${e.message ?? 'is invalid'}`));
    }
  }
  return out;
}
