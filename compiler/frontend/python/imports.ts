/**
 * Import statements, as MMEngine treats them, without importing anything:
 *  - a classic config (`_base_ = ...`) really imports in MMEngine, so only the standard
 *    modules yoloc evaluates by name (stdlib.ts) are accepted; any other import is refused;
 *  - a pure-Python config imports names as symbols (MMEngine's LazyObject): `from a.b import C`
 *    binds C to the path 'a.b.C', standard modules as above; the base imports of its
 *    `with read_base():` block were applied before the module ran (pure.ts).
 */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../diagnostics/types.js';
import type { Evaluator } from './evaluator.js';
import { PyError, PyLazy, PyModule, PyNative, type Val } from './objects.js';
import { SUPPORTED_STANDARD, isStandardModule, standardModule } from './stdlib.js';
import { bindName } from './statements.js';

/** One import statement, read. */
export interface ImportSpec {
  /** `from X import ...`: the module with its leading dots; null for `import X`. */
  from: { level: number; module: string } | null;
  names: { name: string; as?: string; node: SyntaxNode }[];
  star: SyntaxNode | null;
}

/** Reads an ImportStatement node. */
export function readImport(text: (n: SyntaxNode) => string, kids: SyntaxNode[]): ImportSpec {
  const spec: ImportSpec = { from: null, names: [], star: null };
  let i = 0;
  if (kids[0]?.name === 'from') {
    i = 1;
    let level = 0;
    let module = '';
    for (; i < kids.length && kids[i]!.name !== 'import'; i++) {
      const k = kids[i]!;
      if (k.name === '.' || k.name === 'Ellipsis' || text(k) === '...') {
        if (module) module += '.';
        else level += text(k).length;
      } else module += text(k);
    }
    spec.from = { level, module };
  }
  i++; // 'import'
  let cur: { name: string; as?: string; node: SyntaxNode } | null = null;
  for (; i < kids.length; i++) {
    const k = kids[i]!;
    if (k.name === '*') spec.star = k;
    else if (k.name === ',' || k.name === '(' || k.name === ')') cur = null;
    else if (k.name === 'as') {
      const n = kids[++i];
      if (cur && n) cur.as = text(n);
    } else if (k.name === '.') {
      const n = kids[++i];
      if (cur && n) cur.name += '.' + text(n);
    } else if (k.name === 'VariableName') {
      cur = { name: text(k), node: k };
      spec.names.push(cur);
    }
  }
  return spec;
}

/** The dotted module of a `from` import as MMEngine writes it (`..a.b`). */
export function fromModule(spec: ImportSpec): string {
  return '.'.repeat(spec.from!.level) + spec.from!.module;
}

/** Members of mmengine.config a config may import: read_base for its `with`, the rest refuse. */
const MMENGINE_CONFIG = new Map<string, Val>([
  ['read_base', new PyNative('mmengine.config.read_base', 'function', () => {
    throw new PyError('YC2002', 'read_base() is only meaningful as `with read_base():` around the base imports');
  })],
  ['Config', new PyNative('mmengine.config.Config', 'type', () => {
    throw new PyError('YC2005', 'Config(...) would build a config at run time: configs are evaluated, never executed');
  })],
  ['ConfigDict', new PyNative('mmengine.config.ConfigDict', 'type', () => {
    throw new PyError('YC2005', 'ConfigDict(...) is not evaluated; write dict(...)');
  })],
]);

/** A standard module (or mmengine.config) by dotted name, or a refusal naming what exists. */
function standard(ev: Evaluator, name: string, at: SyntaxNode): PyModule {
  if (name === 'mmengine.config' || name === 'mmengine.config.config') return new PyModule(name, MMENGINE_CONFIG);
  const m = standardModule(name, ev);
  if (!m) ev.fail('YC2015', `yoloc does not evaluate the standard module '${name}': it never imports anything; a config may use ${SUPPORTED_STANDARD}`, at);
  return m;
}

function refuseReal(ev: Evaluator, name: string, at: SyntaxNode, why: string): never {
  ev.fail('YC2015', `'${name}' is not a standard module yoloc evaluates: ${why}`, at);
}

/** True for a statement of the module itself (not inside a def, if, loop, ...). */
export function isTopLevel(node: SyntaxNode): boolean {
  const p = node.parent;
  return p?.name === 'Script' || (p?.name === 'StatementGroup' && p.parent?.name === 'Script');
}

/** Runs an import statement (see the module comment). */
export function runImport(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  const spec = readImport((n) => ev.text(n), ev.kids(node));
  const span = ev.span(node);
  const pure = ev.style === 'pure';
  if (spec.from) {
    const module = fromModule(spec);
    if (pure && ev.baseModules.has(module)) return; // applied before the module ran
    if (spec.star) {
      ev.fail('YC3023', pure
        ? `\`from ${module} import *\` is only allowed inside \`with read_base():\` (MMEngine: Illegal syntax in config! \`from xxx import *\` is not allowed to appear outside the \`if base:\` statement)`
        : `\`from ${module} import *\` would import and run ${module}: configs are evaluated, never executed`, spec.star);
    }
    if (spec.from.level > 0 && !pure) refuseReal(ev, module, node, 'a relative import in a config with _base_ would import a Python module; bases are listed in _base_');
    if (isStandardModule(module)) {
      const m = standard(ev, module, node);
      for (const n of spec.names) {
        const v = m.members.get(n.name);
        if (v === undefined) ev.fail('YC2015', `yoloc does not evaluate '${n.name}' of '${module}' (it never imports anything; a config may use ${SUPPORTED_STANDARD})`, n.node);
        bindName(ev, n.as ?? n.name, v, span, spans);
      }
      return;
    }
    if (!pure) refuseReal(ev, module, node, 'MMEngine imports (runs) the modules a config with _base_ imports; yoloc never does (a pure-Python config, with `with read_base():`, imports names as symbols)');
    for (const n of spec.names) bindName(ev, n.as ?? n.name, new PyLazy('name', module, n.name), ev.span(n.node), spans);
    return;
  }
  for (const n of spec.names) {
    if (isStandardModule(n.name)) {
      const m = standard(ev, n.name, n.node);
      if (n.as) bindName(ev, n.as, m, span, spans);
      else bindName(ev, n.name.split('.')[0]!, n.name.includes('.') ? standard(ev, n.name.split('.')[0]!, n.node) : m, span, spans);
      continue;
    }
    if (!pure) refuseReal(ev, n.name, n.node, 'MMEngine imports (runs) the modules a config with _base_ imports; yoloc never does');
    if (n.as) bindName(ev, n.as, new PyLazy('module', n.name, n.name), span, spans);
    else if (ev.frame || !isTopLevel(node)) refuseReal(ev, n.name, n.node, 'MMEngine gathers only module-level `import x` as symbols; this one would be imported (run)');
    // A module-level `import a.b` was bound to the symbol 'a' before the module ran.
  }
}
