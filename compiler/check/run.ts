/**
 * The whole of `yoloc check` for one file, in-process (the CLI and bench/check.ts share it):
 * resolve (bases, overrides) -> validate (schema, keys the runtime honours) -> checkShapes.
 */
import type { Diagnostic, PhaseResult } from '../diagnostics/types.js';
import { resolveConfig, type ResolveOptions } from '../resolve.js';
import type { ResolvedConfig } from '../types.js';
import { canonicalConfig, validateConfig } from '../validate/index.js';
import { checkRuntimeKeys, familyVerdict, mergeRuntimeKeys } from '../validate/runtime-keys.js';
import { demoteCascades } from './cascade.js';
import { checkShapes, type ShapeFacts } from './index.js';

/** A checked config: the resolved config and shape facts (null when it did not resolve). */
export interface Checked {
  config: ResolvedConfig | null;
  facts: ShapeFacts | null;
}

/** Resolves, validates and shape-checks one config file. */
export function checkFile(file: string, opts: ResolveOptions = {}): PhaseResult<Checked> {
  const resolved = resolveConfig(file, opts);
  const diagnostics: Diagnostic[] = [...resolved.diagnostics];
  if (!resolved.value) return { value: { config: null, facts: null }, diagnostics };
  // Imported types of a pure-Python config read as the registered types they name.
  const r = { ...resolved, value: canonicalConfig(resolved.value) };
  const v = validateConfig(r.value);
  // A key the runtime would not honour is refused here, as compile and train refuse it.
  diagnostics.push(...mergeRuntimeKeys(v.diagnostics, checkRuntimeKeys(r.value)));
  const family = familyVerdict(r.value, 'warning');
  if (family) diagnostics.push(family);
  const s = checkShapes(r.value);
  // A malformed argument the schema already reported needs no second "skipped" warning.
  const flagged = v.diagnostics.flatMap((d) => [d.path, ...(d.related ?? []).map((r) => r.path)]).filter((p): p is string => p !== undefined);
  const shapes = s.diagnostics.filter((d) =>
    d.code !== 'YC5012' || !flagged.some((p) => d.path === p || d.path?.startsWith(p + '/') || p.startsWith(d.path + '/')));
  // A shape check that read a part with a schema error is a note about that error, not a second one.
  diagnostics.push(...demoteCascades(r.value, v.diagnostics, shapes));
  return { value: { config: r.value, facts: s.value }, diagnostics };
}
