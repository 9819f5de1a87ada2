/**
 * The server's view of the files: open buffers over the disk, and the analysis of each open
 * config (`checkFile`: resolve with bases, validate, shapes), remembered with the text of every
 * file it read. An analysis is reused while each of those files still has the same text, so an
 * edit re-checks exactly the open configs that read the edited file (the file itself and the
 * children whose base it is); unchanged bases come from the resolver's content-keyed cache.
 *
 * The server reads files only through the resolver (which follows `_base_` by its own rules:
 * regular files of at most 10 MB) and later only the texts an analysis recorded, so a config
 * cannot make it read anything the resolver would not.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../compiler/diagnostics/types.js';
import { checkFile, type Checked } from '../compiler/check/run.js';
import { readFileOrUndefined } from '../compiler/inherit/resolver.js';
import { resolveConfig } from '../compiler/resolve.js';
import type { ResolvedConfig } from '../compiler/types.js';
import { Lines, langOf } from './text.js';

/** One open buffer. */
export interface OpenDoc {
  uri: string;
  file: string;
  version: number;
  text: string;
}

/** What `checkFile` said about one open config, and what it read to say it. */
export interface Analysis {
  file: string;
  /** Every file the resolve read, with the text it had then (undefined: missing). */
  reads: Map<string, string | undefined>;
  checked: Checked;
  diagnostics: Diagnostic[];
  /** Milliseconds the check took. */
  ms: number;
}

/** Options that change what a check means. */
export interface WorkspaceOptions {
  /** Scope name -> folder, for `scope::path` bases (as `--scope`). */
  scopes?: Record<string, string>;
}

/** Open buffers, analyses, and the line tables of the texts they read. */
export class Workspace {
  private readonly docs = new Map<string, OpenDoc>();
  private readonly analyses = new Map<string, Analysis>();
  /** The latest analysis of each open file that resolved (for completion while a buffer is broken). */
  private readonly resolved = new Map<string, Analysis>();
  private readonly lineCache = new Map<string, Lines>();
  /** Bases resolved on their own (for what a child's key overrides), as analyses are kept. */
  private readonly alone = new Map<string, { reads: Map<string, string | undefined>; config: ResolvedConfig | null }>();

  constructor(public options: WorkspaceOptions = {}) {}

  /** Opens or updates a buffer. */
  setDoc(doc: OpenDoc): void {
    this.docs.set(doc.file, doc);
  }

  /** Closes a buffer: the file is read from disk again. */
  closeDoc(file: string): void {
    this.docs.delete(file);
    this.analyses.delete(file);
    this.resolved.delete(file);
  }

  doc(file: string): OpenDoc | undefined {
    return this.docs.get(file);
  }

  openDocs(): OpenDoc[] {
    return [...this.docs.values()];
  }

  /** The text of a file as the server sees it: the open buffer, else the disk. */
  readonly read = (file: string): string | undefined => this.docs.get(file)?.text ?? readFileOrUndefined(file);

  /** Whether an analysis still describes the files it read. */
  private fresh(a: { reads: Map<string, string | undefined> }): boolean {
    for (const [f, t] of a.reads) if (this.read(f) !== t) return false;
    return true;
  }

  /** A config resolved on its own (no validation or shapes), kept while its files are unchanged. */
  resolveAlone(file: string): ResolvedConfig | null {
    const old = this.alone.get(file);
    if (old && this.fresh(old)) return old.config;
    const reads = new Map<string, string | undefined>();
    const readFile = (f: string): string | undefined => {
      const t = this.read(f);
      reads.set(f, t);
      return t;
    };
    const config = resolveConfig(file, { readFile, cache: true, scopes: this.options.scopes ?? {} }).value;
    if (this.alone.size > 64) this.alone.clear();
    this.alone.set(file, { reads, config });
    return config;
  }

  /** The analysis of an open config, re-checked when any file it read has changed. */
  analyze(file: string): Analysis {
    const old = this.analyses.get(file);
    if (old && this.fresh(old)) return old;
    const reads = new Map<string, string | undefined>();
    const readFile = (f: string): string | undefined => {
      const t = this.read(f);
      reads.set(f, t);
      return t;
    };
    const t0 = performance.now();
    const r = checkFile(file, { readFile, cache: true, scopes: this.options.scopes ?? {} });
    const a: Analysis = { file, reads, checked: r.value, diagnostics: r.diagnostics, ms: performance.now() - t0 };
    this.analyses.set(file, a);
    if (a.checked.config) this.resolved.set(file, a);
    return a;
  }

  /** The analysis if one is current, without checking again. */
  current(file: string): Analysis | undefined {
    const a = this.analyses.get(file);
    return a && this.fresh(a) ? a : undefined;
  }

  /** The latest analysis of `file` that produced a resolved config (possibly of older text). */
  lastResolved(file: string): Analysis | undefined {
    return this.resolved.get(file);
  }

  /** The open configs whose last analysis read `file` (the file itself when open). */
  dependents(file: string): string[] {
    const out = new Set<string>();
    if (this.docs.has(file)) out.add(file);
    for (const [root, a] of this.analyses) if (this.docs.has(root) && a.reads.has(file)) out.add(root);
    return [...out];
  }

  /** Drops every analysis (files changed on disk, options changed). */
  invalidateAll(): void {
    this.analyses.clear();
    this.alone.clear();
  }

  /** The text of a file an analysis may show: an open buffer, or what an analysis read (of a
   *  config file only: a `_base_` naming another file is refused by its extension). */
  textOf(file: string, a?: Analysis): string | undefined {
    if (!langOf(file)) return undefined;
    const open = this.docs.get(file);
    if (open) return open.text;
    if (a?.reads.has(file)) return a.reads.get(file);
    for (const x of this.analyses.values()) if (x.reads.has(file)) return x.reads.get(file);
    return undefined;
  }

  /** Line table of a text (cached per file while its text stays the same). */
  lines(file: string, text: string): Lines {
    const hit = this.lineCache.get(file);
    if (hit && hit.text === text) return hit;
    const l = new Lines(text);
    this.lineCache.set(file, l);
    return l;
  }
}
