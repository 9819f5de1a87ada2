/**
 * The emit phase: a checked config -> the folder `yoloc compile` writes (model.ts, pipeline.ts,
 * config.ts, train.ts, test.ts, infer.ts, cli.ts, index.ts, README.md), then a type-check of it. Output is
 * a pure function of the config's content and the output folder's place in the repository:
 * no timestamps, no absolute paths, stable ordering.
 */
import path from 'node:path';
import type { Project } from 'ts-morph';
import { checkFile } from '../check/run.js';
import { renderSummary, summarize } from '../check/summary.js';
import { hasErrors, type Diagnostic, type PhaseResult } from '../diagnostics/types.js';
import type { ResolveOptions } from '../resolve.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';
import { emitConfig, emitPipeline } from './data.js';
import { LowerError, lowerModel } from './lower.js';
import { emitModel } from './model.js';
import { pointerAt } from './locate.js';
import { render } from './templates.js';
import { createEmitProject, REPO_ROOT, typeCheck, type EmittedError } from './typecheck.js';
import { findUnsupported } from './unsupported.js';

export { REPO_ROOT, createEmitProject, typeCheck, type EmittedError } from './typecheck.js';

/** What compile produced: file name (relative to outDir) -> text, and the config it read. */
export interface Emitted {
  outDir: string;
  files: Map<string, string>;
  config: ResolvedConfig;
}

/** Options of compileConfig. */
export interface CompileOptions extends ResolveOptions {
  /** Output folder (default generated/<config name> under the repository). */
  outDir?: string;
  /** A Project to reuse (watch mode, benchmarks); a fresh one otherwise. */
  project?: Project;
  /** Skip the TypeScript check (benchmarks of the emit alone). */
  noTypeCheck?: boolean;
}

const posix = (p: string) => p.split(path.sep).join('/');

/** An import specifier from `fromDir` to a repository file (always starting with ./ or ../). */
function importPath(fromDir: string, repoFile: string): string {
  const rel = posix(path.relative(fromDir, path.join(REPO_ROOT, repoFile)));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The config name: its file name without the extension. */
export function configName(file: string): string {
  return path.basename(file).replace(/\.(py|json|ya?ml|ts)$/, '');
}

/** Resolves, validates, shape-checks, emits and type-checks one config. */
export function compileConfig(file: string, opts: CompileOptions = {}): PhaseResult<Emitted | null> {
  const checked = checkFile(file, opts);
  const cfg = checked.value.config;
  if (!cfg || hasErrors(checked.diagnostics)) return { value: null, diagnostics: checked.diagnostics };
  const diagnostics = [...checked.diagnostics];
  const unsupported = findUnsupported(cfg);
  // check's YC6005 warning becomes compile's YC6005 error: said once.
  if (unsupported.length) return { value: null, diagnostics: [...diagnostics.filter((d) => d.code !== 'YC6005'), ...unsupported] };
  let ir;
  try {
    ir = lowerModel(cfg.data.model);
  } catch (e) {
    if (!(e instanceof LowerError)) throw e;
    return { value: null, diagnostics: [...diagnostics, { code: 'YC6002', severity: 'error', path: e.ptr, span: provenanceOf(cfg, e.ptr)?.span, message: e.message }] };
  }
  const name = configName(cfg.file);
  const outDir = path.resolve(opts.outDir ?? path.join(REPO_ROOT, 'generated', name));
  const source = posix(path.relative(REPO_ROOT, cfg.file));
  const banner = render('banner', { source: JSON.stringify(source) });
  const runtime = importPath(outDir, 'runtime/index.js');
  const schema = importPath(outDir, 'schema/types.generated.js');
  const project = opts.project ?? createEmitProject();
  const at = (f: string) => path.join(outDir, f);
  const files = new Map<string, string>();
  files.set('model.ts', emitModel(project, at('model.ts'), ir, runtime, banner).getFullText());
  files.set('pipeline.ts', emitPipeline(project, at('pipeline.ts'), cfg.data, { runtime, schema }, banner).getFullText());
  files.set('config.ts', emitConfig(project, at('config.ts'), cfg.data, { name, source, schema }, banner).getFullText());
  const hb = { banner: banner.trimEnd(), runtime: JSON.stringify(runtime), dir: posix(path.relative(REPO_ROOT, outDir)) || '.' };
  files.set('cli.ts', render('cli.ts', hb));
  files.set('train.ts', render('train.ts', hb));
  files.set('test.ts', render('test.ts', hb));
  files.set('infer.ts', render('infer.ts', hb));
  files.set('index.ts', render('index.ts', { ...hb, nameLiteral: JSON.stringify(name) }));
  const sum = summarize(cfg);
  files.set('README.md', render('README.md', {
    name, source, dir: hb.dir, backbone: ir.backbone.className, neck: ir.neck.className, head: ir.head.className,
    summary: sum.value ? renderSummary(sum.value, name) : sum.diagnostics.map((d) => d.message).join('\n'),
  }));
  if (!opts.noTypeCheck) {
    const errors = typeCheck(project, new Map([...files].map(([f, t]) => [at(f), t])));
    diagnostics.push(...errors.map((e) => typeDiagnostic(cfg, project, outDir, e)));
  }
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { value: { outDir, files: sorted, config: cfg }, diagnostics };
}

/** A TypeScript error in emitted code as a YC6003 against the config value that produced the line. */
function typeDiagnostic(cfg: ResolvedConfig, project: Project, outDir: string, e: EmittedError): Diagnostic {
  const rel = posix(path.relative(outDir, e.file));
  const sf = project.getSourceFile(e.file);
  const ptr = sf ? pointerAt(sf, rel, e.start) ?? '' : '';
  return {
    code: 'YC6003', severity: 'error', path: ptr || undefined, span: provenanceOf(cfg, ptr)?.span,
    message: `emitted ${rel}:${e.line}:${e.col} does not type-check: ${e.message} (TS${e.code})`,
    fix: 'the config passed check, so the emitter and the runtime or schema disagree: please report it',
  };
}
