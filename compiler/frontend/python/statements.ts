/**
 * Statements: assignments (names, attributes, subscripts, unpacking, chained), augmented
 * assignments, `del`, expression statements, `if`/`elif`/`else`, `for` and `while` loops (with
 * `break`, `continue`, `else`), `def` and `return`, `global`/`nonlocal`, imports (imports.ts),
 * and pure-Python configs' `with read_base():`. `class`, `try`, other `with` blocks and the rest
 * are reported with the reason and not run; the names they would bind become unknown so later
 * reads do not cascade into more errors. Loops are charged to the step budget.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple } from '../values.js';
import { PySlice, delItem, getAttr, getItem, setAttr, setItem } from './access.js';
import { iterate, materialize } from './iterate.js';
import { PyError, asPy, pyStr, truthy, type Val } from './objects.js';
import { binaryOp } from './ops.js';
import { Abort, Evaluator, UNKNOWN, attribute } from './evaluator.js';
import { sequence } from './displays.js';
import { ReturnSignal, defineFunction } from './functions.js';
import { runImport } from './imports.js';
import { isDunder, isExpr, kids } from './tree.js';

const STATEMENT_WORDS: Record<string, string> = {
  ClassDefinition: "'class' is not allowed in a config: a class runs code when MMEngine builds it; register the type in its package and name it with type='...'",
  WithStatement: "'with' is not allowed in a config: only `with read_base():` around the base imports of a pure-Python config (MMEngine: Only `read_base` context manager can be used in the config)",
  TryStatement: "'try' is not allowed in a config: a config that can fail is evaluated, never executed",
  RaiseStatement: "'raise' is not allowed in a config: configs are evaluated, never executed",
  DecoratedStatement: 'decorators are not allowed in a config: a decorator runs code',
  MatchStatement: "'match' is not supported in a config; use if/elif/else",
  PrintStatement: 'print statements are not allowed in a config',
};

/** `break` / `continue` unwinding to their loop. */
class LoopSignal {
  constructor(readonly kind: 'break' | 'continue', readonly node: SyntaxNode) {}
}

/** The names a statement would bind (marked unknown when it is refused or fails, so later
 *  reads do not cascade into NameErrors). */
export function boundNames(ev: Evaluator, node: SyntaxNode): string[] {
  const out: string[] = [];
  const targets = (n: SyntaxNode): void => {
    if (n.name === 'VariableName') out.push(ev.text(n));
    else if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(n.name)) kids(n).forEach(targets);
  };
  const body = (n: SyntaxNode): void => {
    for (const c of kids(n)) {
      if (c.name === 'Body') for (const st of kids(c)) out.push(...boundNames(ev, st));
    }
  };
  const cs = kids(node);
  switch (node.name) {
    case 'AssignStatement': {
      const lastOp = cs.map((c) => c.name).lastIndexOf('AssignOp');
      cs.slice(0, Math.max(0, lastOp)).forEach(targets);
      break;
    }
    case 'UpdateStatement':
      targets(cs[0]!);
      break;
    case 'StatementGroup':
      for (const c of cs) out.push(...boundNames(ev, c));
      break;
    case 'FunctionDefinition':
    case 'ClassDefinition': {
      const name = cs.find((c) => c.name === 'VariableName');
      if (name) out.push(ev.text(name));
      break;
    }
    case 'ImportStatement':
      // `import a.b as c` binds c, `from x import y` binds y: every name, enough to silence
      // follow-on NameErrors.
      for (const c of cs) if (c.name === 'VariableName') out.push(ev.text(c));
      break;
    case 'ForStatement': {
      const inAt = cs.findIndex((c) => c.name === 'in');
      cs.slice(1, inAt < 0 ? 1 : inAt).forEach(targets);
      body(node);
      break;
    }
    case 'WithStatement':
      cs.forEach((c, i) => {
        if (cs[i - 1]?.name === 'as') targets(c);
      });
      body(node);
      break;
    default:
      body(node);
  }
  return out;
}

/** Runs one top-level statement; errors are recorded, Fatal propagates. */
export function runStatement(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  if (node.name === 'StatementGroup') {
    for (const c of kids(node)) if (c.name !== ';') runStatement(ev, c, spans);
    return;
  }
  try {
    try {
      exec(ev, node, spans);
    } catch (e) {
      if (e instanceof LoopSignal) ev.fail('YC1001', `'${e.kind}' outside loop`, e.node);
      if (e instanceof ReturnSignal) ev.fail('YC1001', "'return' outside function", node);
      throw e;
    }
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    for (const name of boundNames(ev, node)) {
      if (name !== '_base_') ev.globals.set(name, UNKNOWN);
    }
  }
}

/** Runs the statements of a Body node (an indented block or a one-line suite). */
export function runBody(ev: Evaluator, body: SyntaxNode): void {
  for (const c of ev.kids(body)) {
    if (c.name === ':' || c.type.isError) continue;
    if (c.name === 'StatementGroup') {
      for (const g of ev.kids(c)) if (g.name !== ';') exec(ev, g, ev.nameSpans);
    } else exec(ev, c, ev.nameSpans);
  }
}

/** Executes any statement; control flow unwinds with LoopSignal / ReturnSignal. */
function exec(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  // Module-level simple statements are charged through their expressions, as before loops existed.
  if (ev.frame || node.parent?.name !== 'Script') ev.at(node, () => ev.tick());
  switch (node.name) {
    case 'StatementGroup':
      for (const c of ev.kids(node)) if (c.name !== ';') exec(ev, c, spans);
      return;
    case 'AssignStatement': return assign(ev, node, spans);
    case 'UpdateStatement': return update(ev, node, spans);
    case 'DeleteStatement': return del(ev, node);
    case 'PassStatement': return;
    case 'ExpressionStatement': {
      for (const c of ev.kids(node)) if (isExpr(c)) ev.expr(c);
      return;
    }
    case 'IfStatement': return ifStatement(ev, node);
    case 'ForStatement': return forStatement(ev, node, spans);
    case 'WhileStatement': return whileStatement(ev, node);
    case 'BreakStatement': throw new LoopSignal('break', node);
    case 'ContinueStatement': throw new LoopSignal('continue', node);
    case 'FunctionDefinition': {
      const { name, fn } = defineFunction(ev, node);
      bindName(ev, name, fn, ev.span(node), spans);
      return;
    }
    case 'ReturnStatement': {
      if (!ev.frame) ev.fail('YC1001', "'return' outside function", node);
      const e = ev.kids(node).filter(isExpr);
      const value: Val = e.length === 0 ? null : e.length === 1 && !ev.kids(node).some((c) => c.name === ',') ? ev.expr(e[0]!) : new PyTuple(sequence(ev, ev.kids(node).slice(1)).items);
      throw new ReturnSignal(value);
    }
    case 'ScopeStatement':
      if (!ev.frame && ev.kids(node)[0]?.name === 'nonlocal') ev.fail('YC1001', 'nonlocal declaration not allowed at module level', node);
      return;
    case 'ImportStatement': return runImport(ev, node, spans);
    case 'AssertStatement': {
      const [test, msg] = ev.kids(node).filter(isExpr);
      if (test && !truthy(ev.expr(test))) {
        const m = msg ? pyStr(ev.expr(msg)) : '';
        ev.fail('YC2016', `AssertionError${m ? `: ${m}` : ''} (the config's own assert failed; MMEngine stops here too)`, node);
      }
      return;
    }
    case 'WithStatement':
      // A pure-Python config's `with read_base():` block: its imports were applied before the
      // module ran (MMEngine's ImportTransformer), so nothing is left to do here.
      if (ev.style === 'pure' && ev.readBaseAt === node.from) return;
      break;
  }
  const what = STATEMENT_WORDS[node.name] ?? `${node.name} is not allowed in a config: configs are evaluated, never executed`;
  ev.fail('YC2002', what, firstLine(ev, node));
}

/** The Body children of a compound statement, each with the keyword that opened it. */
function clauses(ev: Evaluator, node: SyntaxNode): { word: string; test?: SyntaxNode; body: SyntaxNode }[] {
  const out: { word: string; test?: SyntaxNode; body: SyntaxNode }[] = [];
  let word = '';
  let test: SyntaxNode | undefined;
  for (const c of ev.kids(node)) {
    if (c.name === 'if' || c.name === 'elif' || c.name === 'else' || c.name === 'while') {
      word = c.name;
      test = undefined;
    } else if (c.name === 'Body') out.push({ word, test, body: c });
    else if (isExpr(c) && test === undefined) test = c;
  }
  return out;
}

function ifStatement(ev: Evaluator, node: SyntaxNode): void {
  for (const c of clauses(ev, node)) {
    if (c.word === 'else' || (c.test && truthy(ev.expr(c.test)))) {
      runBody(ev, c.body);
      return;
    }
  }
}

/** Runs a loop body once; false when it broke out of the loop. */
function loopBody(ev: Evaluator, body: SyntaxNode): boolean {
  try {
    runBody(ev, body);
  } catch (e) {
    if (e instanceof LoopSignal) return e.kind === 'continue';
    throw e;
  }
  return true;
}

function forStatement(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  const cs = ev.kids(node);
  const inAt = cs.findIndex((c) => c.name === 'in');
  const bodies = cs.filter((c) => c.name === 'Body');
  const targets = cs.slice(1, inAt);
  const iterNodes = cs.slice(inAt + 1, cs.indexOf(bodies[0]!));
  if (inAt < 0 || !bodies.length || !targets.length) ev.fail('YC1001', 'invalid syntax in a for loop', node);
  const source = iterNodes.filter(isExpr).length > 1 || iterNodes.some((c) => c.name === ',')
    ? new PyTuple(sequence(ev, iterNodes).items)
    : ev.expr(iterNodes.find(isExpr)!);
  const span = ev.span(targets[0]!);
  // A snapshot for dicts (Python raises if a dict changes size while iterated), lists by index.
  const it = ev.at(iterNodes[0]!, () => iterate(source, ev));
  for (;;) {
    const next = ev.at(iterNodes[0]!, () => it.next());
    if (next.done) break;
    if (targets.length === 1 && !targets.some((t) => t.name === ',')) assignTarget(ev, targets[0]!, next.value, span, spans);
    else unpack(ev, targets, next.value, span, undefined, spans);
    if (!loopBody(ev, bodies[0]!)) return;
  }
  if (bodies[1]) runBody(ev, bodies[1]);
}

function whileStatement(ev: Evaluator, node: SyntaxNode): void {
  const [loop, orelse] = clauses(ev, node);
  if (!loop?.test) ev.fail('YC1001', 'invalid syntax in a while loop', node);
  while (truthy(ev.expr(loop.test))) {
    ev.at(node, () => ev.tick());
    if (!loopBody(ev, loop.body)) return;
  }
  if (orelse) runBody(ev, orelse.body);
}

/** Binds a name where Python would: the current function's locals, a `global` or `nonlocal`
 *  name's scope, or the module (with the span of its value). */
export function bindName(ev: Evaluator, name: string, value: Val, span: Span, spans: Map<string, Span>): void {
  const frame = ev.frame;
  if (frame && !frame.fn.globalNames.has(name)) {
    if (frame.fn.localNames.has(name)) {
      frame.scope.set(name, value);
      return;
    }
    // nonlocal: the innermost enclosing function scope that has it.
    for (let i = ev.locals.length - 1; i >= 0; i--) {
      if (ev.locals[i]!.has(name) && ev.locals[i] !== frame.scope) {
        ev.locals[i]!.set(name, value);
        return;
      }
    }
  }
  ev.globals.set(name, value);
  spans.set(name, span);
}

function firstLine(ev: Evaluator, node: SyntaxNode): Span {
  const nl = ev.src.indexOf('\n', node.from);
  return ev.lines.span(node.from, nl < 0 || nl > node.to ? node.to : nl);
}

/** Splits an assignment's children into target groups and the value group. */
function groups(node: SyntaxNode): SyntaxNode[][] {
  const out: SyntaxNode[][] = [[]];
  for (const c of kids(node)) {
    if (c.name === 'AssignOp') out.push([]);
    else if (c.name !== 'TypeDef') out.at(-1)!.push(c);
  }
  return out;
}

function isTupleGroup(g: readonly SyntaxNode[]): boolean {
  return g.length > 1 || g.some((c) => c.name === ',');
}

function assign(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  const gs = groups(node);
  if (gs.length < 2) return; // `x: int` annotation without a value binds nothing.
  const targets = gs.slice(0, -1);
  const first = targets[0]!;
  // MMEngine removes `_base_ = ...` before exec (RemoveAssignFromAST): readBases reads it.
  if (first.length === 1 && first[0]!.name === 'VariableName' && ev.text(first[0]!) === '_base_') return;
  const valueGroup = gs.at(-1)!;
  let value: Val;
  let span: Span;
  let itemSpans: (Span | undefined)[] | undefined;
  if (isTupleGroup(valueGroup)) {
    const seq = sequence(ev, valueGroup);
    value = new PyTuple(seq.items, seq.spans);
    itemSpans = seq.spans;
    span = ev.lines.span(valueGroup[0]!.from, valueGroup.at(-1)!.to);
  } else {
    value = ev.expr(valueGroup[0]!);
    span = ev.valueSpan(valueGroup[0]!);
  }
  for (const t of targets) assignGroup(ev, t, value, span, itemSpans, spans);
}

function assignGroup(ev: Evaluator, g: SyntaxNode[], value: Val, span: Span, itemSpans: (Span | undefined)[] | undefined, spans: Map<string, Span>): void {
  if (isTupleGroup(g)) return unpack(ev, g, value, span, itemSpans, spans);
  assignTarget(ev, g[0]!, value, span, spans);
}

function unpack(ev: Evaluator, targets: SyntaxNode[], value: Val, span: Span, itemSpans: (Span | undefined)[] | undefined, spans: Map<string, Span>): void {
  const parts: { node: SyntaxNode; star: boolean }[] = [];
  let star = false;
  for (const c of targets) {
    if (c.name === '*') star = true;
    else if (c.name !== ',' && c.name !== '(' && c.name !== ')' && c.name !== '[' && c.name !== ']') {
      parts.push({ node: c, star });
      star = false;
    }
  }
  const at = targets[0]!;
  const got = ev.at(at, () => materialize(value, ev));
  const srcSpans = itemSpans ?? got.spans;
  const starAt = parts.findIndex((p) => p.star);
  const n = got.items.length;
  if (starAt < 0 && n !== parts.length) {
    ev.fail('YC2011', n > parts.length ? `too many values to unpack (expected ${parts.length})` : `not enough values to unpack (expected ${parts.length}, got ${n})`, at);
  }
  if (starAt >= 0 && n < parts.length - 1) {
    ev.fail('YC2011', `not enough values to unpack (expected at least ${parts.length - 1}, got ${n})`, at);
  }
  let k = 0;
  parts.forEach((p) => {
    if (p.star) {
      const take = n - (parts.length - 1);
      const list = new PyList(got.items.slice(k, k + take), srcSpans.slice(k, k + take));
      assignTarget(ev, p.node, list, span, spans);
      k += take;
    } else {
      assignTarget(ev, p.node, got.items[k]!, srcSpans[k] ?? span, spans);
      k++;
    }
  });
}

function assignTarget(ev: Evaluator, t: SyntaxNode, value: Val, span: Span, spans: Map<string, Span>): void {
  switch (t.name) {
    case 'VariableName': {
      const name = ev.text(t);
      // MMEngine drops every `__` name from the config; only __builtins__ would reach Python itself.
      if (name === '__builtins__') ev.fail('YC2004', `name '${name}' is not allowed in a config`, t);
      if (name === '_base_' && ev.style === 'classic' && !ev.frame) ev.fail('YC1004', 'cannot rebind _base_ (it names the merged bases)', t);
      bindName(ev, name, value, span, spans);
      return;
    }
    case 'TupleExpression':
    case 'ArrayExpression':
      return unpack(ev, kids(t), value, span, undefined, spans);
    case 'ParenthesizedExpression': {
      const inner = kids(t).filter(isExpr);
      return assignTarget(ev, inner[0]!, value, span, spans);
    }
    case 'MemberExpression': {
      const cs = kids(t);
      const obj = ev.expr(cs[0]!);
      if (cs[1]?.name === '.') {
        const name = ev.text(cs[2]!);
        if (name.startsWith('__')) ev.fail('YC2004', `attribute '${name}' is not allowed in a config`, cs[2]!);
        return ev.at(t, () => setAttr(obj, name, value, span));
      }
      const key = ev.subscript(cs.slice(2, -1), t);
      return ev.at(t, () => setItem(obj, key, value, span, (v) => materialize(v, ev)));
    }
  }
  ev.fail('YC1004', `cannot assign to ${describe(t.name)}`, t);
}

function describe(name: string): string {
  if (name === 'Number' || name === 'String' || name === 'Boolean' || name === 'None' || name === 'ContinuedString') return 'literal';
  if (name === 'CallExpression') return 'function call';
  return `expression (${name})`;
}

function update(ev: Evaluator, node: SyntaxNode, spans: Map<string, Span>): void {
  const [target, opNode, valueNode] = kids(node);
  const op = ev.text(opNode!).slice(0, -1);
  const span = ev.span(node);
  let read: () => Val;
  let write: (v: Val) => void;
  if (target!.name === 'VariableName') {
    const name = ev.text(target!);
    if (isDunder(name) || (name === '_base_' && ev.style === 'classic')) ev.fail(isDunder(name) ? 'YC2004' : 'YC1004', `cannot assign to '${name}'`, target!);
    read = () => ev.expr(target!);
    write = (v) => bindName(ev, name, v, span, spans);
  } else if (target!.name === 'MemberExpression') {
    const cs = kids(target!);
    const obj = ev.expr(cs[0]!);
    if (cs[1]?.name === '.') {
      const name = ev.text(cs[2]!);
      if (name.startsWith('__')) ev.fail('YC2004', `attribute '${name}' is not allowed in a config`, cs[2]!);
      read = () => ev.at(target!, () => (ev.touchBase(obj, name), attribute(obj, name, ev.base)));
      write = (v) => ev.at(target!, () => setAttr(obj, name, v, span));
    } else {
      const key: Val | PySlice = ev.subscript(cs.slice(2, -1), target!);
      read = () => ev.at(target!, () => (ev.touchBase(obj, key instanceof PySlice ? undefined : key), getItem(obj, key)));
      write = (v) => ev.at(target!, () => setItem(obj, key, v, span, (x) => materialize(x, ev)));
    }
  } else {
    return ev.fail('YC1004', "illegal expression for augmented assignment", target!);
  }
  const cur = read();
  const rhs = ev.expr(valueNode!);
  ev.at(node, () => {
    if (op === '+' && cur instanceof PyList) {
      // list += iterable extends in place: every alias sees it, as in Python.
      const more = materialize(rhs, ev);
      if (cur.items.length + more.items.length > ev.lim.maxLength) throw new PyError('YC2904', 'list too long', true);
      const at = cur.items.length;
      more.items.forEach((x, i) => {
        cur.items.push(x);
        cur.spans[at + i] = more.spans[i] ?? span;
      });
      return;
    }
    if (op === '|' && cur instanceof PyDict && rhs instanceof PyDict) {
      for (const [k, v] of rhs.map) cur.set(k, v, rhs.spans.get(k));
      return;
    }
    write(asPy(binaryOp(op, cur, rhs, ev.lim)));
  });
}

function del(ev: Evaluator, node: SyntaxNode): void {
  const targets = kids(node).filter(isExpr);
  ev.each(targets, (t) => {
    if (t.name === 'VariableName') {
      const name = ev.text(t);
      if (ev.frame?.fn.localNames.has(name)) {
        if (ev.frame.scope.get(name) === undefined) ev.fail('YC2001', `name '${name}' is not defined`, t);
        ev.frame.scope.delete(name);
        return;
      }
      if (!ev.globals.has(name)) ev.fail('YC2001', `name '${name}' is not defined`, t);
      ev.globals.delete(name);
      return;
    }
    if (t.name === 'MemberExpression') {
      const cs = kids(t);
      const obj = ev.expr(cs[0]!);
      if (cs[1]?.name === '.') {
        const name = ev.text(cs[2]!);
        return ev.at(t, () => {
          if (!(obj instanceof PyDict) || !obj.has(name)) getAttr(obj, name, ev.base);
          (obj as PyDict).delete(name);
        });
      }
      const key = ev.subscript(cs.slice(2, -1), t);
      return ev.at(t, () => delItem(obj, key));
    }
    ev.fail('YC1004', `cannot delete ${describe(t.name)}`, t);
  });
}
