/**
 * `yoloc resolve CONFIG`: prints the config as MMEngine's `Config.fromfile` would resolve it,
 * as JSON (`json.dumps(cfg.to_dict(), indent=2)`) or as a canonical base-free `.py` config.
 */
import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { UsageError, parseCommandArgs } from './common.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { resolveConfig } from '../compiler/resolve.js';
import { readFileOrUndefined } from '../compiler/inherit/resolver.js';
import { toPythonConfig, toPythonJson } from '../compiler/inherit/print.js';
import { explainKey } from '../compiler/inherit/why.js';
import { explainAbsent } from '../compiler/validate/defaults.js';

const USAGE = `usage: yoloc resolve CONFIG [options]

Resolves _base_ inheritance, {{...}} substitutions and overrides like MMEngine's Config.fromfile.

options:
  --format json|py             output form (default json)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2) a.0.b=x
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)
  --why KEY.PATH               explain where a value was set instead of printing the config
  --diagnostics-format text|json
  -o, --output FILE            write the config to FILE (atomically) instead of stdout`;

/** MMEngine's `--cfg-options a=1 b=2` takes several values after one flag: expand them. */
function expandOptions(argv: string[]): string[] {
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
    expandOptions(argv),
    {
      format: { type: 'string', default: 'json' },
      'cfg-options': { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      why: { type: 'string' },
      'diagnostics-format': { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
    },
    USAGE,
  );
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(`expected one CONFIG, got ${positionals.length}\n${USAGE}`);
  if (values.format !== 'json' && values.format !== 'py') throw new UsageError(`--format must be json or py, not '${values.format}'`);
  const diagFormat = values['diagnostics-format'];
  if (diagFormat !== 'text' && diagFormat !== 'json') throw new UsageError(`--diagnostics-format must be text or json, not '${diagFormat}'`);
  const scopes: Record<string, string> = {};
  for (const s of values.scope ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--scope takes NAME=DIR, got '${s}'`);
    scopes[s.slice(0, eq)] = s.slice(eq + 1);
  }
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
  if (values.output) {
    const dest = path.resolve(values.output);
    const tmp = `${dest}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, dest);
  } else io.out(out);
  return 0;
}
