/**
 * `yoloc resolve CONFIG`: prints the config as MMEngine's `Config.fromfile` would resolve it,
 * as JSON (`json.dumps(cfg.to_dict(), indent=2)`) or as a canonical base-free `.py` config.
 */
import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { UsageError, aliased, oneOf, parseCommandArgs, usageError } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, parseScopes } from './config.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { resolveConfig } from '../compiler/resolve.js';
import { readFileOrUndefined } from '../compiler/inherit/resolver.js';
import { toPythonConfig, toPythonJson } from '../compiler/inherit/print.js';
import { explainKey } from '../compiler/inherit/why.js';
import { explainAbsent } from '../compiler/validate/defaults.js';

const USAGE = helpText('resolve', `usage: yoloc resolve CONFIG [options]

Resolves _base_ inheritance, {{...}} substitutions and overrides like MMEngine's Config.fromfile.

options:
  --format json|py             output form (default json)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2) a.0.b=x
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)
  --why KEY.PATH               explain where a value was set instead of printing the config
  --diagnostics-format text|json  diagnostics form (default text)
  -o, --out FILE               write the config to FILE (atomically) instead of stdout
                               (--output: the older spelling, still accepted)`);

/** Where the command writes: process streams, or buffers in tests. */
export interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Runs `yoloc resolve`. */
export async function run(argv: string[]): Promise<number> {
  return resolveCommand(argv, { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) });
}

/** The command with its output streams given; usage errors throw UsageError (exit 2). */
export async function resolveCommand(argv: string[], io: Output): Promise<number> {
  const args = parseCommandArgs(
    expandCfgOptions(argv),
    {
      format: { type: 'string', default: 'json' },
      'cfg-options': { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      why: { type: 'string' },
      'diagnostics-format': { type: 'string', default: 'text' },
      out: { type: 'string', short: 'o' },
      output: { type: 'string' },
    },
    USAGE,
  );
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  oneOf('--format', values.format, ['json', 'py']);
  const diagFormat = oneOf('--diagnostics-format', values['diagnostics-format'], ['text', 'json']);
  const outFile = aliased(values, 'out', 'output');
  const scopes = parseScopes(values.scope);
  const r = resolveConfig(positionals[0]!, { cfgOptions: values['cfg-options'] ?? [], scopes });
  const diagnostics: Diagnostic[] = [...r.diagnostics];
  let out: string | null = null;
  if (r.value && !hasErrors(diagnostics)) {
    if (values.why !== undefined) {
      const text = explainKey(r.value, values.why, readFileOrUndefined);
      // Not in the config: an argument left to its default, or a misspelt key path.
      const absent = text === null ? explainAbsent(r.value, values.why, readFileOrUndefined) : undefined;
      if (absent?.kind === 'missing') {
        diagnostics.push({ code: 'YC3018', severity: 'error', message: absent.message, ...(absent.fix ? { fix: absent.fix } : {}) });
      } else out = (text ?? (absent as { text: string }).text) + '\n';
    } else if (values.format === 'json') {
      out = toPythonJson(r.value.value) + '\n';
    } else {
      const py = toPythonConfig(r.value.value);
      for (const k of py.badKeys) {
        diagnostics.push({ code: 'YC3018', severity: 'error', message: `top-level key '${k}' is not a Python name, so it cannot be written as a .py config`, span: r.value.value.spans.get(k), fix: 'use --format json' });
      }
      out = py.text;
    }
  }
  if (diagnostics.length) {
    const shown = diagFormat === 'json' ? renderJson(diagnostics) : renderText(diagnostics);
    io.err(shown + '\n');
  }
  if (hasErrors(diagnostics) || out === null) return 1;
  if (outFile) {
    const dest = path.resolve(outFile);
    const tmp = `${dest}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, dest);
  } else io.out(out);
  return 0;
}
