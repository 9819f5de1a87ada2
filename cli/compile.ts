/**
 * `yoloc compile CONFIG [-o DIR] [--watch]`: a checked config -> a typed TypeScript module over
 * the runtime (compiler/emit/), type-checked before it is written. With --watch, recompiles
 * when the config or any of its bases changes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, parseCommandArgs, usageError } from './common.js';
import { helpText } from './commands.js';
import { expandCfgOptions, parseScopes } from './config.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { compileConfig, createEmitProject, type CompileOptions, type Emitted } from '../compiler/emit/index.js';
import { watchCompile } from '../compiler/emit/watch.js';

const USAGE = helpText('compile', `usage: yoloc compile CONFIG... [options]

Emits model.ts, pipeline.ts, config.ts, train.ts, test.ts, infer.ts, cli.ts, index.ts and README.md
(default folder generated/<config name>), after type-checking them. Several CONFIGs (no -o,
no --watch) compile one after another, e.g. to refresh generated/ after a runtime change.

options:
  -o, --out DIR                output folder
  --watch                      recompile when the config or a base changes (Ctrl-C stops)
  --check                      compare with the folder instead of writing (exit 1 on a difference)
  --format text|json           diagnostics form (default text)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)`);

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
  if (positionals.length === 0) throw usageError(`expected a CONFIG`, USAGE);
  if (positionals.length > 1 && (values.out || values.watch)) throw new UsageError('-o and --watch take one CONFIG');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const base: CompileOptions = { cfgOptions: values['cfg-options'] ?? [], scopes: parseScopes(values.scope), outDir: values.out };
  if (values.watch) {
    await watchCompile(positionals[0]!, base, { write: writeEmitted, report: (d) => report(d, values.format!), log: (l) => console.log(l) });
    return 0;
  }
  const project = createEmitProject();
  let failed = false;
  for (const file of positionals) failed = !compileOne(file, { ...base, project }, values.format, values.check ?? false) || failed;
  return failed ? 1 : 0;
}

/** Compiles one config and writes (or with check, compares) its folder; false on errors. */
function compileOne(file: string, opts: CompileOptions, format: string, check: boolean): boolean {
  const r = compileConfig(file, opts);
  report(r.diagnostics, format);
  if (!r.value || hasErrors(r.diagnostics)) return false;
  const rel = path.relative(process.cwd(), r.value.outDir) || '.';
  if (check) {
    const stale = [...r.value.files].filter(([n, t]) => {
      const p = path.join(r.value!.outDir, n);
      return !existsSync(p) || readFileSync(p, 'utf8') !== t;
    }).map(([n]) => n);
    if (stale.length) console.error(`${rel}: out of date: ${stale.join(', ')}`);
    else if (format === 'text') console.log(`${rel}/: up to date`);
    return stale.length === 0;
  }
  writeEmitted(r.value);
  if (format === 'text') console.log(`wrote ${rel}/ (${[...r.value.files.keys()].join(', ')})`);
  return true;
}
