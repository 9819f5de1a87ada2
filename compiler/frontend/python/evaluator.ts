/**
 * The expression evaluator: walks @lezer/python's tree and computes Python values for the safe
 * subset configs use. Nothing is executed: every construct is interpreted here, anything outside
 * the subset is a diagnostic. Errors abort the statement they occur in (recorded once, with the
 * innermost expression's span); limits (steps, depth, sizes) abort the whole evaluation.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Diagnostic, LineMap, Span } from '../../diagnostics/types.js';
import { linkOrigin } from '../origin.js';
import { PyDict, PyList, PyTuple } from '../values.js';
import { typeName } from './objects.js';
import { PySlice, getAttr, getItem } from './access.js';
import { FORBIDDEN, TYPE_NAMES, callBuiltin, isBuiltin } from './builtins.js';
import { call } from './calls.js';
import { comprehension, dictComprehension, dictDisplay, fstring, sequence } from './displays.js';
import { iterOf, type Runtime } from './iterate.js';
import { decodeString, parseNumber } from './literals.js';
import { PyError, PyFunction, PyLazy, PyModule, PyNative, PyType, asPy, truthy, type Val } from './objects.js';
import { configTreeAt } from './configdict.js';
import { UNBOUND, callFunction, defineLambda, type Frame } from './functions.js';
import type { NativeRuntime } from './stdlib.js';
import type { Arg } from './iterate.js';
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
  SetExpression: 'set literals are not supported in a config (MMEngine cannot dump them); use a list or tuple',
  SetComprehensionExpression: 'set comprehensions are not supported in a config; use a list comprehension',
  NamedExpression: "assignment expressions (':=') are not supported in a config",
  AwaitExpression: "'await' is not allowed in a config",
  YieldExpression: "'yield' is not allowed in a config",
  Ellipsis: "'...' (Ellipsis) is not supported in a config",
};

type BoolItem = SyntaxNode | 'and' | 'or' | 'not';

/** How the module is evaluated: a classic config (`_base_`, MMEngine execs it against the merged
 *  bases) or a pure-Python one (MMEngine's lazy-import mode: imports are symbols). */
export type ConfigStyle = 'classic' | 'pure';

/** Evaluates expressions against a module scope; statements.ts drives it. */
export class Evaluator implements Runtime, NativeRuntime {
  readonly globals = new Map<string, Binding>();
  /** Local scopes, innermost last: comprehensions, and in a call the function's own scope over
   *  the scopes it was defined in. */
  locals: Map<string, Binding>[] = [];
  /** The call being evaluated (null at module level). */
  frame: Frame | null = null;
  callDepth = 0;
  readonly diagnostics: Diagnostic[] = [];
  style: ConfigStyle = 'classic';
  /** Names bound by imports (pure-Python style): MMEngine leaves them out of to_dict(). */
  readonly imported = new Set<string>();
  /** Runs a function body (statements.ts installs it; the evaluator knows only expressions). */
  runBody: (body: SyntaxNode) => void = () => {
    throw new Error('no statement runner installed');
  };
  /** The environment for os.environ and expanduser (set by the caller); onEnv is told when read. */
  envVars: Record<string, string | undefined> = {};
  onEnv?: () => void;
  file = '';
  /** Pure-Python style: the modules imported as bases (their imports are applied up front)
   *  and where the `with read_base():` block is. */
  baseModules = new Set<string>();
  readBaseAt = -1;
  /** `_base_` keys already copied into ConfigDict trees (all: every key). */
  private readonly baseDone = new Set<string>();
  private baseAll = false;
  /** The span of each global name's current value (statements.ts writes it). */
  nameSpans = new Map<string, Span>();
  private steps = 0;
  private depth = 0;
  /** The last `a.b` / `a[k]` read and the span of the entry it read, for valueSpan. */
  private lastAccess?: { from: number; to: number; span: Span | undefined };

  constructor(
    readonly src: string,
    readonly lines: LineMap,
    readonly base: PyDict,
    readonly lim: Limits,
  ) {}

  get limits(): SizeLimits {
    return this.lim;
  }

  /** The environment (NativeRuntime). */
  env(): Record<string, string | undefined> {
    this.onEnv?.();
    return this.envVars;
  }

  /**
   * MMEngine's _dict_to_config_dict: a classic config sees its bases as ConfigDicts that share no
   * list or dict. The copy is made per key when the key is first read (`_base_.model`), and of
   * every key when `_base_` itself is handed to something (`_base_.items()`, `dict(_base_)`);
   * the root object stays the one the resolver holds, so it sees the config's writes.
   */
  touchBase(obj: Val, key?: Val): void {
    if (obj !== this.base || this.baseAll || this.style !== 'classic') return;
    if (typeof key === 'string') {
      if (!this.baseDone.has(key)) {
        this.baseDone.add(key);
        configTreeAt(this.base, key);
      }
      return;
    }
    this.baseAll = true;
    for (const k of [...this.base.map.keys()]) if (!this.baseDone.has(k)) configTreeAt(this.base, k);
  }

  /** Calls any callable value: a config function, a standard function, a builtin type. */
  callValue(fn: Val, args: Arg[], kw: Map<string, Arg>): Val {
    if (fn instanceof PyFunction) return callFunction(this, fn, args, kw, (b) => this.runBody(b));
    if (fn instanceof PyNative) return fn.impl(args, kw, this);
    if (fn instanceof PyLazy) throw lazyCall(fn);
    if (fn instanceof PyType && isBuiltin(fn.name)) return callBuiltin(fn.name, args, kw, this);
    throw new PyError('YC2006', `'${typeName(fn)}' object is not callable`);
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

  /** The span of an expression just evaluated, linked to the span of the value it read when
   *  it only passes a value along (a name, `_base_.a.b`, `x[0]`), so diagnostics can follow a
   *  value to the assignment that produced it (origin.ts). */
  valueSpan(node: SyntaxNode): Span {
    const span = this.span(node);
    const source = this.sourceOf(node);
    if (source) linkOrigin(span, source);
    return span;
  }

  private sourceOf(node: SyntaxNode): Span | undefined {
    switch (node.name) {
      case 'VariableName': {
        const name = this.text(node);
        if (this.locals.some((scope) => scope.has(name))) return undefined;
        return this.globals.has(name) ? this.nameSpans.get(name) : undefined;
      }
      case 'ParenthesizedExpression': {
        const inner = this.kids(node).filter(isExpr);
        return inner.length === 1 ? this.sourceOf(inner[0]!) : undefined;
      }
      case 'MemberExpression': {
        const a = this.lastAccess;
        return a && a.from === node.from && a.to === node.to ? a.span : undefined;
      }
    }
    return undefined;
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
      case 'FormatString': return fstring(this, node);
      case 'ContinuedString': {
        let s = '';
        for (const part of this.kids(node)) {
          s += part.name === 'FormatString' ? fstring(this, part) : decodeString(this.text(part));
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
        const { items, spans } = sequence(this, this.kids(node));
        return new PyTuple(items, spans);
      }
      case 'ArrayExpression': {
        const { items, spans } = sequence(this, this.kids(node));
        return new PyList(items, spans);
      }
      case 'DictionaryExpression': return dictDisplay(this, node);
      case 'ArrayComprehensionExpression': {
        const { items, spans } = comprehension(this, this.kids(node).slice(1, -1));
        return new PyList(items, spans);
      }
      case 'ComprehensionExpression': {
        const { items } = comprehension(this, this.kids(node).slice(1, -1));
        return iterOf('generator', () => items);
      }
      case 'DictionaryComprehensionExpression': return dictComprehension(this, this.kids(node).slice(1, -1));
      case 'UnaryExpression': {
        const [op, operand] = this.kids(node);
        if (op!.name === 'not') return this.boolean(node);
        const v = this.operand(operand!);
        return unaryOp(this.text(op!), v);
      }
      case 'BinaryExpression': return this.binary(node);
      case 'ConditionalExpression': {
        const [body, , cond, , orelse] = this.kids(node).filter((n) => isExpr(n) || n.name === 'if' || n.name === 'else');
        return truthy(this.expr(cond!)) ? this.expr(body!) : this.expr(orelse!);
      }
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return call(this, node);
      case 'LambdaExpression': return defineLambda(this, node);
    }
    const why = UNSUPPORTED_EXPR[node.name];
    if (why) throw new PyError('YC2003', why);
    throw new PyError('YC2003', `unsupported expression (${node.name}) in a config`);
  }

  /** Looks a name up: local scopes, module globals, `_base_`, then builtins. */
  lookup(name: string): Binding | undefined {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const v = this.locals[i]!.get(name);
      if (v === (UNBOUND as unknown)) {
        throw new PyError('YC2001', `cannot access local variable '${name}' where it is not associated with a value`);
      }
      if (v !== undefined) return v;
    }
    if (this.globals.has(name)) return this.globals.get(name);
    if (name === '_base_' && this.style === 'classic') {
      this.base.configDict = true;
      return this.base;
    }
    return undefined;
  }

  private name(node: SyntaxNode): Val {
    const name = this.text(node);
    // Both exec without a __name__ global, so the builtins module's one is read.
    if (name === '__name__' && !this.lookup(name)) return 'builtins';
    if (isDunder(name) && !(this.globals.has(name) && name !== '__builtins__')) {
      throw new PyError('YC2004', `name '${name}' is not allowed in a config (dunder names reach Python internals)`);
    }
    const v = this.lookup(name);
    if (v === UNKNOWN) throw new Abort();
    if (v !== undefined) return v;
    if (TYPE_NAMES.has(name)) return new PyType(name);
    if (isBuiltin(name)) throw new PyError('YC2013', `builtin function '${name}' can only be called in a config`);
    if (FORBIDDEN.has(name)) throw new PyError('YC2005', `'${name}' is not allowed in a config: configs are evaluated, never executed`);
    throw new PyError('YC2001', `name '${name}' is not defined`);
  }

  /** An operand of an arithmetic or comparison operator. @lezer/python accepts `a < not b`
   *  and `-not a`, which Python rejects: `not` binds looser than these operators. */
  private operand(node: SyntaxNode): Val {
    if (node.name === 'UnaryExpression' && this.kids(node)[0]?.name === 'not') {
      this.fail('YC1001', "invalid syntax: 'not' needs parentheses here", node);
    }
    return this.expr(node);
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
    let acc = this.operand(this.kids(chain.at(-1)!)[0]!);
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i]!;
      const cs = this.kids(n);
      const right = this.operand(cs.at(-1)!);
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
    let left = this.operand(operands[0]!);
    for (let i = 0; i < ops.length; i++) {
      const right = this.operand(operands[i + 1]!);
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
      if (v === this.base) this.at(node, () => this.touchBase(v, name));
      const got = this.at(node, () => attribute(v, name, this.base));
      this.lastAccess = { from: node.from, to: node.to, span: v instanceof PyDict ? v.spans.get(name) : undefined };
      return got;
    }
    const v = this.expr(obj);
    const key = this.subscript(cs.slice(2, -1), node);
    if (v === this.base) this.at(node, () => this.touchBase(v, key instanceof PySlice ? undefined : key));
    const got = this.at(node, () => getItem(v, key));
    this.lastAccess = { from: node.from, to: node.to, span: entrySpan(v, key) };
    return got;
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

}

/** `obj.name`: an imported name's attribute is another symbol, a standard module's member is
 *  looked up, everything else is ConfigDict-style access. */
export function attribute(obj: Val, name: string, base: PyDict): Val {
  if (obj instanceof PyLazy) return obj.attr(name);
  if (obj instanceof PyModule) {
    const m = obj.members.get(name);
    if (m === undefined) throw new PyError('YC2009', `module '${obj.name}' has no attribute '${name}' that yoloc evaluates`);
    return m;
  }
  if (obj instanceof PyNative && obj.qualname === 'mmengine.config.Config') {
    throw new PyError('YC2005', `Config.${name} would read and run another config file: configs are evaluated, never executed`);
  }
  return getAttr(obj, name, base);
}

/** Calling an imported name: MMEngine's LazyObject raises RuntimeError too. */
export function lazyCall(fn: PyLazy): PyError {
  return new PyError('YC2005', `'${fn.name}' is an imported name (${fn.dotted}): calling it would import and run it; configs are evaluated, never executed (MMEngine refuses it too)`);
}

/** The span of the entry `container[key]` read (a dict key, or a list/tuple index). */
function entrySpan(container: Val, key: Val | PySlice): Span | undefined {
  if (container instanceof PyDict) return typeof key === 'string' ? container.spans.get(key) : undefined;
  if ((container instanceof PyList || container instanceof PyTuple) && typeof key === 'bigint') {
    const n = container.items.length;
    const i = Number(key < 0n ? key + BigInt(n) : key);
    return i >= 0 && i < n ? container.spans[i] : undefined;
  }
  return undefined;
}
