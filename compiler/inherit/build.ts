/**
 * From a file name to a ResolvedConfig: `Config.fromfile` (the recursive loader), then the
 * checks `Config.__init__` makes (reserved keys), then `merge_from_dict` for --cfg-options,
 * then the side tables (provenance by JSON Pointer, tuples, floats).
 */
import path from 'node:path';
import type { Diagnostic, PhaseResult, Span } from '../diagnostics/types.js';
import type { PythonFrontend } from '../frontend/load.js';
import { originChain } from '../frontend/origin.js';
import { PyDict, PyList, PyTuple, toJson, type Json, type Py } from '../frontend/values.js';
import { pointer, type Provenance, type ResolvedConfig } from '../types.js';
import { mergeAIntoB, MergeError } from './merge.js';
import { buildOptionDict } from './options.js';
import { scopesKey } from './cache.js';
import { fileToDict, readFileOrUndefined, type LoaderContext } from './resolver.js';

/** Options of a resolve: overrides, scope folders, the environment, a file reader for tests. */
export interface ResolveOptions {
  /** `KEY=VALUE` strings, as given to `--cfg-options`. */
  cfgOptions?: readonly string[];
  /** Scope name -> that package's configs folder (for `mmdet::path` bases). */
  scopes?: Record<string, string>;
  /** The environment for `{{$VAR:default}}` (default: process.env). */
  env?: Record<string, string | undefined>;
  readFile?: (file: string) => string | undefined;
  /** Reuse loads of unchanged files from earlier resolves in this process (default true,
   *  false when readFile is given). */
  cache?: boolean;
}

const RESERVED_KEYS = ['filename', 'text', 'pretty_text', 'env_variables'];

/** Resolves a config with the given Python evaluator (null: JSON/YAML only). */
export function resolveWith(file: string, opts: ResolveOptions, python: PythonFrontend | null): PhaseResult<ResolvedConfig | null> {
  const abs = path.resolve(file);
  const ctx: LoaderContext = {
    python,
    scopes: Object.fromEntries(Object.entries(opts.scopes ?? {}).map(([k, v]) => [k, path.resolve(v)])),
    env: opts.env ?? process.env,
    readFile: opts.readFile ?? readFileOrUndefined,
    diagnostics: [],
    files: [],
    chains: new Map(),
    cache: opts.cache ?? !opts.readFile,
    scopesKey: '',
    readLog: [],
    envLog: [],
    loadLog: [],
  };
  ctx.scopesKey = scopesKey(ctx.scopes);
  const fail = (): PhaseResult<null> => ({ value: null, diagnostics: ctx.diagnostics });
  let cfg = fileToDict(abs, [], undefined, ctx);
  if (!cfg || ctx.diagnostics.some((d) => d.severity === 'error')) return fail();
  for (const k of RESERVED_KEYS) {
    if (cfg.has(k)) {
      ctx.diagnostics.push({ code: 'YC3014', severity: 'error', message: `'${k}' is reserved by MMEngine's Config and cannot be a config variable`, span: cfg.spans.get(k), fix: `rename '${k}'` });
    }
  }
  if (opts.cfgOptions?.length) {
    const built = buildOptionDict(opts.cfgOptions);
    ctx.diagnostics.push(...built.diagnostics);
    if (built.value) {
      try {
        cfg = mergeAIntoB(built.value, cfg, true) as PyDict;
      } catch (e) {
        if (!(e instanceof MergeError)) throw e;
        ctx.diagnostics.push({
          code: e.code === 'YC3004' ? 'YC3013' : e.code,
          severity: 'error',
          message: e.baseType
            ? `--cfg-options ${e.keyPath.join('.')}: the config value there is of type ${e.baseType}, so no key can be set inside it`
            : `--cfg-options ${e.keyPath.join('.')}: ${e.message}`,
          ...(e.baseSpan ? { related: [{ message: 'the config value is set here', span: e.baseSpan }] } : {}),
        });
      }
    }
  }
  if (ctx.diagnostics.some((d) => d.severity === 'error')) return fail();
  warnKeptDelete(cfg, [], ctx.diagnostics);
  return { value: buildResolved(abs, cfg, ctx), diagnostics: ctx.diagnostics };
}

/** MMEngine keeps `_delete_` where the base had nothing to delete: say so, it is rarely meant. */
function warnKeptDelete(v: Py, at: string[], out: Diagnostic[]): void {
  if (v instanceof PyDict) {
    for (const [k, x] of v.map) {
      if (k === '_delete_') {
        out.push({
          code: 'YC3005',
          severity: 'warning',
          message: `_delete_ in '${at.join('.')}' deletes nothing (no base sets '${at[at.length - 1] ?? ''}'), so MMEngine keeps '_delete_' in the value`,
          span: v.spans.get(k),
          path: pointer(at),
        });
      } else if (typeof x === 'object' && x !== null) {
        at.push(k);
        warnKeptDelete(x, at, out);
        at.pop();
      }
    }
  } else if (v instanceof PyList || v instanceof PyTuple) {
    for (let i = 0; i < v.items.length; i++) {
      at.push(String(i));
      warnKeptDelete(v.items[i]!, at, out);
      at.pop();
    }
  }
}

/** One JSON Pointer segment (RFC 6901 escapes only when needed: most keys have none). */
function segment(k: string): string {
  return k.includes('~') || k.includes('/') ? pointer([k]) : '/' + k;
}

/** The JSON data and the side tables keyed by JSON Pointer. */
function buildResolved(file: string, value: PyDict, ctx: LoaderContext): ResolvedConfig {
  const provenance = new Map<string, Provenance>();
  const tuples = new Set<string>();
  const floats = new Set<string>();
  const via = (s: Span): string[] | undefined => ctx.chains.get(s.file);
  const record = (ptr: string, span: Span | undefined, parent: Provenance | undefined): Provenance | undefined => {
    if (span === parent?.span) {
      if (parent) provenance.set(ptr, parent);
      return parent;
    }
    const chain = span ? via(span) : undefined;
    const origin = span ? originChain(span) : [];
    const p: Provenance | undefined = span ? { span, ...(chain ? { via: chain } : {}), ...(origin.length ? { origin } : {}) } : parent;
    if (p) provenance.set(ptr, p);
    return p;
  };
  const walk = (v: Py, ptr: string, prov: Provenance | undefined): void => {
    if (typeof v === 'number') floats.add(ptr);
    else if (v instanceof PyTuple || v instanceof PyList) {
      if (v instanceof PyTuple) tuples.add(ptr);
      for (let i = 0; i < v.items.length; i++) {
        const p = ptr + '/' + i;
        walk(v.items[i]!, p, record(p, v.spans[i], prov));
      }
    } else if (v instanceof PyDict) {
      for (const [k, x] of v.map) {
        const p = ptr + segment(k);
        walk(x, p, record(p, v.spans.get(k), prov));
      }
    }
  };
  const root = record('', { file, start: 0, end: 0, line: 1, col: 1 }, undefined);
  walk(value, '', root);
  return {
    file,
    files: ctx.files,
    data: toJson(value) as { [k: string]: Json },
    value,
    provenance,
    tuples,
    floats,
  };
}
