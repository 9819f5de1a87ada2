/**
 * Calls: argument lists (positional, `*x`, keywords, `**x`, a bare generator), builtin
 * functions by name, methods on dicts/lists/strings, and refusals for everything else
 * (forbidden builtins, unknown names, calling a value that is not a function).
 */
import type { SyntaxNode } from '@lezer/common';
import { PyDict } from '../values.js';
import { FORBIDDEN, callBuiltin, isBuiltin } from './builtins.js';
import { comprehension } from './displays.js';
import { UNKNOWN, Abort, attribute, lazyCall, type Evaluator } from './evaluator.js';
import { iterOf, materialize, type Arg } from './iterate.js';
import { callMethod, hasMethod } from './methods.js';
import { PyError, PyFunction, PyLazy, PyModule, PyNative, PyType, typeName, type Val } from './objects.js';

/** True for values a config may call (its own functions, standard functions, imported names,
 *  which refuse). */
function isCallable(v: Val): boolean {
  return v instanceof PyFunction || v instanceof PyNative || v instanceof PyLazy;
}
import { isDunder, isExpr } from './tree.js';

/** Evaluates a call's arguments: positional (with *x) and keyword (with **x). */
export function callArgs(ev: Evaluator, argList: SyntaxNode): { args: Arg[]; kw: Map<string, Arg> } {
  const cs = ev.kids(argList).slice(1, -1);
  const args: Arg[] = [];
  const kw = new Map<string, Arg>();
  if (cs.some((c) => c.name === 'for')) {
    const { items } = comprehension(ev, cs);
    args.push({ value: iterOf('generator', () => items), span: ev.span(argList) });
    return { args, kw };
  }
  type Part = { kind: 'pos' | 'star' | 'dstar' | 'kw'; node: SyntaxNode; name?: string };
  const parts: Part[] = [];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.name === ',') continue;
    if (c.name === '*') parts.push({ kind: 'star', node: cs[++i]! });
    else if (c.name === '**') parts.push({ kind: 'dstar', node: cs[++i]! });
    else if (c.name === 'VariableName' && cs[i + 1]?.name === 'AssignOp') {
      parts.push({ kind: 'kw', node: cs[i + 2]!, name: ev.text(c) });
      i += 2;
    } else parts.push({ kind: 'pos', node: c });
  }
  const dup = (name: string, at: SyntaxNode): void => {
    if (kw.has(name)) ev.fail('YC2006', `keyword argument repeated: ${name}`, at);
  };
  ev.each(parts, (p) => {
    const v = ev.expr(p.node);
    if (v === ev.base) ev.at(p.node, () => ev.touchBase(v));
    const span = ev.valueSpan(p.node);
    if (p.kind === 'pos') args.push({ value: v, span });
    else if (p.kind === 'kw') {
      dup(p.name!, p.node);
      kw.set(p.name!, { value: v, span });
    } else if (p.kind === 'star') {
      const got = ev.at(p.node, () => materialize(v, ev));
      got.items.forEach((x, i) => args.push({ value: x, span: got.spans[i] }));
    } else {
      if (!(v instanceof PyDict)) ev.fail('YC2006', `argument after ** must be a mapping, not ${typeName(v)}`, p.node);
      for (const [k, x] of v.map) {
        dup(k, p.node);
        kw.set(k, { value: x, span: v.spans.get(k) });
      }
    }
  });
  return { args, kw };
}

/** isinstance(x, T) / isinstance(x, (T, U)): types are not config values, so they are
 *  read here rather than through the generic tuple display. */
function isinstance(ev: Evaluator, argList: SyntaxNode): boolean {
  const cs = ev.kids(argList).filter(isExpr);
  if (cs.length !== 2 || ev.kids(argList).some((c) => c.name === 'AssignOp' || c.name === '*' || c.name === '**')) {
    ev.fail('YC2006', `isinstance expected 2 arguments, got ${cs.length}`, argList);
  }
  const x = ev.expr(cs[0]!);
  const types = (n: SyntaxNode): string[] => {
    if (n.name === 'TupleExpression' || n.name === 'ParenthesizedExpression') return ev.kids(n).filter(isExpr).flatMap(types);
    const t = ev.expr(n);
    if (!(t instanceof PyType)) ev.fail('YC2006', 'isinstance() arg 2 must be a type, a tuple of types, or a union', n);
    return [t.name];
  };
  const name = typeName(x);
  return types(cs[1]!).some((t) => t === name || (t === 'int' && name === 'bool'));
}

/** hasattr(x, 'name'): ConfigDict keys and methods, a module's members, any attribute of an
 *  imported name (MMEngine's LazyObject has them all); dunder names are refused. */
function hasattr(ev: Evaluator, argList: SyntaxNode): boolean {
  const { args, kw } = callArgs(ev, argList);
  if (args.length !== 2 || kw.size) ev.fail('YC2006', `hasattr expected 2 arguments, got ${args.length + kw.size}`, argList);
  const [obj, name] = [args[0]!.value, args[1]!.value];
  if (typeof name !== 'string') ev.fail('YC2006', "hasattr(): attribute name must be string", argList);
  if (name.startsWith('__')) ev.fail('YC2004', `hasattr(x, '${name}'): dunder attributes reach Python internals`, argList);
  if (hasMethod(obj, name)) return true;
  if (obj instanceof PyDict) return obj.has(name);
  if (obj instanceof PyLazy) return true;
  if (obj instanceof PyModule) return obj.members.has(name);
  return false;
}

/** getattr(x, 'name'[, default]): attribute access by a name computed in the config; dunder
 *  names are refused, a missing attribute gives the default. */
function getattr(ev: Evaluator, argList: SyntaxNode): Val {
  const { args, kw } = callArgs(ev, argList);
  if (args.length < 2 || args.length > 3 || kw.size) ev.fail('YC2006', `getattr expected 2 or 3 arguments, got ${args.length + kw.size}`, argList);
  const [obj, name] = [args[0]!.value, args[1]!.value];
  if (typeof name !== 'string') ev.fail('YC2006', "getattr(): attribute name must be string", argList);
  if (name.startsWith('__')) ev.fail('YC2004', `getattr(x, '${name}'): dunder attributes reach Python internals`, argList);
  try {
    return attribute(obj, name, ev.base);
  } catch (e) {
    if (e instanceof PyError && (e.code === 'YC2009' || e.code === 'YC2014') && args.length === 3) return args[2]!.value;
    if (e instanceof PyError) ev.fail(e.code, e.message, argList);
    throw e;
  }
}

export function call(ev: Evaluator, node: SyntaxNode): Val {
  const [callee, argList] = ev.kids(node);
  if (callee!.name === 'VariableName') {
    const name = ev.text(callee!);
    if (isDunder(name)) ev.fail('YC2004', `'${name}' is not allowed in a config`, callee!);
    // Only a function's scope can hold an unbound local (an error lookup throws).
    const bound = ev.locals.length ? ev.at(callee!, () => ev.lookup(name)) : ev.lookup(name);
    if (bound === UNKNOWN) throw new Abort();
    if (bound !== undefined && isCallable(bound)) {
      if (bound instanceof PyLazy) ev.fail(lazyCall(bound).code, lazyCall(bound).message, node);
      const { args, kw } = callArgs(ev, argList!);
      return ev.at(node, () => ev.callValue(bound, args, kw));
    }
    if (bound !== undefined && !(bound instanceof PyType && isBuiltin(bound.name))) {
      ev.fail('YC2006', `'${typeName(bound)}' object is not callable`, callee!);
    }
    const fn = bound instanceof PyType ? bound.name : name;
    if (!isBuiltin(fn)) {
      if (FORBIDDEN.has(fn)) ev.fail('YC2005', `'${fn}' is not allowed in a config: configs are evaluated, never executed`, callee!);
      ev.fail('YC2001', `name '${fn}' is not defined`, callee!);
    }
    if (fn === 'isinstance') return isinstance(ev, argList!);
    if (fn === 'hasattr') return hasattr(ev, argList!);
    if (fn === 'getattr') return getattr(ev, argList!);
    const { args, kw } = callArgs(ev, argList!);
    const result = callBuiltin(fn, args, kw, ev);
    // dict(...) is where configs write most dicts: it gets the call's span, as a literal would.
    if (result instanceof PyDict && !result.span) result.span = ev.span(node);
    return result;
  }
  if (callee!.name === 'MemberExpression' && ev.kids(callee!)[1]?.name === '.') {
    const [objNode, , prop] = ev.kids(callee!);
    const name = ev.text(prop!);
    if (name.startsWith('__')) ev.fail('YC2004', `attribute '${name}' is not allowed in a config`, prop!);
    const obj = ev.expr(objNode!);
    if (obj === ev.base) ev.at(node, () => ev.touchBase(obj));
    if (hasMethod(obj, name)) {
      const { args, kw } = callArgs(ev, argList!);
      return callMethod(obj, name, args, kw, ev);
    }
    const v = ev.at(callee!, () => attribute(obj, name, ev.base));
    if (v instanceof PyLazy) ev.fail(lazyCall(v).code, lazyCall(v).message, node);
    if (isCallable(v)) {
      const { args, kw } = callArgs(ev, argList!);
      return ev.at(node, () => ev.callValue(v, args, kw));
    }
    ev.fail('YC2006', `'${typeName(v)}' object is not callable`, callee!);
  }
  const v = ev.expr(callee!);
  if (v instanceof PyLazy) ev.fail(lazyCall(v).code, lazyCall(v).message, node);
  if (isCallable(v)) {
    const { args, kw } = callArgs(ev, argList!);
    return ev.at(node, () => ev.callValue(v, args, kw));
  }
  if (v instanceof PyModule) ev.fail('YC2006', "'module' object is not callable", callee!);
  ev.fail('YC2006', `'${typeName(v)}' object is not callable`, callee!);
}