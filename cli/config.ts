/**
 * Loading a config for the commands that run it (train, test, infer, bench, loss): resolve,
 * validate and shape-check first, so a mistake is a diagnostic with file:line:col before any
 * tensor exists; warnings are printed and do not stop the run.
 */
import { renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { checkFile } from '../compiler/check/run.js';
import type { ResolvedConfig } from '../compiler/types.js';
import { UsageError } from './common.js';

/** Thrown after diagnostics were printed: the command exits with 1. */
export class ConfigErrors extends Error {
  constructor() {
    super('the config has errors');
  }
}

/** MMEngine's `--cfg-options a=1 b=2` takes several values after one flag: one flag per value. */
export function expandCfgOptions(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--cfg-options' || a === '--options') {
      let j = i + 1;
      if (j >= argv.length || argv[j]!.startsWith('--')) out.push('--cfg-options');
      while (j < argv.length && !argv[j]!.startsWith('--') && argv[j]!.includes('=')) out.push('--cfg-options', argv[j++]!);
      i = j - 1;
    } else out.push(a);
  }
  return out;
}

/** `--scope NAME=DIR` values as a record. */
export function parseScopes(values: string[] | undefined): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const s of values ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--scope takes NAME=DIR, not '${s}'`);
    scopes[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return scopes;
}

/** Resolves and checks `file`; prints diagnostics (but those `skip` drops); throws ConfigErrors when there are errors. */
export function loadCheckedConfig(file: string, opts: { cfgOptions?: string[]; scopes?: Record<string, string>; skip?: (d: Diagnostic) => boolean } = {}): ResolvedConfig {
  const r = checkFile(file, { cfgOptions: opts.cfgOptions, scopes: opts.scopes });
  const shown = opts.skip ? r.diagnostics.filter((d) => !opts.skip!(d)) : r.diagnostics;
  if (shown.length) console.error(renderText(shown));
  if (hasErrors(r.diagnostics) || !r.value.config) throw new ConfigErrors();
  return r.value.config;
}
