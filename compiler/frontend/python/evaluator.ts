/**
 * The expression evaluator: walks @lezer/python's tree and computes Python values for the safe
 * subset configs use. Nothing is executed: every construct is interpreted here, anything outside
 * the subset is a diagnostic. Errors abort the statement they occur in (recorded once, with the
 * innermost expression's span); limits (steps, depth, sizes) abort the whole evaluation.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Diagnostic, LineMap, Span } from '../../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../values.js';
import { PySlice, getAttr, getItem } from './access.js';
import { FORBIDDEN, TYPE_NAMES, callBuiltin, isBuiltin } from './builtins.js';
import { iterate, iterOf, materialize, strKey, type Arg, type Runtime } from './iterate.js';
import { formatValue } from './format.js';
import { decodeEscapes, decodeString, parseNumber, splitStringToken } from './literals.js';
import { callMethod, hasMethod } from './methods.js';
import { PyError, PyType, asPy, pyRepr, pyStr, truthy, typeName, type Val } from './objects.js';
import { binaryOp, compareOp, unaryOp, type SizeLimits } from './ops.js';
import { kids, isExpr, isDunder, opText } from './tree.js';

/** A name whose assignment failed: reads of it abort silently, so one error is reported once. */
export const UNKNOWN = Symbol('unknown');
/** A scope binding. */
export type Binding = Val | typeof UNKNOWN;

/** The statement was abandoned; its diagnostic (if any) is already recorded. */
export class Abort extends Error {}
/** A limit was exceeded: evaluation stops; the diagnostic is already recorded. */
export class Fatal extends Error {}

/** All limits the evaluator enforces. */
export interface Limits extends SizeLimits {
  maxSteps: number;
  maxDepth: number;
}

const COMPARE = new Set(['<', '>', '==', '!=', '<=', '>=', '<>', 'in', 'not in', 'is', 'is not']);
const UNSUPPORTED_EXPR: Record<string, string> = {
  LambdaExpression: 'lambda expressions are not allowed in a config',
  SetExpression: 'set literals are not supported in a config (MMEngine cannot dump them); use a list or tuple',
  SetComprehensionExpression: 'set comprehensions are not supported in a config; use a list comprehension',
  NamedExpression: "assignment expressions (':=') are not supported in a config",
  AwaitExpression: "'await' is not allowed in a config",
  YieldExpression: "'yield' is not allowed in a config",
  Ellipsis: "'...' (Ellipsis) is not supported in a config",
};

type BoolItem = SyntaxNode | 'and' | 'or' | 'not';

/** Evaluates expressions against a module scope; statements.ts drives it. */
export class Evaluator implements Runtime {
  readonly globals = new Map<string, Binding>();
  /** Comprehension scopes, innermost last. */
  readonly locals: Map<string, Binding>[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private steps = 0;
  private depth = 0;

  constructor(
    readonly src: string,
    readonly lines: LineMap,
    readonly base: PyDict,
    readonly lim: Limits,
  ) {}

  get limits(): SizeLimits {
    return this.lim;
  }

  // Loops re-evaluate the same nodes; @lezer builds fresh node objects on every walk, so the
  // children and operators are memoised by position (from, to, node type).
  private readonly kidCache = new Map<number, { to: number; type: number; kids: SyntaxNode[]; op?: string }[]>();

  private memo(node: SyntaxNode): { to: number; type: number; kids: SyntaxNode[]; op?: string } {
    let list = this.kidCache.get(node.from);
    if (list) {
      for (const e of list) if (e.to === node.to && e.type === node.type.id) return e;
    } else this.kidCache.set(node.from, (list = []));
    const e = { to: node.to, type: node.type.id, kids: kids(node) };
    list.push(e);
    return e;
  }

  /** The children of a node, without comments (memoised). */
  kids(node: SyntaxNode): SyntaxNode[] {
    return this.memo(node).kids;
  }

  /** The operator of a BinaryExpression (memoised). */
  op(node: SyntaxNode): string {
    const e = this.memo(node);
    return (e.op ??= opText(this, node));
  }

  /** Charges evaluation steps (Runtime). */
  tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.lim.maxSteps) {
      throw new PyError('YC2901', `evaluation exceeded ${this.lim.maxSteps} steps (a huge loop or comprehension?)`, true);
    }
  }

  /** The span of a node. */
  span(node: SyntaxNode): Span {
    return this.lines.span(node.from, node.to);
  }

  /** The source text of a node. */
  text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  /** Records a diagnostic. */
  report(code: string, message: string, at: SyntaxNode | Span): void {
    const span = 'file' in at ? at : this.span(at);
    this.diagnostics.push({ code, severity: 'error', message, span });
  }

  /** Records a diagnostic and abandons the statement. */
  fail(code: string, message: string, at: SyntaxNode | Span): never {
    this.report(code, message, at);
    throw new Abort();
  }

  /** Runs `fn`, turning a PyError into a diagnostic at `node`. */
  at<T>(node: SyntaxNode, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof PyError) {
        this.report(e.code, e.message, node);
        throw e.fatal ? new Fatal() : new Abort();
      }
      throw e;
    }
  }

  /** Evaluates every node, reporting each failure, then aborts if any failed. */
  each<T>(nodes: readonly T[], fn: (n: T) => void): void {
    let failed = false;
    for (const n of nodes) {
      try {
        fn(n);
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        failed = true;
      }
    }
    if (failed) throw new Abort();
  }

  /** Evaluates an expression node. */
  expr(node: SyntaxNode): Val {
    this.depth++;
    try {
      return this.at(node, () => {
        if (this.depth > this.lim.maxDepth) {
          throw new PyError('YC2902', `expression nesting deeper than ${this.lim.maxDepth} levels`, true);
        }
        this.tick();
        return this.exprInner(node);
      });
    } finally {
      this.depth--;
    }
  }

  private exprInner(node: SyntaxNode): Val {
    switch (node.name) {
      case 'Number': return parseNumber(this.text(node));
      case 'String': return decodeString(this.text(node));
      case 'FormatString': return this.fstring(node);
      case 'ContinuedString': {
        let s = '';
        for (const part of this.kids(node)) {
          s += part.name === 'FormatString' ? this.fstring(part) : decodeString(this.text(part));
          if (s.length > this.lim.maxLength) throw new PyError('YC2904', 'string too long', true);
        }
        return s;
      }
      case 'Boolean': return this.text(node) === 'True';
      case 'None': return null;
      case 'VariableName': return this.name(node);
      case 'ParenthesizedExpression': {
        const inner = this.kids(node).filter(isExpr);
        if (inner.length !== 1) throw new PyError('YC1001', 'invalid syntax');
        return this.expr(inner[0]!);
      }
      case 'TupleExpression': {
        const { items, spans } = this.sequence(this.kids(node));
        return new PyTuple(items, spans);
      }
      case 'ArrayExpression': {
        const { items, spans } = this.sequence(this.kids(node));
        return new PyList(items, spans);
      }
      case 'DictionaryExpression': return this.dict(node);
      case 'ArrayComprehensionExpression': {
        const { items, spans } = this.comprehension(this.kids(node).slice(1, -1));
        return new PyList(items, spans);
      }
      case 'ComprehensionExpression': {
        const { items } = this.comprehension(this.kids(node).slice(1, -1));
        return iterOf('generator', () => items);
      }
      case 'DictionaryComprehensionExpression': return this.dictComprehension(this.kids(node).slice(1, -1));
      case 'UnaryExpression': {
        const [op, operand] = this.kids(node);
        if (op!.name === 'not') return this.boolean(node);
        const v = this.expr(operand!);
        return unaryOp(this.text(op!), v);
      }
      case 'BinaryExpression': return this.binary(node);
      case 'ConditionalExpression': {
        const [body, , cond, , orelse] = this.kids(node).filter((n) => isExpr(n) || n.name === 'if' || n.name === 'else');
        return truthy(this.expr(cond!)) ? this.expr(body!) : this.expr(orelse!);
      }
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return this.call(node);
    }
    const why = UNSUPPORTED_EXPR[node.name];
    if (why) throw new PyError('YC2003', why);
    throw new PyError('YC2003', `unsupported expression (${node.name}) in a config`);
  }

  /** Looks a name up: comprehension scopes, module globals, `_base_`, then builtins. */
  lookup(name: string): Binding | undefined {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const v = this.locals[i]!.get(name);
      if (v !== undefined) return v;
    }
    if (this.globals.has(name)) return this.globals.get(name);
    if (name === '_base_') return this.base;
    return undefined;
  }

  private name(node: SyntaxNode): Val {
    const name = this.text(node);
    if (isDunder(name)) throw new PyError('YC2004', `name '${name}' is not allowed in a config (dunder names reach Python internals)`);
    const v = this.lookup(name);
    if (v === UNKNOWN) throw new Abort();
    if (v !== undefined) return v;
    if (TYPE_NAMES.has(name)) return new PyType(name);
    if (isBuiltin(name)) throw new PyError('YC2013', `builtin function '${name}' can only be called in a config`);
    if (FORBIDDEN.has(name)) throw new PyError('YC2005', `'${name}' is not allowed in a config: configs are evaluated, never executed`);
    throw new PyError('YC2001', `name '${name}' is not defined`);
  }

  /** Items of a tuple/list display or a bare `a, *b` list, with `*x` unpacked. */
  sequence(children: readonly SyntaxNode[]): { items: Py[]; spans: (Span | undefined)[] } {
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
    this.each(parts, ({ node, star: unpack }) => {
      const v = this.expr(node);
      if (unpack) {
        const got = this.at(node, () => {
          if (v === null || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number') {
            throw new PyError('YC2006', `Value after * must be an iterable, not ${typeName(v)}`);
          }
          return materialize(v, this);
        });
        got.items.forEach((x, i) => {
          items.push(x);
          spans.push(got.spans[i]);
        });
      } else {
        items.push(this.at(node, () => asPy(v)));
        spans.push(this.span(node));
      }
      if (items.length > this.lim.maxLength) {
        this.at(node, () => { throw new PyError('YC2904', `sequence exceeds the limit of ${this.lim.maxLength} items`, true); });
      }
    });
    return { items, spans };
  }

  private dict(node: SyntaxNode): PyDict {
    const d = new PyDict();
    d.span = this.span(node);
    const cs = this.kids(node).slice(1, -1).filter((c) => c.name !== ',');
    const entries: { key?: SyntaxNode; value: SyntaxNode }[] = [];
    for (let i = 0; i < cs.length; i++) {
      if (cs[i]!.name === '**') entries.push({ value: cs[++i]! });
      else {
        entries.push({ key: cs[i]!, value: cs[i + 2]! });
        i += 2;
      }
    }
    this.each(entries, ({ key, value }) => {
      if (!key) {
        const src = this.expr(value);
        this.at(value, () => {
          if (!(src instanceof PyDict)) throw new PyError('YC2006', `'${typeName(src)}' object is not a mapping`);
          for (const [k, v] of src.map) d.set(k, v, src.spans.get(k));
        });
        return;
      }
      const k = this.expr(key);
      const v = this.expr(value);
      this.at(key, () => d.set(strKey(k), asPy(v), this.span(value)));
    });
    return d;
  }

  /** Runs comprehension clauses, calling `emit` for each binding of the loop variables. */
  private clauses(parts: readonly SyntaxNode[], emit: () => void): void {
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
        this.fail('YC2003', "'async for' is not allowed in a config", p);
      }
    }
    const scope = new Map<string, Binding>();
    this.locals.push(scope);
    try {
      const loop = (k: number): void => {
        if (k === fors.length) {
          emit();
          return;
        }
        const f = fors[k]!;
        if (!f.iter) this.fail('YC1001', 'invalid comprehension', parts[0]!);
        const source = this.expr(f.iter);
        const it = this.at(f.iter, () => iterate(source, this));
        for (;;) {
          const next = this.at(f.iter, () => it.next());
          if (next.done) break;
          this.bindLocal(f.targets, next.value, scope);
          if (f.conds.every((c) => truthy(this.expr(c)))) loop(k + 1);
        }
      };
      loop(0);
    } finally {
      this.locals.pop();
    }
  }

  private bindLocal(targets: SyntaxNode[], value: Py, scope: Map<string, Binding>): void {
    if (targets.length === 1 && targets[0]!.name === 'VariableName') {
      scope.set(this.text(targets[0]!), value);
      return;
    }
    const inner = targets.length === 1 ? this.kids(targets[0]!).filter((n) => isExpr(n) || n.name === '*') : targets;
    if (targets.length === 1 && !['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(targets[0]!.name)) {
      this.fail('YC1004', `cannot assign to ${targets[0]!.name} in a comprehension`, targets[0]!);
    }
    const got = this.at(targets[0]!, () => materialize(value, this)).items;
    if (got.length !== inner.length) {
      this.fail('YC2011', got.length > inner.length ? `too many values to unpack (expected ${inner.length})` : `not enough values to unpack (expected ${inner.length}, got ${got.length})`, targets[0]!);
    }
    inner.forEach((t, i) => this.bindLocal([t], got[i]!, scope));
  }

  private comprehension(parts: readonly SyntaxNode[]): { items: Py[]; spans: Span[] } {
    const elem = parts[0]!;
    const items: Py[] = [];
    const spans: Span[] = [];
    const span = this.span(elem);
    this.clauses(parts.slice(1), () => {
      items.push(this.at(elem, () => asPy(this.expr(elem))));
      spans.push(span);
      if (items.length > this.lim.maxLength) this.at(elem, () => { throw new PyError('YC2904', 'comprehension result too large', true); });
    });
    return { items, spans };
  }

  private dictComprehension(parts: readonly SyntaxNode[]): PyDict {
    const [key, , value] = parts;
    const d = new PyDict();
    d.span = this.lines.span(parts[0]!.from, parts.at(-1)!.to);
    this.clauses(parts.slice(3), () => {
      const k = this.expr(key!);
      const v = this.expr(value!);
      this.at(key!, () => d.set(strKey(k), asPy(v), this.span(value!)));
    });
    return d;
  }

  private fstring(node: SyntaxNode): string {
    const text = this.text(node);
    const tok = splitStringToken(text);
    if (!tok) throw new PyError('YC1001', 'unterminated f-string');
    if (tok.prefix.includes('b')) throw new PyError('YC1003', 'bytes literals are not supported in a config');
    const raw = tok.prefix.includes('r');
    const bodyStart = node.from + tok.bodyOffset;
    const bodyEnd = node.to - tok.quote.length;
    let out = '';
    let pos = bodyStart;
    for (const rep of this.kids(node).filter((c) => c.name === 'FormatReplacement')) {
      out += decodeEscapes(this.src.slice(pos, rep.from), raw, true);
      const parts = this.kids(rep);
      const exprNode = parts.find(isExpr);
      if (!exprNode) this.fail('YC1001', 'f-string: empty expression not allowed', rep);
      const v = this.expr(exprNode);
      const conv = parts.find((p) => p.name === 'FormatConversion');
      const specNode = parts.find((p) => p.name === 'FormatSpec');
      const shown = conv && this.text(conv) !== '!s' ? pyRepr(v, this.lim.maxLength) : v;
      out += specNode ? this.at(specNode, () => formatValue(shown, this.formatSpec(specNode))) : pyStr(shown);
      if (out.length > this.lim.maxLength) throw new PyError('YC2904', 'string too long', true);
      pos = rep.to;
    }
    return out + decodeEscapes(this.src.slice(pos, bodyEnd), raw, true);
  }

  /** The text of an f-string format spec after its ':', with nested `{...}` evaluated. */
  private formatSpec(spec: SyntaxNode): string {
    let out = '';
    let pos = spec.from + 1;
    for (const rep of this.kids(spec).filter((c) => c.name === 'FormatReplacement')) {
      out += this.src.slice(pos, rep.from);
      const inner = this.kids(rep).find(isExpr);
      if (!inner) this.fail('YC1001', 'f-string: empty expression not allowed', rep);
      out += pyStr(this.expr(inner));
      pos = rep.to;
    }
    return out + this.src.slice(pos, spec.to);
  }

  private binary(node: SyntaxNode): Val {
    const op = this.op(node);
    if (op === 'and' || op === 'or') return this.boolean(node);
    if (COMPARE.has(op)) return this.comparison(node);
    // Left-associative chains (a + b + c + ...) are walked iteratively, so long sums do not
    // count against the nesting limit.
    const chain: SyntaxNode[] = [node];
    for (;;) {
      const left = this.kids(chain.at(-1)!)[0]!;
      if (left.name !== 'BinaryExpression') break;
      const lop = this.op(left);
      if (lop === 'and' || lop === 'or' || COMPARE.has(lop)) break;
      chain.push(left);
    }
    let acc = this.expr(this.kids(chain.at(-1)!)[0]!);
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i]!;
      const cs = this.kids(n);
      const right = this.expr(cs.at(-1)!);
      const a = acc;
      acc = this.at(n, () => binaryOp(this.op(n), a, right, this.lim));
      if (i > 0) this.tick();
    }
    return acc;
  }

  private comparison(node: SyntaxNode): boolean {
    const operands: SyntaxNode[] = [];
    const ops: { op: string; node: SyntaxNode }[] = [];
    let n = node;
    for (;;) {
      const cs = this.kids(n);
      operands.unshift(cs.at(-1)!);
      ops.unshift({ op: this.op(n), node: n });
      const left = cs[0]!;
      if (left.name === 'BinaryExpression' && COMPARE.has(this.op(left))) n = left;
      else {
        operands.unshift(left);
        break;
      }
    }
    let left = this.expr(operands[0]!);
    for (let i = 0; i < ops.length; i++) {
      const right = this.expr(operands[i + 1]!);
      const l = left;
      if (!this.at(ops[i]!.node, () => compareOp(ops[i]!.op === '<>' ? '!=' : ops[i]!.op, l, right))) return false;
      left = right;
    }
    return true;
  }

  /**
   * `and`/`or`/`not`. @lezer/python 1.1 binds `not` looser than `and`/`or` (`not a and b`
   * parses as `not (a and b)`), so the region is flattened back to its token order and
   * re-parsed with Python's precedence: or < and < not.
   */
  private boolean(node: SyntaxNode): Val {
    const toks: BoolItem[] = [];
    const flatten = (n: SyntaxNode, depth: number): void => {
      if (depth > this.lim.maxDepth) {
        this.at(n, () => { throw new PyError('YC2902', `expression nesting deeper than ${this.lim.maxDepth} levels`, true); });
      }
      const cs = this.kids(n);
      if (n.name === 'UnaryExpression' && cs[0]!.name === 'not') {
        toks.push('not');
        flatten(cs[1]!, depth + 1);
      } else if (n.name === 'BinaryExpression' && ['and', 'or'].includes(this.op(n))) {
        flatten(cs[0]!, depth + 1);
        toks.push(this.op(n) as 'and' | 'or');
        flatten(cs.at(-1)!, depth + 1);
      } else toks.push(n);
    };
    flatten(node, 0);
    let pos = 0;
    const not = (): Val => {
      let count = 0;
      while (toks[pos] === 'not') {
        count++;
        pos++;
      }
      const v = this.expr(toks[pos++] as SyntaxNode);
      return count ? (count % 2 === 1 ? !truthy(v) : truthy(v)) : v;
    };
    // Short-circuit: a skipped operand is consumed without being evaluated.
    const skip = (stopAt: 'and' | 'or'): void => {
      while (pos < toks.length && toks[pos] !== stopAt && !(stopAt === 'and' && toks[pos] === 'or')) pos++;
    };
    const and = (): Val => {
      let v = not();
      while (toks[pos] === 'and') {
        pos++;
        if (!truthy(v)) skip('and');
        else v = not();
      }
      return v;
    };
    let v = and();
    while (toks[pos] === 'or') {
      pos++;
      if (truthy(v)) skip('or');
      else v = and();
    }
    return v;
  }

  private member(node: SyntaxNode): Val {
    const cs = this.kids(node);
    const obj = cs[0]!;
    if (cs[1]?.name === '.') {
      const prop = cs[2]!;
      const name = this.text(prop);
      if (name.startsWith('__')) this.fail('YC2004', `attribute '${name}' is not allowed in a config (dunder attributes reach Python internals)`, prop);
      const v = this.expr(obj);
      return this.at(node, () => getAttr(v, name, this.base));
    }
    const v = this.expr(obj);
    const key = this.subscript(cs.slice(2, -1), node);
    return this.at(node, () => getItem(v, key));
  }

  /** The key inside `[...]`: an expression, a tuple of them, or a slice. */
  subscript(cs: readonly SyntaxNode[], node: SyntaxNode): Val | PySlice {
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) {
      if (c.name === ',') groups.push([]);
      else groups.at(-1)!.push(c);
    }
    if (groups.length > 1 || groups[0]!.length === 0) {
      if (groups.some((g) => g.some((c) => c.name === ':'))) this.fail('YC2003', 'multi-dimensional slices are not supported', node);
      const items = groups.filter((g) => g.length).map((g) => asPy(this.expr(g[0]!)));
      return new PyTuple(items);
    }
    const g = groups[0]!;
    if (!g.some((c) => c.name === ':')) return this.expr(g[0]!);
    const parts: Val[] = [null, null, null];
    let k = 0;
    for (const c of g) {
      if (c.name === ':') k++;
      else parts[k] = this.expr(c);
    }
    return new PySlice(parts[0]!, parts[1]!, parts[2]!);
  }

  /** Evaluates a call's arguments: positional (with *x) and keyword (with **x). */
  args(argList: SyntaxNode): { args: Arg[]; kw: Map<string, Arg> } {
    const cs = this.kids(argList).slice(1, -1);
    const args: Arg[] = [];
    const kw = new Map<string, Arg>();
    if (cs.some((c) => c.name === 'for')) {
      const { items } = this.comprehension(cs);
      args.push({ value: iterOf('generator', () => items), span: this.span(argList) });
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
        parts.push({ kind: 'kw', node: cs[i + 2]!, name: this.text(c) });
        i += 2;
      } else parts.push({ kind: 'pos', node: c });
    }
    const dup = (name: string, at: SyntaxNode): void => {
      if (kw.has(name)) this.fail('YC2006', `keyword argument repeated: ${name}`, at);
    };
    this.each(parts, (p) => {
      const v = this.expr(p.node);
      const span = this.span(p.node);
      if (p.kind === 'pos') args.push({ value: v, span });
      else if (p.kind === 'kw') {
        dup(p.name!, p.node);
        kw.set(p.name!, { value: v, span });
      } else if (p.kind === 'star') {
        const got = this.at(p.node, () => materialize(v, this));
        got.items.forEach((x, i) => args.push({ value: x, span: got.spans[i] }));
      } else {
        if (!(v instanceof PyDict)) this.fail('YC2006', `argument after ** must be a mapping, not ${typeName(v)}`, p.node);
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
  private isinstance(argList: SyntaxNode): boolean {
    const cs = this.kids(argList).filter(isExpr);
    if (cs.length !== 2 || this.kids(argList).some((c) => c.name === 'AssignOp' || c.name === '*' || c.name === '**')) {
      this.fail('YC2006', `isinstance expected 2 arguments, got ${cs.length}`, argList);
    }
    const x = this.expr(cs[0]!);
    const types = (n: SyntaxNode): string[] => {
      if (n.name === 'TupleExpression' || n.name === 'ParenthesizedExpression') return this.kids(n).filter(isExpr).flatMap(types);
      const t = this.expr(n);
      if (!(t instanceof PyType)) this.fail('YC2006', 'isinstance() arg 2 must be a type, a tuple of types, or a union', n);
      return [t.name];
    };
    const name = typeName(x);
    return types(cs[1]!).some((t) => t === name || (t === 'int' && name === 'bool'));
  }

  private call(node: SyntaxNode): Val {
    const [callee, argList] = this.kids(node);
    if (callee!.name === 'VariableName') {
      const name = this.text(callee!);
      if (isDunder(name)) this.fail('YC2004', `'${name}' is not allowed in a config`, callee!);
      const bound = this.lookup(name);
      if (bound === UNKNOWN) throw new Abort();
      if (bound !== undefined && !(bound instanceof PyType && isBuiltin(bound.name))) {
        this.fail('YC2006', `'${typeName(bound)}' object is not callable`, callee!);
      }
      const fn = bound instanceof PyType ? bound.name : name;
      if (!isBuiltin(fn)) {
        if (FORBIDDEN.has(fn)) this.fail('YC2005', `'${fn}' is not allowed in a config: configs are evaluated, never executed`, callee!);
        this.fail('YC2001', `name '${fn}' is not defined`, callee!);
      }
      if (fn === 'isinstance') return this.isinstance(argList!);
      const { args, kw } = this.args(argList!);
      const result = callBuiltin(fn, args, kw, this);
      // dict(...) is where configs write most dicts: it gets the call's span, as a literal would.
      if (result instanceof PyDict && !result.span) result.span = this.span(node);
      return result;
    }
    if (callee!.name === 'MemberExpression' && this.kids(callee!)[1]?.name === '.') {
      const [objNode, , prop] = this.kids(callee!);
      const name = this.text(prop!);
      if (name.startsWith('__')) this.fail('YC2004', `attribute '${name}' is not allowed in a config`, prop!);
      const obj = this.expr(objNode!);
      if (hasMethod(obj, name)) {
        const { args, kw } = this.args(argList!);
        return callMethod(obj, name, args, kw, this);
      }
      const v = this.at(callee!, () => getAttr(obj, name, this.base));
      this.fail('YC2006', `'${typeName(v)}' object is not callable`, callee!);
    }
    const v = this.expr(callee!);
    this.fail('YC2006', `'${typeName(v)}' object is not callable`, callee!);
  }
}
