/**
 * Pure-Python configs (MMEngine's "new config style", its lazy-import mode), step for step as
 * `Config._is_lazy_import`, `_get_base_modules`, `ImportTransformer`, `_gather_abs_import_lazyobj`
 * and `_parse_lazy_import` do it, with nothing imported:
 *  - configStyle: a config is pure-Python when, reading its statements breadth first, a
 *    `with read_base():`, a relative import or an import of a non-standard module comes before
 *    any `_base_ = ...`;
 *  - readBaseImports: the `from X import ...` lines of its first `with read_base():` block;
 *  - evaluatePure: each base evaluated on its own (the resolver loads them), its names put in
 *    the module's globals before anything runs (`import *` all of them), imported names bound
 *    to symbols, the rest evaluated as any config. No merge, no `_delete_`, no `{{ }}`.
 *  - pureToDict: `Config.to_dict()`: globals minus imported names, symbols as dotted strings.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Diagnostic, PhaseResult, Span } from '../../diagnostics/types.js';
import { PyDict, type Py } from '../values.js';
import { configTree } from './configdict.js';
import { Abort, UNKNOWN, type Evaluator } from './evaluator.js';
import { fromModule, isTopLevel, readImport } from './imports.js';
import { PyLazy, isPy, typeName, type Val } from './objects.js';
import { isStandardModule } from './stdlib.js';
import { parseModule } from './syntax.js';
import { kids } from './tree.js';
import { DEFAULT_LIMITS, collect, runModule, sortDiagnostics, type EvalOptions } from './index.js';

/** A base a pure-Python config imports in its `with read_base():` block. */
export interface BaseImport {
  /** As written, with its leading dots (`.._base_.models.x`): the key MMEngine uses. */
  module: string;
  /** Leading dots (0: an absolute import `mmdet.configs._base_.x`). */
  level: number;
  span: Span;
}

/** A pure-Python module after evaluation: its globals (bases' ConfigDict trees, symbols,
 *  functions), where each was set, and the names it (or its bases) imported. */
export interface PureModule {
  globals: Map<string, Val>;
  spans: Map<string, Span>;
  imported: Set<string>;
}

function parse(text: string, file: string): { mod: ReturnType<typeof parseModule>; src: (n: SyntaxNode) => string } {
  return { mod: parseModule(text, file, DEFAULT_LIMITS.maxDepth), src: (n) => text.slice(n.from, n.to) };
}

function isBaseAssign(n: SyntaxNode, src: (n: SyntaxNode) => string): boolean {
  const cs = kids(n);
  return n.name === 'AssignStatement' && cs[0]?.name === 'VariableName' && src(cs[0]) === '_base_' && cs[1]?.name === 'AssignOp';
}

/** `with read_base():` exactly (MMEngine checks the first item's call name). */
function isReadBase(n: SyntaxNode, src: (n: SyntaxNode) => string): boolean {
  const call = kids(n)[1];
  return call?.name === 'CallExpression' && kids(call)[0]?.name === 'VariableName' && src(kids(call)[0]!) === 'read_base';
}

function firstLineSpan(mod: { lines: { span(a: number, b: number): Span } }, text: string, n: SyntaxNode): Span {
  const nl = text.indexOf('\n', n.from);
  return mod.lines.span(n.from, nl < 0 || nl > n.to ? n.to : nl);
}

/** MMEngine's `_is_lazy_import`: which style a .py config is written in. */
export function configStyle(text: string, file: string): PhaseResult<'classic' | 'pure'> {
  if (Buffer.byteLength(text) > DEFAULT_LIMITS.maxSourceBytes) return { value: 'classic', diagnostics: [] };
  const { mod, src } = parse(text, file);
  if ('tooDeepAt' in mod) return { value: 'classic', diagnostics: [] };
  // ast.walk: breadth first over every statement.
  let level: SyntaxNode[] = mod.statements.slice();
  while (level.length) {
    const next: SyntaxNode[] = [];
    for (const n of level) {
      if (n.type.isError) continue;
      if (isBaseAssign(n, src)) return { value: 'classic', diagnostics: [] };
      if (n.name === 'WithStatement') {
        if (isReadBase(n, src)) return { value: 'pure', diagnostics: [] };
        return {
          value: 'classic',
          diagnostics: [{ code: 'YC2002', severity: 'error', message: "'with' is not allowed in a config: only `with read_base():` around the base imports of a pure-Python config (MMEngine: Only `read_base` context manager can be used in the config)", span: firstLineSpan(mod, text, n) }],
        };
      }
      if (n.name === 'ImportStatement') {
        const spec = readImport(src, kids(n));
        if (spec.from) {
          if (spec.from.level > 0) return { value: 'pure', diagnostics: [] };
          const names = spec.names.map((x) => x.name);
          if (spec.from.module === 'mmengine' && names.length === 1 && names[0] === 'Config' && !spec.star) continue;
          if (!isStandardModule(spec.from.module)) return { value: 'pure', diagnostics: [] };
        } else if (spec.names.some((x) => !isStandardModule(x.name))) return { value: 'pure', diagnostics: [] };
      }
      for (const c of kids(n)) {
        if (c.name === 'Body') next.push(...kids(c).flatMap((b) => (b.name === 'StatementGroup' ? kids(b) : [b])));
        else if (c.name === 'StatementGroup') next.push(...kids(c));
      }
      if (n.name === 'StatementGroup') next.push(...kids(n));
    }
    level = next;
  }
  return { value: 'classic', diagnostics: [] };
}

/** MMEngine's `_get_base_modules`: the bases of a pure-Python config, and where its
 *  `with read_base():` block is (-1: none). */
export function readBaseImports(text: string, file: string): PhaseResult<{ bases: BaseImport[]; withAt: number }> {
  const { mod, src } = parse(text, file);
  const diagnostics: Diagnostic[] = [];
  if ('tooDeepAt' in mod) return { value: { bases: [], withAt: -1 }, diagnostics };
  const flat = mod.statements.flatMap((s) => (s.name === 'StatementGroup' ? kids(s) : [s]));
  for (const n of flat) {
    if (isBaseAssign(n, src)) {
      diagnostics.push({
        code: 'YC3022', severity: 'error', span: firstLineSpan(mod, text, n),
        message: 'a pure-Python config (one with `with read_base():` or imports of modules) cannot set _base_: the configs of one inheritance chain must all be pure-Python or all classic',
        fix: 'import the bases inside `with read_base():` (from .x import *), or write this config in the classic style without imports',
      });
      return { value: { bases: [], withAt: -1 }, diagnostics };
    }
    if (n.name !== 'WithStatement') continue;
    if (!isReadBase(n, src) || kids(n).filter((c) => c.name === ',').length) {
      diagnostics.push({ code: 'YC2002', severity: 'error', message: 'Only `read_base` context manager can be used in the config', span: firstLineSpan(mod, text, n) });
      return { value: { bases: [], withAt: -1 }, diagnostics };
    }
    const bases: BaseImport[] = [];
    const body = kids(n).find((c) => c.name === 'Body');
    for (const st of (body ? kids(body) : []).flatMap((b) => (b.name === 'StatementGroup' ? kids(b) : [b]))) {
      if (st.name === ':' || st.name === ';') continue;
      const spec = st.name === 'ImportStatement' ? readImport(src, kids(st)) : null;
      if (!spec?.from || !spec.from.module) {
        diagnostics.push({
          code: 'YC3023', severity: 'error', span: firstLineSpan(mod, text, st),
          message: spec?.from
            ? '`from . import x` is not allowed in `with read_base():` (MMEngine: Illegal syntax in config file!): name the base module'
            : 'only `from ... import ...` of base configs may stand in `with read_base():` (MMEngine: Illegal syntax in config file!)',
        });
        continue;
      }
      bases.push({ module: fromModule(spec), level: spec.from.level, span: mod.lines.span(st.from, st.to) });
    }
    return { value: { bases, withAt: n.from }, diagnostics };
  }
  return { value: { bases: [], withAt: -1 }, diagnostics };
}

/** Options of evaluatePure: the evaluated bases, by the module string they were imported as. */
export interface PureOptions extends EvalOptions {
  bases: Map<string, PureModule>;
  withAt: number;
}

/** Applies MMEngine's ImportTransformer and _gather_abs_import_lazyobj before the module runs:
 *  base imports fill the globals, module-level `import a.b` binds the symbol a, every imported
 *  name is recorded; `from x import *` outside read_base is refused. */
function transform(ev: Evaluator, root: SyntaxNode, opts: PureOptions): void {
  const imports: SyntaxNode[] = [];
  root.cursor().iterate((ref) => {
    if (ref.name === 'ImportStatement') imports.push(ref.node);
  });
  let failed = false;
  const fail = (code: string, message: string, at: SyntaxNode | Span): void => {
    ev.report(code, message, at);
    failed = true;
  };
  for (const node of imports) {
    const spec = readImport((n) => ev.text(n), kids(node));
    const span = ev.span(node);
    if (spec.from) {
      const module = fromModule(spec);
      if (isStandardModule(module)) {
        if (spec.star) fail('YC3023', `\`from ${module} import *\`: Cannot import * from non-base config (MMEngine)`, spec.star);
        for (const n of spec.names) ev.imported.add(n.as ?? n.name);
        continue;
      }
      const base = opts.bases.get(module);
      if (base) {
        ev.baseModules.add(module);
        for (const n of base.imported) ev.imported.add(n);
        if (spec.star) {
          for (const [k, v] of base.globals) {
            ev.globals.set(k, v);
            const s = base.spans.get(k);
            if (s) ev.nameSpans.set(k, s);
          }
          continue;
        }
        for (const n of spec.names) {
          const v = base.globals.get(n.name);
          if (v === undefined) {
            fail('YC2007', `cannot import '${n.name}' from base '${module}': it defines no such name (MMEngine: KeyError: '${n.name}')`, n.node);
            continue;
          }
          ev.globals.set(n.as ?? n.name, v);
          ev.nameSpans.set(n.as ?? n.name, base.spans.get(n.name) ?? span);
        }
        continue;
      }
      if (spec.star) {
        fail('YC3023', `\`from ${module} import *\` is only allowed inside \`with read_base():\` around base configs (MMEngine: Illegal syntax in config! \`from xxx import *\` is not allowed to appear outside the \`if base:\` statement)`, spec.star);
        continue;
      }
      for (const n of spec.names) ev.imported.add(n.as ?? n.name);
      continue;
    }
    for (const n of spec.names) {
      if (n.as) {
        ev.imported.add(n.as);
        continue;
      }
      if (isStandardModule(n.name) || !isTopLevel(node)) continue;
      const top = n.name.split('.')[0]!;
      ev.imported.add(top);
      ev.globals.set(top, new PyLazy('package', top, top));
      ev.nameSpans.set(top, span);
    }
  }
  if (failed) throw new Abort();
}

/** `_parse_lazy_import` for one file whose bases are already evaluated: its PureModule. */
export function evaluatePure(text: string, file: string, opts: PureOptions): PhaseResult<PureModule | null> {
  const run = runModule(text, file, opts, (ev, mod) => {
    ev.style = 'pure';
    ev.readBaseAt = opts.withAt;
    ev.globals.set('__file__', file);
    transform(ev, mod.tree.topNode, opts);
  });
  if (!('ev' in run)) return run;
  const { ev, diagnostics } = run;
  if (run.fatal || diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics: sortDiagnostics(diagnostics) };
  const globals = new Map<string, Val>();
  const data: [string, Py][] = [];
  for (const [name, v] of ev.globals) {
    if (name.startsWith('__') || v === UNKNOWN) continue;
    if (isPy(v)) data.push([name, v]);
    // `_dict_to_config_dict_lazy`: every dict a ConfigDict, every list a new one.
    globals.set(name, isPy(v) ? configTree(v) : v);
  }
  // The size limits of a config written out (shared lists expand), as for classic configs.
  if (!collect(ev, data, diagnostics)) return { value: null, diagnostics: sortDiagnostics(diagnostics) };
  return { value: { globals, spans: new Map(ev.nameSpans), imported: ev.imported }, diagnostics: sortDiagnostics(diagnostics) };
}

/** `Config.to_dict()` of a pure-Python config: imported names left out, symbols as their
 *  dotted paths; a function or module left in the config is an error (MMEngine keeps it, and
 *  then cannot dump the config). */
export function pureToDict(mod: PureModule, file: string): PhaseResult<PyDict | null> {
  const diagnostics: Diagnostic[] = [];
  const entries: [string, Py][] = [];
  for (const [name, v] of mod.globals) {
    if (mod.imported.has(name)) continue;
    if (v instanceof PyLazy) entries.push([name, v.dotted]);
    else if (isPy(v)) entries.push([name, v]);
    else {
      diagnostics.push({
        code: 'YC2013', severity: 'error', span: mod.spans.get(name) ?? { file, start: 0, end: 0, line: 1, col: 1 },
        message: `'${name}' holds a '${typeName(v)}' object: MMEngine keeps it in a pure-Python config and then cannot dump the config`,
        fix: `del ${name} once it is used, or name it with a leading __`,
      });
    }
  }
  if (diagnostics.length) return { value: null, diagnostics };
  const out = new PyDict();
  for (const [k, v] of entries) out.set(k, v, mod.spans.get(k));
  return { value: out, diagnostics };
}
