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
import { YolocError } from '../runtime/errors.js';

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
      else if (!argv[j]!.includes('=')) throw new UsageError(`${a} takes KEY=VALUE pairs (e.g. model.backbone.widen_factor=0.25), not '${argv[j]}'`);
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

/** Resolves and checks `file`; prints diagnostics (but those `skip` drops); throws ConfigErrors when there are errors.
 *  `needs`: top-level keys the command cannot run without (each may list alternatives, `a|b`). */
export function loadCheckedConfig(file: string, opts: { cfgOptions?: string[]; scopes?: Record<string, string>; skip?: (d: Diagnostic) => boolean; needs?: { command: string; keys: string[] } } = {}): ResolvedConfig {
  const r = checkFile(file, { cfgOptions: opts.cfgOptions, scopes: opts.scopes });
  const shown = opts.skip ? r.diagnostics.filter((d) => !opts.skip!(d)) : r.diagnostics;
  if (shown.length) console.error(renderText(shown));
  if (hasErrors(r.diagnostics) || !r.value.config) throw new ConfigErrors();
  const data = r.value.config.data;
  const missing = (opts.needs?.keys ?? []).filter((k) => !k.split('|').some((alt) => data[alt] !== undefined && data[alt] !== null));
  if (missing.length) {
    const names = (ks: string[]) => ks.map((k) => k.replace(/\|/g, ' or ')).join(', ');
    throw new YolocError('YC8005', `yoloc ${opts.needs!.command} needs ${names(opts.needs!.keys)}; this config has no ${names(missing)}`, file,
      'name a full detector config (one that sets these or inherits them through _base_); a _base_ piece alone cannot run');
  }
  return r.value.config;
}
