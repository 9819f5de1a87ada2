/**
 * MMEngine's `Config._file2dict`, recursively: substitute text, read `_base_`, load each base
 * (relative to the file, or from a `--scope NAME=DIR` package folder for `NAME::path`), refuse
 * keys defined by two sibling bases, add `_scope_` for foreign bases, evaluate the file against
 * the merged bases, swap `{{_base_.x}}` tokens for base values, merge the file into its bases
 * and drop `__` names. Every failure is a diagnostic; nothing throws out of here.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { LineMap, type Diagnostic, type RelatedInfo, type Span } from '../diagnostics/types.js';
import { CONFIG_EXTENSIONS, loadConfigText, type BaseRef, type PythonFrontend } from '../frontend/load.js';
import { PyDict } from '../frontend/values.js';
import { mergeAIntoB, MergeError } from './merge.js';
import { addScope } from './scope.js';
import { deepCopy, lookup, store, type CacheEntry } from './cache.js';
import { remapDiagnostics, remapValueSpans } from './spans.js';
import { substituteText } from './substitute.js';
import { substituteBaseVars } from './basevars.js';
import { findCycle } from './cycle.js';
import { closestConfig, folderInsteadOfConfig, notTextReason } from './notconfig.js';
import { loadPure } from './pure.js';

/** What the recursive loader needs besides the file name. */
export interface LoaderContext {
  python: PythonFrontend | null;
  scopes: Record<string, string>;
  env: Record<string, string | undefined>;
  readFile: (file: string) => string | undefined;
  diagnostics: Diagnostic[];
  /** Every file read, in load order. */
  files: string[];
  /** For each file, the chain of files from the root config down to it (first load wins). */
  chains: Map<string, string[]>;
  /** Reuse loads across resolves (compiler/inherit/cache.ts); off with a custom readFile. */
  cache: boolean;
  scopesKey: string;
  /** Logs of this resolve, sliced per load to make cache entries. */
  readLog: [string, string][];
  envLog: [string, string | undefined][];
  loadLog: { file: string; chain: string[] }[];
  /** Files that already failed in this resolve (reported once; a file's failure does not
   *  depend on the chain that reaches it, since a cycle through an ancestor is a cycle). */
  failed?: Set<string>;
  /** Files whose result depends on more than their text (a config that read os.environ): not
   *  cached, nor are the configs that load them. */
  uncacheable?: Set<string>;
  /** The root config is pure-Python (MMEngine's lazy-import mode: no custom_imports). */
  pureRoot?: boolean;
}

/** The largest config file read (as the Python evaluator's source limit, for every format). */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** Reads a file, or undefined when it does not exist or is not a file. Reads at most a little
 *  past MAX_CONFIG_BYTES, so a huge file is refused without loading it all. */
export function readFileOrUndefined(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    // A device or FIFO (`_base_ = '/dev/zero'`) would never end: only regular files are read.
    if (!st.isFile()) return undefined;
    if (st.size <= MAX_CONFIG_BYTES) return readFileSync(fd, 'utf8');
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileSpan(file: string): Span {
  return { file, start: 0, end: 0, line: 1, col: 1 };
}

/** Where a `_base_` entry points: a local path, or a scoped package path. */
function basePath(ref: BaseRef, from: string, ctx: LoaderContext): { file: string; scope?: string } | null {
  const p = ref.path;
  if (!p.includes('::')) return { file: path.resolve(path.dirname(from), p) };
  const parts = p.split('::');
  if (parts.length > 2 || !/^\w*::\w*\/\w*/.test(p)) {
    ctx.diagnostics.push({ code: 'YC3006', severity: 'error', message: `malformed scoped base '${p}': write SCOPE::relative/path.py`, span: ref.span });
    return null;
  }
  const [scope, rel] = parts as [string, string];
  const dir = ctx.scopes[scope];
  if (!dir) {
    ctx.diagnostics.push({
      code: 'YC3006',
      severity: 'error',
      message: `base '${p}' comes from scope '${scope}', but no folder was given for that scope`,
      span: ref.span,
      fix: `pass --scope ${scope}=PATH, where PATH is the ${scope} package's configs folder`,
    });
    return null;
  }
  return { file: path.resolve(dir, rel), scope };
}

/** `_file2dict` for one file; null when it (or a base) has errors, reported in ctx. */
export function fileToDict(file: string, chain: readonly string[], ref: BaseRef | undefined, ctx: LoaderContext): PyDict | null {
  const err = (code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): null => {
    ctx.diagnostics.push({ code, severity: 'error', message, ...(span ? { span } : {}), ...extra });
    return null;
  };
  if (chain.includes(file)) {
    const cycle = [...chain.slice(chain.indexOf(file)), file].map((f) => path.basename(f)).join(' -> ');
    return err('YC3002', `_base_ inheritance cycle: ${cycle}`, ref?.span);
  }
  // A base listed twice per level (a -> [b, b], b -> [c, c], ...) loads 2^depth files, and a
  // long chain recurses once per file: both are bounded.
  // A failing base listed in every branch of a diamond would be evaluated (to its step limit)
  // once per path: hundreds of times.
  if (ctx.failed?.has(file)) return null;
  if (chain.length >= MAX_BASE_DEPTH) {
    return err('YC3019', `_base_ chain deeper than ${MAX_BASE_DEPTH} files`, ref?.span);
  }
  if (ctx.cache) {
    const hit = lookup(file, ctx.scopesKey, ctx.python, ctx.env, chain, ctx.readFile);
    if (hit && ctx.files.length + hit.files.length > MAX_BASE_LOADS) return tooMany(ctx, ref);
    if (hit) return replay(hit, chain, ctx);
  }
  if (ctx.files.length >= MAX_BASE_LOADS) return tooMany(ctx, ref);
  const mark = { diags: ctx.diagnostics.length, reads: ctx.readLog.length, envs: ctx.envLog.length, loads: ctx.loadLog.length };
  const text = ctx.readFile(file);
  if (text === undefined) {
    const folder = folderInsteadOfConfig(file, ref?.path);
    if (folder) return err('YC3020', folder.message, ref?.span, { fix: folder.fix });
    const what = ref ? `base config '${ref.path}'` : 'config file';
    const close = closestConfig(file, ref?.path);
    return err('YC3001', `cannot find ${what} (looked for ${file})`, ref?.span, close ? { fix: `did you mean '${close}'?` } : {});
  }
  if (!CONFIG_EXTENSIONS.includes(path.extname(file))) {
    return err('YC3008', `unsupported config extension '${path.extname(file) || '(none)'}': use ${CONFIG_EXTENSIONS.slice(0, -1).join(', ')} or ${CONFIG_EXTENSIONS.at(-1)}`, ref?.span ?? fileSpan(file));
  }
  const binary = notTextReason(text, file);
  if (binary) {
    const fix = binary.startsWith('not UTF-8') ? `save ${path.basename(file)} as UTF-8`
      : ref ? `point _base_ at a config file (${path.basename(file)} is not one)` : 'name a config file (Python, JSON, YAML or TypeScript text); was an image or a checkpoint renamed?';
    return err('YC3021', ref ? `base config '${ref.path}' is ${binary}` : `${binary}`, ref?.span ?? fileSpan(file), { fix });
  }
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    return err('YC2903', `config file is over the limit of ${MAX_CONFIG_BYTES} bytes`, ref?.span ?? fileSpan(file));
  }
  // MMEngine's Config._is_lazy_import decides, on the text as written, how the file is read.
  if (path.extname(file) === '.py' && ctx.python?.configStyle) {
    const style = ctx.python.configStyle(text, file);
    ctx.diagnostics.push(...style.diagnostics);
    if (style.diagnostics.some((d) => d.severity === 'error')) return null;
    if (style.value === 'pure') {
      if (ref) {
        return err('YC3022', `base config '${ref.path}' is a pure-Python config (it uses \`with read_base():\` or imports modules), but this config is classic (it sets _base_): the configs of one inheritance chain must all be of one style`, ref.span, {
          fix: 'import the base inside `with read_base():` in a pure-Python config, or use a classic base',
        });
      }
      ctx.readLog.push([file, text]);
      ctx.pureRoot = true;
      const mod = loadPure(file, text, chain, ctx);
      if (!mod) return null;
      const d = ctx.python.pureToDict!(mod, file);
      ctx.diagnostics.push(...d.diagnostics);
      return d.value && !d.diagnostics.some((x) => x.severity === 'error') ? d.value : null;
    }
  }
  ctx.files.push(file);
  const myChain = [...chain, file];
  if (!ctx.chains.has(file)) ctx.chains.set(file, myChain);
  ctx.readLog.push([file, text]);
  ctx.loadLog.push({ file, chain: myChain });
  const lines = new LineMap(file, text);
  const sub = substituteText(text, file, ctx.env, (s, e) => lines.span(s, e));
  for (const e of sub.envUsed) ctx.envLog.push(e);
  ctx.diagnostics.push(...sub.diagnostics);
  if (sub.diagnostics.some((d) => d.severity === 'error')) return null;
  const remap = (ds: Diagnostic[]): Diagnostic[] => (sub.map ? remapDiagnostics(ds, file, sub.map, lines) : ds);

  const loaded = loadConfigText(sub.text, file, ctx.python);
  ctx.diagnostics.push(...remap(loaded.diagnostics));
  if (!loaded.value || loaded.diagnostics.some((d) => d.severity === 'error')) return null;
  const bases = loaded.value.bases.map((b) => (sub.map ? { ...b, span: lines.span(sub.map(b.span.start), sub.map(b.span.end)) } : b));

  const baseDict = new PyDict();
  const owner = new Map<string, { ref: BaseRef; span?: Span }>();
  let failed = false;
  for (const b of bases) {
    const where = basePath(b, file, ctx);
    if (!where) {
      failed = true;
      continue;
    }
    let d = fileToDict(where.file, myChain, b, ctx);
    if (!d) {
      (ctx.failed ??= new Set()).add(where.file);
      failed = true;
      continue;
    }
    const dup = [...d.keys()].filter((k) => baseDict.has(k));
    if (dup.length) {
      const related: RelatedInfo[] = [];
      for (const k of dup) {
        const first = owner.get(k)!;
        related.push({ message: `'${k}' is first defined in ${first.ref.path}`, span: first.span ?? first.ref.span });
        const s = d.spans.get(k);
        related.push({ message: `and again in ${b.path}`, span: s ?? b.span });
      }
      err('YC3003', `duplicate key${dup.length > 1 ? 's' : ''} ${dup.map((k) => `'${k}'`).join(', ')} among bases: '${b.path}' defines what an earlier base already defines`, b.span, {
        related,
        fix: 'define each key in only one sibling base, or set it in this file instead',
      });
      failed = true;
      continue;
    }
    if (where.scope) d = addScope(d, where.scope, b.span) as PyDict;
    for (const [k, v] of d.map) {
      baseDict.set(k, v, d.spans.get(k));
      owner.set(k, { ref: b, span: d.spans.get(k) });
    }
  }
  if (failed) return null;

  const evaluated = loaded.value.evaluate(baseDict, {
    env: ctx.env,
    onEnv: () => {
      for (const f of myChain) (ctx.uncacheable ??= new Set()).add(f);
    },
  });
  ctx.diagnostics.push(...remap(evaluated.diagnostics));
  let cfg = evaluated.value;
  if (!cfg || evaluated.diagnostics.some((d) => d.severity === 'error')) return null;
  if (sub.map) remapValueSpans(cfg, file, sub.map, lines);
  // Python lets a config build a value that contains itself; MMEngine cannot dump it, and every
  // walk below would recurse forever. `_base_` writes can build one inside the bases too.
  for (const d of [cfg, baseDict]) {
    const at = findCycle(d);
    if (at) {
      return err('YC3018', `'${at.path}' contains itself (a circular reference), which no config output can hold`, at.span ?? (d === cfg ? undefined : lines.span(0, 0)));
    }
  }

  if (cfg.has('_deprecation_')) {
    const info = cfg.get('_deprecation_');
    const expected = info instanceof PyDict && typeof info.get('expected') === 'string' ? ` Please use ${info.get('expected') as string} instead.` : '';
    ctx.diagnostics.push({ code: 'YC3017', severity: 'warning', message: `The config file ${file} will be deprecated in the future.${expected}`, span: cfg.spans.get('_deprecation_') });
    cfg.delete('_deprecation_');
  }
  if (sub.baseVars.size) {
    const substituted = substituteBaseVars(cfg, sub.baseVars, baseDict, lines, ctx.diagnostics);
    if (!substituted) return null;
    cfg = substituted as PyDict;
  }
  cfg.delete('_base_');
  let merged: PyDict;
  try {
    merged = mergeAIntoB(cfg, baseDict, false) as PyDict;
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    return err(e.code, e.message, e.span, {
      ...(e.baseSpan ? { related: [{ message: 'the base value is set here', span: e.baseSpan }] } : {}),
      fix: `add _delete_=True to ${e.keyPath.join('.')} to replace the base value instead of merging`,
    });
  }
  for (const k of [...merged.keys()]) if (k.startsWith('__')) merged.delete(k);
  if (ctx.cache && !ctx.uncacheable?.has(file)) {
    store(file, {
      value: deepCopy(merged) as PyDict,
      diagnostics: ctx.diagnostics.slice(mark.diags),
      files: ctx.loadLog.slice(mark.loads).map((l) => ({ file: l.file, chain: l.chain.slice(chain.length) })),
      texts: new Map(ctx.readLog.slice(mark.reads)),
      env: new Map(ctx.envLog.slice(mark.envs)),
      scopesKey: ctx.scopesKey,
      python: ctx.python,
    });
  }
  return merged;
}

/** The most config files one resolve loads (bases counted each time they are listed). */
export const MAX_BASE_LOADS = 1000;
/** The longest `_base_` chain from the root config. */
export const MAX_BASE_DEPTH = 64;

function tooMany(ctx: LoaderContext, ref: BaseRef | undefined): null {
  const message = `more than ${MAX_BASE_LOADS} config files to load (bases listed repeatedly?)`;
  ctx.diagnostics.push({ code: 'YC3019', severity: 'error', message, ...(ref ? { span: ref.span } : {}) });
  return null;
}

/** A cache hit: the logs and side tables as if the file had been loaded here, and a copy. */
function replay(hit: CacheEntry, chain: readonly string[], ctx: LoaderContext): PyDict {
  ctx.diagnostics.push(...hit.diagnostics);
  for (const l of hit.files) {
    const full = [...chain, ...l.chain];
    ctx.files.push(l.file);
    ctx.loadLog.push({ file: l.file, chain: full });
    if (!ctx.chains.has(l.file)) ctx.chains.set(l.file, full);
  }
  for (const r of hit.texts) ctx.readLog.push(r);
  for (const e of hit.env) ctx.envLog.push(e);
  return deepCopy(hit.value) as PyDict;
}
