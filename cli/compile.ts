/**
 * `yoloc compile CONFIG [-o DIR] [--watch]`: a checked config -> a typed TypeScript module over
 * the runtime (compiler/emit/), type-checked before it is written. With --watch, recompiles
 * when the config or any of its bases changes.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, parseCommandArgs } from './common.js';
import { expandCfgOptions, parseScopes } from './config.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { compileConfig, type CompileOptions, type Emitted } from '../compiler/emit/index.js';
import { watchCompile } from '../compiler/emit/watch.js';

const USAGE = `usage: yoloc compile CONFIG [options]

Emits model.ts, pipeline.ts, config.ts, train.ts, test.ts, infer.ts, cli.ts, index.ts and README.md
(default folder generated/<config name>), after type-checking them.

options:
  -o, --out DIR                output folder
  --watch                      recompile when the config or a base changes (Ctrl-C stops)
  --check                      compile and compare with the folder; write nothing (exit 1 on a difference)
  --format text|json           diagnostics form (default text)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)`;

/** Writes every emitted file atomically (temp file + rename). */
export function writeEmitted(e: Emitted): void {
  mkdirSync(e.outDir, { recursive: true });
  for (const [name, text] of e.files) {
    const target = path.join(e.outDir, name);
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  }
}

function report(diagnostics: Diagnostic[], format: string): void {
  if (format === 'json') console.log(renderJson(diagnostics));
  else if (diagnostics.length) console.error(renderText(diagnostics));
}

/** Runs `yoloc compile`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    out: { type: 'string', short: 'o' }, watch: { type: 'boolean', default: false }, check: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' }, 'cfg-options': { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw new UsageError(`expected one CONFIG\n${USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const file = positionals[0]!;
  const opts: CompileOptions = { cfgOptions: values['cfg-options'] ?? [], scopes: parseScopes(values.scope), outDir: values.out };
  if (values.watch) {
    await watchCompile(file, opts, { write: writeEmitted, report: (d) => report(d, values.format!), log: (l) => console.log(l) });
    return 0;
  }
  const r = compileConfig(file, opts);
  report(r.diagnostics, values.format);
  if (!r.value || hasErrors(r.diagnostics)) return 1;
  if (values.check) {
    const { readFileSync, existsSync } = await import('node:fs');
    const stale = [...r.value.files].filter(([n, t]) => {
      const p = path.join(r.value!.outDir, n);
      return !existsSync(p) || readFileSync(p, 'utf8') !== t;
    }).map(([n]) => n);
    if (stale.length) console.error(`${path.relative(process.cwd(), r.value.outDir)}: out of date: ${stale.join(', ')}`);
    return stale.length ? 1 : 0;
  }
  writeEmitted(r.value);
  if (values.format === 'text') console.log(`wrote ${path.relative(process.cwd(), r.value.outDir) || '.'}/ (${[...r.value.files.keys()].join(', ')})`);
  return 0;
}
