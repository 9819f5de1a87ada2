/**
 * From a file name to a ResolvedConfig: `Config.fromfile` (the recursive loader), then the
 * checks `Config.__init__` makes (reserved keys), then `merge_from_dict` for --cfg-options,
 * then the side tables (provenance by JSON Pointer, tuples, floats).
 */
import path from 'node:path';
import type { Diagnostic, PhaseResult, Span } from '../diagnostics/types.js';
import type { PythonFrontend } from '../frontend/load.js';
import { originChain } from '../frontend/origin.js';
import { PyDict, PyList, PyTuple, pyTypeName, toJson, type Json, type Py } from '../frontend/values.js';
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
  if (!ctx.pureRoot) checkCustomImports(cfg, ctx.diagnostics);
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

/** Packages whose registries yoloc implements (its schema's scopes), and yoloc's own Python
 *  modules (`yoloc export --format mmyolo` writes them beside the config: runtime/export/mmyolo/
 *  project.ts PYTHON_MODULES): importing them registers nothing yoloc does not already know. */
export const OWN_PACKAGES = ['mmyolo', 'mmdet', 'mmengine', 'mmcv'];
export const OWN_MODULES = ['yoloc_starnet'];

/**
 * `custom_imports` (Config.fromfile imports these modules for a classic config): yoloc never
 * imports, so a module of a package it implements is accepted and any other is an error, or a
 * warning with allow_failed_imports=True (where MMEngine too goes on without it).
 */
function checkCustomImports(cfg: PyDict, out: Diagnostic[]): void {
  const ci = cfg.get('custom_imports');
  if (ci === undefined || ci === null || ci === false || (ci instanceof PyDict && ci.map.size === 0)) return;
  const span = cfg.spans.get('custom_imports');
  const bad = (message: string): void => {
    out.push({ code: 'YC3024', severity: 'error', message, span });
  };
  if (!(ci instanceof PyDict)) return bad(`custom_imports must be a dict (imports=[...], allow_failed_imports=...), not ${pyTypeName(ci)}`);
  const extra = [...ci.keys()].filter((k) => k !== 'imports' && k !== 'allow_failed_imports');
  if (extra.length) return bad(`custom_imports has an unexpected key '${extra[0]}' (import_modules_from_strings() takes imports and allow_failed_imports)`);
  let imports = ci.get('imports') ?? null;
  if (imports === null || imports === '' || ((imports instanceof PyList || imports instanceof PyTuple) && imports.items.length === 0)) return;
  if (typeof imports === 'string') imports = new PyList([imports]);
  if (!(imports instanceof PyList)) return bad(`custom_imports must be a list but got type <class '${pyTypeName(imports)}'>`);
  const allow = ci.get('allow_failed_imports');
  const lenient = allow !== undefined && allow !== null && allow !== false && allow !== 0n && allow !== 0 && allow !== '';
  for (const m of imports.items) {
    if (typeof m !== 'string') return bad(`custom_imports: ${String(m)} is of type <class '${pyTypeName(m)}'> and cannot be imported`);
    if (OWN_PACKAGES.includes(m.split('.')[0]!) || OWN_MODULES.includes(m)) continue;
    const what = `custom_imports names '${m}', a module yoloc cannot import (it never runs Python): types it registers are unknown to yoloc`;
    if (lenient) {
      out.push({ code: 'YC3024', severity: 'warning', message: `${what}; MMEngine would import it, or with allow_failed_imports=True warn and go on without it`, span, fix: `dicts whose type comes from '${m}' are reported as unknown types` });
    } else {
      out.push({ code: 'YC3024', severity: 'error', message: `${what}, and allow_failed_imports is False, so the config cannot be used without it`, span, fix: `set allow_failed_imports=True to go on without '${m}' (its types stay unknown), or remove it if the config does not use its types` });
    }
  }
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
