/**
 * Functions a config defines (`def f(x, y=1): ...`, `lambda x: ...`): small pure helpers that
 * MMEngine configs use to build values. They are interpreted like the rest of the config, with
 * Python's scoping (parameters and assigned names are local, `global` writes the module, a nested
 * function sees the scope it was defined in), every call charged to the step budget and nested at
 * most MAX_CALL_DEPTH deep.
 */
import type { SyntaxNode } from '@lezer/common';
import { PyDict, PyTuple } from '../values.js';
import type { Binding, Evaluator } from './evaluator.js';
import type { Arg } from './iterate.js';
import { PyError, PyFunction, asPy, type FunctionParam, type Val } from './objects.js';
import { isExpr, kids } from './tree.js';

/** The deepest chain of config function calls (recursion is refused past it). */
export const MAX_CALL_DEPTH = 100;

/** A local variable read before it is assigned (UnboundLocalError). */
export const UNBOUND = Symbol('unbound');

/** `return` unwinding to the call. */
export class ReturnSignal {
  constructor(readonly value: Val) {}
}

/** The local scope of one call. */
export interface Frame {
  fn: PyFunction;
  scope: Map<string, Binding | typeof UNBOUND>;
}

/** Reads a ParamList: names, `*args`, `**kwargs`, keyword-only names after `*`, defaults. */
function readParams(ev: Evaluator, list: SyntaxNode | undefined): FunctionParam[] {
  const params: FunctionParam[] = [];
  if (!list) return params;
  let kind: FunctionParam['kind'] = 'plain';
  let afterStar = false;
  const cs = kids(list).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== 'TypeDef');
  const seen = new Set<string>();
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.name === ',') continue;
    if (c.name === '/') continue;
    if (c.name === '*') {
      afterStar = true;
      kind = 'star';
      continue;
    }
    if (c.name === '**') {
      kind = 'dstar';
      continue;
    }
    if (c.name !== 'VariableName') ev.fail('YC1001', 'invalid syntax in a parameter list', c);
    const name = ev.text(c);
    if (seen.has(name)) ev.fail('YC1001', `duplicate argument '${name}' in function definition`, c);
    seen.add(name);
    const p: FunctionParam = { name, kind: kind === 'star' || kind === 'dstar' ? kind : afterStar ? 'kwonly' : 'plain' };
    if (cs[i + 1]?.name === 'AssignOp') {
      p.default = ev.expr(cs[i + 2]!);
      i += 2;
    } else if (p.kind === 'plain' && params.some((q) => q.kind === 'plain' && q.default !== undefined)) {
      ev.fail('YC1001', 'non-default argument follows default argument', c);
    }
    params.push(p);
    kind = afterStar ? 'kwonly' : 'plain';
  }
  return params;
}

/** Names a function body binds (its locals), and the ones it declares `global`. Nested
 *  functions, lambdas and comprehensions have scopes of their own and are not entered. */
function scopeNames(ev: Evaluator, body: SyntaxNode): { locals: Set<string>; globals: Set<string>; nonlocals: Set<string> } {
  const locals = new Set<string>();
  const globals = new Set<string>();
  const nonlocals = new Set<string>();
  const target = (n: SyntaxNode): void => {
    if (n.name === 'VariableName') locals.add(ev.text(n));
    else if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(n.name)) kids(n).forEach(target);
  };
  const walk = (n: SyntaxNode): void => {
    const cs = kids(n);
    switch (n.name) {
      case 'AssignStatement': {
        const last = cs.map((c) => c.name).lastIndexOf('AssignOp');
        cs.slice(0, Math.max(0, last)).forEach(target);
        return;
      }
      case 'UpdateStatement':
        target(cs[0]!);
        return;
      case 'ForStatement': {
        const inAt = cs.findIndex((c) => c.name === 'in');
        cs.slice(1, inAt).forEach(target);
        break;
      }
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const name = cs.find((c) => c.name === 'VariableName');
        if (name) locals.add(ev.text(name));
        return;
      }
      case 'ImportStatement': {
        // `import a.b` binds a; `import a as b` and `from x import y as z` bind the last name.
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.name !== 'VariableName') continue;
          if (cs[i + 1]?.name === 'as' || cs[i + 1]?.name === '.') continue;
          if (cs[i - 1]?.name === '.' && cs.some((x) => x.name === 'from')) continue;
          locals.add(ev.text(c));
        }
        return;
      }
      case 'ScopeStatement': {
        const into = cs[0]?.name === 'global' ? globals : nonlocals;
        for (const c of cs) if (c.name === 'VariableName') into.add(ev.text(c));
        return;
      }
      case 'DeleteStatement':
        cs.filter(isExpr).forEach(target);
        return;
      case 'WithStatement':
        cs.forEach((c, i) => {
          if (cs[i - 1]?.name === 'as') target(c);
        });
        break;
    }
    for (const c of cs) if (c.name === 'Body' || /Statement$/.test(c.name)) walk(c);
  };
  walk(body);
  for (const g of globals) locals.delete(g);
  for (const g of nonlocals) locals.delete(g);
  return { locals, globals, nonlocals };
}

/** `def name(params): body` evaluated: the function value (defaults evaluated now). */
export function defineFunction(ev: Evaluator, node: SyntaxNode): { name: string; fn: PyFunction } {
  const cs = ev.kids(node);
  const nameNode = cs.find((c) => c.name === 'VariableName')!;
  const name = ev.text(nameNode);
  const body = cs.find((c) => c.name === 'Body');
  if (!body) ev.fail('YC1001', 'invalid syntax: a def needs a body', node);
  const params = readParams(ev, cs.find((c) => c.name === 'ParamList'));
  const names = scopeNames(ev, body);
  for (const p of params) names.locals.add(p.name);
  const fn = new PyFunction(name, params, body, false, [...ev.locals], names.locals, names.globals);
  return { name, fn };
}

/** `lambda params: expr` evaluated. */
export function defineLambda(ev: Evaluator, node: SyntaxNode): PyFunction {
  const cs = ev.kids(node);
  const colon = cs.findIndex((c) => c.name === ':');
  const expr = cs.slice(colon + 1).find(isExpr);
  if (!expr) ev.fail('YC1001', 'invalid syntax: a lambda needs a body', node);
  const params = readParams(ev, cs.find((c) => c.name === 'ParamList'));
  return new PyFunction('<lambda>', params, expr, true, [...ev.locals], new Set(params.map((p) => p.name)), new Set());
}

/** Binds a call's arguments to the function's parameters, with Python's TypeErrors. */
function bind(fn: PyFunction, args: Arg[], kw: Map<string, Arg>): Map<string, Val> {
  const out = new Map<string, Val>();
  const plain = fn.params.filter((p) => p.kind === 'plain');
  const star = fn.params.find((p) => p.kind === 'star');
  const dstar = fn.params.find((p) => p.kind === 'dstar');
  const who = `${fn.name}()`;
  if (args.length > plain.length && !star) {
    throw new PyError('YC2006', `${who} takes ${plain.length} positional argument${plain.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  plain.forEach((p, i) => {
    if (i < args.length) out.set(p.name, args[i]!.value);
  });
  if (star) out.set(star.name, new PyTuple(args.slice(plain.length).map((a) => asPy(a.value))));
  const extra = new PyDict();
  for (const [k, a] of kw) {
    const p = fn.params.find((q) => q.name === k && (q.kind === 'plain' || q.kind === 'kwonly'));
    if (p) {
      if (out.has(k)) throw new PyError('YC2006', `${who} got multiple values for argument '${k}'`);
      out.set(k, a.value);
    } else if (dstar) extra.set(k, asPy(a.value), a.span);
    else throw new PyError('YC2006', `${who} got an unexpected keyword argument '${k}'`);
  }
  if (dstar) out.set(dstar.name, extra);
  const missing = fn.params.filter((p) => (p.kind === 'plain' || p.kind === 'kwonly') && !out.has(p.name) && p.default === undefined);
  if (missing.length) {
    const kwOnly = missing[0]!.kind === 'kwonly';
    const list = missing.map((p) => `'${p.name}'`);
    const names = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
    throw new PyError('YC2006', `${who} missing ${missing.length} required ${kwOnly ? 'keyword-only' : 'positional'} argument${missing.length === 1 ? '' : 's'}: ${names}`);
  }
  for (const p of fn.params) if (!out.has(p.name) && p.default !== undefined) out.set(p.name, p.default);
  return out;
}

/** Calls a config function: a fresh local scope over the scopes it was defined in. */
export function callFunction(ev: Evaluator, fn: PyFunction, args: Arg[], kw: Map<string, Arg>, runBody: (body: SyntaxNode) => void): Val {
  ev.tick();
  if (ev.callDepth >= MAX_CALL_DEPTH) {
    throw new PyError('YC2902', `config functions call each other more than ${MAX_CALL_DEPTH} deep (maximum recursion depth exceeded)`, true);
  }
  const bound = bind(fn, args, kw);
  const scope = new Map<string, Binding | typeof UNBOUND>();
  for (const n of fn.localNames) scope.set(n, UNBOUND);
  for (const [k, v] of bound) scope.set(k, v);
  const saved = { locals: ev.locals, frame: ev.frame };
  ev.locals = [...(fn.closure as Map<string, Binding>[]), scope as Map<string, Binding>];
  ev.frame = { fn, scope };
  ev.callDepth++;
  try {
    if (fn.isLambda) return ev.expr(fn.body as SyntaxNode);
    try {
      runBody(fn.body as SyntaxNode);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
    return null;
  } finally {
    ev.callDepth--;
    ev.locals = saved.locals;
    ev.frame = saved.frame;
  }
}
