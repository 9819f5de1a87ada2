/**
 * `yoloc compile --watch`: one fs.watch per file the config read (the config and every base,
 * ResolvedConfig.files), debounced; each rebuild reuses the TypeScript Project, so only the
 * emitted files are re-checked. The watched set follows the latest successful resolve, so a
 * base added to `_base_` is watched from the next rebuild on.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/types.js';
import { compileConfig, createEmitProject, type CompileOptions, type Emitted } from './index.js';

/** What the watcher does with each result. */
export interface WatchHooks {
  write(e: Emitted): void;
  report(diagnostics: Diagnostic[]): void;
  log(line: string): void;
  /** Resolves to stop watching (default: never; Ctrl-C ends the process). */
  until?: Promise<void>;
  /** Debounce in milliseconds (default 100). */
  debounceMs?: number;
}

/** Compiles now and after every change until `hooks.until` resolves. */
export async function watchCompile(file: string, opts: CompileOptions, hooks: WatchHooks): Promise<void> {
  const project = opts.project ?? createEmitProject();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let files: string[] = [path.resolve(file)];
  const build = (why: string) => {
    const t0 = performance.now();
    const r = compileConfig(file, { ...opts, project });
    const ms = performance.now() - t0;
    hooks.report(r.diagnostics);
    const ok = r.value !== null && !hasErrors(r.diagnostics);
    if (r.value) {
      files = [...new Set([path.resolve(file), ...r.value.config.files])];
      if (ok) hooks.write(r.value);
    }
    hooks.log(`${why}: ${ok ? 'compiled' : 'errors'} in ${ms.toFixed(0)} ms`);
    sync();
  };
  const schedule = (why: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => build(why), hooks.debounceMs ?? 100);
  };
  const sync = () => {
    for (const [f, w] of watchers) if (!files.includes(f)) { w.close(); watchers.delete(f); }
    for (const f of files) {
      if (watchers.has(f)) continue;
      try {
        watchers.set(f, watch(f, () => schedule(`${path.basename(f)} changed`)));
      } catch {
        // A base that vanished: the next rebuild reports it; keep watching the rest.
      }
    }
  };
  build('initial build');
  await (hooks.until ?? new Promise<void>(() => {}));
  clearTimeout(timer);
  for (const w of watchers.values()) w.close();
}
