/**
 * The front end's orchestrator: a config file (.py, .json, .yaml) -> ResolvedConfig, with
 * MMEngine's `Config.fromfile` semantics (bases, merge, substitutions, scopes) and
 * `merge_from_dict` for --cfg-options. See compiler/inherit/ for each step.
 */
import type { PhaseResult } from './diagnostics/types.js';
import * as python from './frontend/python/index.js';
import { resolveWith, type ResolveOptions } from './inherit/build.js';
import type { ResolvedConfig } from './types.js';

export type { ResolveOptions } from './inherit/build.js';

/** Resolves a config file the way `Config.fromfile(file)` + `merge_from_dict(options)` would. */
export function resolveConfig(file: string, opts: ResolveOptions = {}): PhaseResult<ResolvedConfig | null> {
  return resolveWith(file, opts, python);
}
