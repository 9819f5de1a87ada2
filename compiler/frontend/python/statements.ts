/**
 * Module-level statements: assignments (names, attributes, subscripts, unpacking, chained),
 * augmented assignments, `del`, expression statements. Everything else (import, def, class,
 * loops, with, try, ...) is reported and not run; the names it would bind become unknown so
 * later reads do not cascade into more errors.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple } from '../values.js';
import { PySlice, delItem, getAttr, getItem, setAttr, setItem } from './access.js';
import { materialize } from './iterate.js';
import { PyError, asPy, type Val } from './objects.js';
import { binaryOp } from './ops.js';
import { Abort, Evaluator, UNKNOWN } from './evaluator.js';
import { sequence } from './displays.js';
import { isDunder, isExpr, kids } from './tree.js';

const STATEMENT_WORDS: Record<string, string> = {
  ImportStatement: "'import' is", FunctionDefinition: "'def' is", ClassDefinition: "'class' is",
  ForStatement: "'for' loops are", WhileStatement: "'while' loops are", WithStatement: "'with' is",
  TryStatement: "'try' is", IfStatement: "'if' statements are", ReturnStatement: "'return' is",
  RaiseStatement: "'raise' is", AssertStatement: "'assert' is", ScopeStatement: "'global'/'nonlocal' is",
  DecoratedStatement: 'decorators are', MatchStatement: "'match' is", BreakStatement: "'break' is",
  ContinueStatement: "'continue' is", PrintStatement: 'print statements are',
};

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
    switch (node.name) {
      case 'AssignStatement': return assign(ev, node, spans);
      case 'UpdateStatement': return update(ev, node, spans);
      case 'DeleteStatement': return del(ev, node);
      case 'PassStatement': return;
      case 'ExpressionStatement': {
        for (const c of kids(node)) if (isExpr(c)) ev.expr(c);
        return;
      }
    }
    const what = STATEMENT_WORDS[node.name] ?? `${node.name} is`;
    ev.fail('YC2002', `${what} not allowed in a config: configs are evaluated, never executed`, firstLine(ev, node));
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    for (const name of boundNames(ev, node)) {
      if (name !== '_base_') ev.globals.set(name, UNKNOWN);
    }
  }
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
      if (isDunder(name)) ev.fail('YC2004', `name '${name}' is not allowed in a config`, t);
      if (name === '_base_') ev.fail('YC1004', 'cannot rebind _base_ (it names the merged bases)', t);
      ev.globals.set(name, value);
      spans.set(name, span);
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
    if (isDunder(name) || name === '_base_') ev.fail(isDunder(name) ? 'YC2004' : 'YC1004', `cannot assign to '${name}'`, target!);
    read = () => ev.expr(target!);
    write = (v) => {
      ev.globals.set(name, v);
      spans.set(name, span);
    };
  } else if (target!.name === 'MemberExpression') {
    const cs = kids(target!);
    const obj = ev.expr(cs[0]!);
    if (cs[1]?.name === '.') {
      const name = ev.text(cs[2]!);
      if (name.startsWith('__')) ev.fail('YC2004', `attribute '${name}' is not allowed in a config`, cs[2]!);
      read = () => ev.at(target!, () => getAttr(obj, name, ev.base));
      write = (v) => ev.at(target!, () => setAttr(obj, name, v, span));
    } else {
      const key: Val | PySlice = ev.subscript(cs.slice(2, -1), target!);
      read = () => ev.at(target!, () => getItem(obj, key));
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
