/**
 * Validation of a resolved config against schema/config.schema.json: known top-level keys by
 * the top-level schema, every registry call (a dict with `type`) by its own type's schema, with
 * did-you-mean for unknown keys, types and choices. Each diagnostic points at the line that set
 * the value (the resolver's provenance side table), even when that line is in a base.
 */
import type { Diagnostic, PhaseResult, RelatedInfo } from '../diagnostics/types.js';
import { pointer, type ResolvedConfig } from '../types.js';
import { diagAt, mapErrors } from './errors.js';
import { editDistance } from './didyoumean.js';
import { schemaRegistry } from './registry.js';
import { ConfigWalker } from './walk.js';
import { canonicalTypes } from './dotted.js';

export { schemaRegistry, SCHEMA_PATH } from './registry.js';
export { isPythonPath, lookupPath } from './dotted.js';

/** The config later phases read: a pure-Python config's imported types (dotted Python paths)
 *  written as registered types (dotted.ts); a classic config is returned as it is. */
export function canonicalConfig(cfg: ResolvedConfig): ResolvedConfig {
  return canonicalTypes(schemaRegistry, cfg);
}
export { suggest, editDistance } from './didyoumean.js';

/** Validates a resolved config; never throws on bad input (diagnostics only). */
export function validateConfig(cfg: ResolvedConfig): PhaseResult<void> {
  const reg = schemaRegistry();
  const top = reg.topValidator();
  const diagnostics: Diagnostic[] = [];
  if (!top(cfg.data)) diagnostics.push(...mapErrors(cfg, { ptr: '', schema: reg.schema }, top.errors ?? []));
  const walker = new ConfigWalker(reg, cfg);
  const defaultScope = typeof cfg.data.default_scope === 'string' ? cfg.data.default_scope : null;
  const known = reg.schema.properties ?? {};
  for (const [key, value] of Object.entries(cfg.data)) {
    if (!(key in known) || key === '$schema' || key === '_base_') continue;
    walker.walk(value, [key], { scope: defaultScope, albu: false });
  }
  diagnostics.push(...nearMisses(cfg, Object.keys(known)));
  diagnostics.push(...walker.diagnostics);
  return { value: undefined, diagnostics: dedupe(diagnostics) };
}

/**
 * MMEngine keeps every top-level name, so `optim_wraper = dict(...)` is legal and silently
 * unused. Names within two edits of a key the runner reads get a warning. `_private` names are
 * left alone: MMYOLO's own configs use `_backend_args` next to `backend_args` on purpose.
 */
function nearMisses(cfg: ResolvedConfig, known: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of Object.keys(cfg.data)) {
    if (known.includes(key) || key.startsWith('_') || key.length < 4) continue;
    const hit = known.find((k) => !k.startsWith('_') && !k.startsWith('$') && editDistance(key.toLowerCase(), k.toLowerCase()) <= 2);
    if (!hit || hit in cfg.data) continue;
    out.push(diagAt(cfg, pointer([key]), 'YC4010', 'warning',
      `top-level '${key}' is not a key MMEngine reads, so it stays a plain variable: did you mean '${hit}'?`,
      `rename '${key}' to '${hit}'`));
  }
  return out;
}

/**
 * One diagnostic per problem: `test_dataloader = val_dataloader` makes the same bad line reach
 * two places, which would otherwise be reported twice.
 */
function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const kept = new Map<string, Diagnostic>();
  for (const d of diags) {
    const leaf = d.path?.slice(d.path.lastIndexOf('/')) ?? '';
    const k = d.span ? `${d.code}|${d.span.file}|${d.span.start}|${d.span.end}|${leaf}` : `${d.code}|${d.path}|${d.message}`;
    const first = kept.get(k);
    if (first) {
      // One assignment used in several places (widen_factor in backbone, neck and head): one
      // diagnostic at the assignment, listing every use.
      // Each use with the steps it was passed on through (the entries after it without a path).
      const uses: RelatedInfo[] = [];
      let keep = false;
      for (const r of d.related ?? []) {
        if (r.path !== undefined) keep = !first.related?.some((x) => x.span === r.span);
        else if (!r.span) keep = false;
        if (keep) uses.push(r);
      }
      if (uses.length) first.related = [...(first.related ?? []), ...uses];
      continue;
    }
    kept.set(k, d);
    out.push(d);
  }
  return out;
}
