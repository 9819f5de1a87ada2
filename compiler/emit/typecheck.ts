/**
 * The type-check of what was emitted: one ts-morph Project with the repository's compiler
 * options, the emitted files as in-memory overlays at their output paths, everything else
 * (runtime/, schema/, node_modules types) read from disk on demand. Only the emitted files'
 * diagnostics are asked for, so the checker only looks at what they use. A Project is reused
 * across rebuilds (watch mode): the program is rebuilt incrementally from the old one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndentationText, Project, QuoteKind, ts } from 'ts-morph';

/** The repository root (compiler/emit/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One TypeScript error in an emitted file. */
export interface EmittedError {
  file: string;
  /** 1-based. */
  line: number;
  col: number;
  message: string;
  /** TypeScript's code (2322 ...). */
  code: number;
  /** 0-based offset in the file. */
  start: number;
}

/** A Project for emitting and checking: the repo's tsconfig options, two-space indent, single quotes. */
export function createEmitProject(): Project {
  return new Project({
    tsConfigFilePath: path.join(REPO_ROOT, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, useTrailingCommas: true },
  });
}

/** The last check per Project: texts and errors per file, for incremental rebuilds. */
const lastCheck = new WeakMap<Project, { texts: Map<string, string>; errors: Map<string, EmittedError[]> }>();

/** Emitted files that `file` imports (`./x.js` specifiers). */
function localImports(file: string, text: string): string[] {
  return [...text.matchAll(/from '(\.\/[\w.-]+)\.js'/g)].map((m) => path.join(path.dirname(file), `${m[1]}.ts`));
}

/**
 * Puts `files` (absolute path -> text) into the project and returns every error in them.
 * Against the same Project, only files whose text changed, or that import one that did, are
 * checked again (the runtime and schema are taken as fixed for the life of a Project).
 */
export function typeCheck(project: Project, files: ReadonlyMap<string, string>): EmittedError[] {
  const prev = lastCheck.get(project);
  const changed = new Set([...files].filter(([f, t]) => prev?.texts.get(f) !== t).map(([f]) => f));
  const dirty = [...files.keys()].filter((f) => changed.has(f) || localImports(f, files.get(f)!).some((i) => changed.has(i)));
  const fresh = dirty.length ? check(project, new Map(dirty.map((f) => [f, files.get(f)!]))) : [];
  const errors = new Map<string, EmittedError[]>();
  for (const f of files.keys()) errors.set(f, dirty.includes(f) ? fresh.filter((e) => e.file === f) : prev?.errors.get(f) ?? []);
  lastCheck.set(project, { texts: new Map(files), errors });
  return [...errors.values()].flat();
}

function check(project: Project, files: ReadonlyMap<string, string>): EmittedError[] {
  const sources = [...files].filter(([f]) => f.endsWith('.ts')).map(([f, text]) => project.createSourceFile(f, text, { overwrite: true }));
  const program = project.getProgram().compilerObject;
  const out: EmittedError[] = [];
  for (const sf of sources) {
    const tsf = program.getSourceFile(sf.getFilePath());
    if (!tsf) continue;
    const diags = [...program.getSyntacticDiagnostics(tsf), ...program.getSemanticDiagnostics(tsf)];
    for (const d of diags) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const start = d.start ?? 0;
      const { line, character } = tsf.getLineAndCharacterOfPosition(start);
      out.push({ file: sf.getFilePath(), line: line + 1, col: character + 1, start, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
  }
  return out;
}
