/**
 * Displays and comprehensions: tuple/list/dict literals (with `*x` and `**x` unpacking),
 * list/dict comprehensions and generator expressions (their own scope, one step per item),
 * and f-strings. Each entry keeps the span of the expression that produced it.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../diagnostics/types.js';
import { PyDict, type Py } from '../values.js';
import type { Binding, Evaluator } from './evaluator.js';
import { formatValue } from './format.js';
import { iterate, materialize, strKey } from './iterate.js';
import { decodeEscapes, splitStringToken } from './literals.js';
import { PyError, asPy, pyRepr, pyStr, truthy, typeName } from './objects.js';
import { isExpr } from './tree.js';

/** Items of a tuple/list display or a bare `a, *b` list, with `*x` unpacked. */
export function sequence(ev: Evaluator, children: readonly SyntaxNode[]): { items: Py[]; spans: (Span | undefined)[] } {
  const items: Py[] = [];
  const spans: (Span | undefined)[] = [];
  let star = false;
  const parts: { node: SyntaxNode; star: boolean }[] = [];
  for (const c of children) {
    if (c.name === '*') star = true;
    else if (isExpr(c)) {
      parts.push({ node: c, star });
      star = false;
    }
  }
  ev.each(parts, ({ node, star: unpack }) => {
    const v = ev.expr(node);
    if (unpack) {
      const got = ev.at(node, () => {
        if (v === null || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number') {
          throw new PyError('YC2006', `Value after * must be an iterable, not ${typeName(v)}`);
        }
        return materialize(v, ev);
      });
      got.items.forEach((x, i) => {
        items.push(x);
        spans.push(got.spans[i]);
      });
    } else {
      items.push(ev.at(node, () => asPy(v)));
      spans.push(ev.valueSpan(node));
    }
    if (items.length > ev.lim.maxLength) {
      ev.at(node, () => { throw new PyError('YC2904', `sequence exceeds the limit of ${ev.lim.maxLength} items`, true); });
    }
  });
  return { items, spans };
}

export function dictDisplay(ev: Evaluator, node: SyntaxNode): PyDict {
  const d = new PyDict();
  d.span = ev.span(node);
  const cs = ev.kids(node).slice(1, -1).filter((c) => c.name !== ',');
  const entries: { key?: SyntaxNode; value: SyntaxNode }[] = [];
  for (let i = 0; i < cs.length; i++) {
    if (cs[i]!.name === '**') entries.push({ value: cs[++i]! });
    else {
      entries.push({ key: cs[i]!, value: cs[i + 2]! });
      i += 2;
    }
  }
  ev.each(entries, ({ key, value }) => {
    if (!key) {
      const src = ev.expr(value);
      if (src === ev.base) ev.at(value, () => ev.touchBase(src));
      ev.at(value, () => {
        if (!(src instanceof PyDict)) throw new PyError('YC2006', `'${typeName(src)}' object is not a mapping`);
        for (const [k, v] of src.map) d.set(k, v, src.spans.get(k));
      });
      return;
    }
    const k = ev.expr(key);
    const v = ev.expr(value);
    ev.at(key, () => d.set(strKey(k), asPy(v), ev.valueSpan(value)));
  });
  return d;
}

/** Runs comprehension clauses, calling `emit` for each binding of the loop variables. */
function clauses(ev: Evaluator, parts: readonly SyntaxNode[], emit: () => void): void {
  const fors: { targets: SyntaxNode[]; iter?: SyntaxNode; conds: SyntaxNode[] }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === 'for') {
      const targets: SyntaxNode[] = [];
      while (i + 1 < parts.length && parts[i + 1]!.name !== 'in') {
        const t = parts[++i]!;
        if (t.name !== ',') targets.push(t);
      }
      i++; // 'in'
      fors.push({ targets, iter: parts[++i], conds: [] });
    } else if (p.name === 'if') {
      fors.at(-1)?.conds.push(parts[++i]!);
    } else if (p.name === 'async') {
      ev.fail('YC2003', "'async for' is not allowed in a config", p);
    }
  }
  const scope = new Map<string, Binding>();
  ev.locals.push(scope);
  try {
    const loop = (k: number): void => {
      if (k === fors.length) {
        emit();
        return;
      }
      const f = fors[k]!;
      if (!f.iter) ev.fail('YC1001', 'invalid comprehension', parts[0]!);
      const source = ev.expr(f.iter);
      const it = ev.at(f.iter, () => iterate(source, ev));
      for (;;) {
        const next = ev.at(f.iter, () => it.next());
        if (next.done) break;
        bindLocal(ev, f.targets, next.value, scope);
        if (f.conds.every((c) => truthy(ev.expr(c)))) loop(k + 1);
      }
    };
    loop(0);
  } finally {
    ev.locals.pop();
  }
}

function bindLocal(ev: Evaluator, targets: SyntaxNode[], value: Py, scope: Map<string, Binding>): void {
  if (targets.length === 1 && targets[0]!.name === 'VariableName') {
    scope.set(ev.text(targets[0]!), value);
    return;
  }
  const inner = targets.length === 1 ? ev.kids(targets[0]!).filter((n) => isExpr(n) || n.name === '*') : targets;
  if (targets.length === 1 && !['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(targets[0]!.name)) {
    ev.fail('YC1004', `cannot assign to ${targets[0]!.name} in a comprehension`, targets[0]!);
  }
  const got = ev.at(targets[0]!, () => materialize(value, ev)).items;
  if (got.length !== inner.length) {
    ev.fail('YC2011', got.length > inner.length ? `too many values to unpack (expected ${inner.length})` : `not enough values to unpack (expected ${inner.length}, got ${got.length})`, targets[0]!);
  }
  inner.forEach((t, i) => bindLocal(ev, [t], got[i]!, scope));
}

export function comprehension(ev: Evaluator, parts: readonly SyntaxNode[]): { items: Py[]; spans: Span[] } {
  const elem = parts[0]!;
  const items: Py[] = [];
  const spans: Span[] = [];
  const span = ev.span(elem);
  clauses(ev, parts.slice(1), () => {
    items.push(ev.at(elem, () => asPy(ev.expr(elem))));
    spans.push(span);
    if (items.length > ev.lim.maxLength) ev.at(elem, () => { throw new PyError('YC2904', 'comprehension result too large', true); });
  });
  return { items, spans };
}

export function dictComprehension(ev: Evaluator, parts: readonly SyntaxNode[]): PyDict {
  const [key, , value] = parts;
  const d = new PyDict();
  d.span = ev.lines.span(parts[0]!.from, parts.at(-1)!.to);
  clauses(ev, parts.slice(3), () => {
    const k = ev.expr(key!);
    const v = ev.expr(value!);
    ev.at(key!, () => d.set(strKey(k), asPy(v), ev.span(value!)));
  });
  return d;
}

export function fstring(ev: Evaluator, node: SyntaxNode): string {
  const text = ev.text(node);
  const tok = splitStringToken(text);
  if (!tok) throw new PyError('YC1001', 'unterminated f-string');
  if (tok.prefix.includes('b')) throw new PyError('YC1003', 'bytes literals are not supported in a config');
  const raw = tok.prefix.includes('r');
  const bodyStart = node.from + tok.bodyOffset;
  const bodyEnd = node.to - tok.quote.length;
  let out = '';
  let pos = bodyStart;
  for (const rep of ev.kids(node).filter((c) => c.name === 'FormatReplacement')) {
    out += decodeEscapes(ev.src.slice(pos, rep.from), raw, true);
    const parts = ev.kids(rep);
    const exprNode = parts.find(isExpr);
    if (!exprNode) ev.fail('YC1001', 'f-string: empty expression not allowed', rep);
    const v = ev.expr(exprNode);
    const conv = parts.find((p) => p.name === 'FormatConversion');
    const specNode = parts.find((p) => p.name === 'FormatSpec');
    const shown = conv && ev.text(conv) !== '!s' ? pyRepr(v, ev.lim.maxLength) : v;
    out += specNode ? ev.at(specNode, () => formatValue(shown, formatSpec(ev, specNode))) : pyStr(shown);
    if (out.length > ev.lim.maxLength) throw new PyError('YC2904', 'string too long', true);
    pos = rep.to;
  }
  return out + decodeEscapes(ev.src.slice(pos, bodyEnd), raw, true);
}

/** The text of an f-string format spec after its ':', with nested `{...}` evaluated. */
function formatSpec(ev: Evaluator, spec: SyntaxNode): string {
  let out = '';
  let pos = spec.from + 1;
  for (const rep of ev.kids(spec).filter((c) => c.name === 'FormatReplacement')) {
    out += ev.src.slice(pos, rep.from);
    const inner = ev.kids(rep).find(isExpr);
    if (!inner) ev.fail('YC1001', 'f-string: empty expression not allowed', rep);
    out += pyStr(ev.expr(inner));
    pos = rep.to;
  }
  return out + ev.src.slice(pos, spec.to);
}
