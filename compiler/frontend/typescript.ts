/**
 * The `.ts` config reader. A typed config is
 *   import { defineConfig } from '<path>/schema/define.js';
 *   const img_scale = [640, 640] as const;
 *   export default defineConfig({ model: {...}, ... });
 * It is never executed: the TypeScript parser gives the syntax tree and this module evaluates a
 * small subset (literals, arrays, objects, spreads of earlier consts, arithmetic, references to
 * top-level consts, property and index reads) into the Python value model with spans. Anything
 * else is a diagnostic. Numbers follow the source text: `3` is an int, `3.0`/`1e-3` are floats;
 * `[...] as const` is a tuple.
 */
import { createRequire } from 'node:module';
import type TS from 'typescript';
import { LineMap, type Diagnostic, type PhaseResult, type Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, pyTypeName, type Py } from './values.js';

// The TypeScript compiler is loaded on the first .ts config, not with this module: it costs ~140 MB
// and ~2 s, and every yoloc command imports the front end (most read .py configs).
const requireCjs = createRequire(import.meta.url);
let ts: typeof TS;

class EvalError extends Error {
  constructor(readonly code: string, message: string, readonly node: TS.Node) {
    super(message);
  }
}

/** A use of a const whose own value already failed: that failure was reported, say nothing more. */
class Poisoned extends Error {}

const MAX_DEPTH = 200;

/** A deep copy: a const used twice must not alias (later merges mutate dicts in place). */
function clone(v: Py): Py {
  if (v instanceof PyList) return new PyList(v.items.map(clone), [...v.spans]);
  if (v instanceof PyTuple) return new PyTuple(v.items.map(clone), [...v.spans]);
  if (v instanceof PyDict) {
    const d = new PyDict();
    d.span = v.span;
    for (const [k, x] of v.map) d.set(k, clone(x), v.spans.get(k));
    return d;
  }
  return v;
}

function isIntLiteral(text: string): boolean {
  return /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)n?$/.test(text);
}

class Evaluator {
  readonly consts = new Map<string, Py>();
  /** Names declared anywhere at the top level, to tell "declared later" from "never declared". */
  readonly declared = new Set<string>();
  /** Consts whose initializer failed (already reported). */
  readonly failed = new Set<string>();
  constructor(readonly sf: TS.SourceFile, readonly lines: LineMap) {}

  span(node: TS.Node): Span {
    return this.lines.span(node.getStart(this.sf), node.getEnd());
  }

  fail(node: TS.Node, message: string, code = 'YC4902'): never {
    throw new EvalError(code, message, node);
  }

  eval(node: TS.Expression, depth = 0): Py {
    if (depth > MAX_DEPTH) this.fail(node, 'expression nested too deeply');
    const d = depth + 1;
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
      return this.eval(node.expression, d);
    }
    if (ts.isAsExpression(node)) {
      const inner = this.eval(node.expression, d);
      const isConst = ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(this.sf) === 'const';
      return isConst && inner instanceof PyList ? new PyTuple(inner.items, inner.spans) : inner;
    }
    if (ts.isNumericLiteral(node)) {
      const text = node.getText(this.sf);
      return isIntLiteral(text) ? BigInt(text.replace(/_/g, '').replace(/n$/, '')) : Number(node.text);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isTemplateExpression(node)) {
      let s = node.head.text;
      for (const part of node.templateSpans) {
        const v = this.eval(part.expression, d);
        if (typeof v !== 'string' && typeof v !== 'bigint' && typeof v !== 'number') this.fail(part.expression, `template substitution must be a string or number, got ${pyTypeName(v)}`);
        s += String(v) + part.literal.text;
      }
      return s;
    }
    if (ts.isArrayLiteralExpression(node)) return this.array(node, d);
    if (ts.isObjectLiteralExpression(node)) return this.object(node, d);
    if (ts.isIdentifier(node)) return this.reference(node);
    if (ts.isPrefixUnaryExpression(node)) return this.unary(node, d);
    if (ts.isBinaryExpression(node)) return this.binary(node, d);
    if (ts.isPropertyAccessExpression(node)) return this.member(node, this.eval(node.expression, d), node.name.text);
    if (ts.isElementAccessExpression(node)) {
      const key = this.eval(node.argumentExpression, d);
      return this.member(node, this.eval(node.expression, d), key);
    }
    if (ts.isCallExpression(node)) this.fail(node, 'calls are not evaluated in a .ts config (only the outer defineConfig(...))');
    return this.fail(node, `${ts.SyntaxKind[node.kind]} is not supported in a .ts config`);
  }

  private array(node: TS.ArrayLiteralExpression, d: number): PyList {
    const out = new PyList([], []);
    for (const el of node.elements) {
      if (ts.isSpreadElement(el)) {
        const v = this.eval(el.expression, d);
        if (!(v instanceof PyList || v instanceof PyTuple)) this.fail(el, `only a list or tuple can be spread into a list, got ${pyTypeName(v)}`);
        v.items.forEach((x, i) => { out.items.push(clone(x)); out.spans.push(v.spans[i]); });
      } else if (ts.isOmittedExpression(el)) {
        this.fail(el, 'holes in array literals are not supported');
      } else {
        out.items.push(this.eval(el, d));
        out.spans.push(this.span(el));
      }
    }
    return out;
  }

  private object(node: TS.ObjectLiteralExpression, d: number): PyDict {
    const out = new PyDict();
    out.span = this.span(node);
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) {
        const v = this.eval(p.expression, d);
        if (!(v instanceof PyDict)) this.fail(p, `only a dict can be spread into an object, got ${pyTypeName(v)}`);
        for (const [k, x] of v.map) out.set(k, clone(x), v.spans.get(k));
      } else if (ts.isPropertyAssignment(p)) {
        out.set(this.key(p.name), this.eval(p.initializer, d), this.span(p.initializer));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        out.set(p.name.text, this.reference(p.name), this.span(p.name));
      } else {
        this.fail(p, 'methods and accessors are not supported in a .ts config');
      }
    }
    return out;
  }

  private key(name: TS.PropertyName): string {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isNumericLiteral(name)) return name.text;
    return this.fail(name, 'computed property names are not supported in a .ts config');
  }

  private reference(id: TS.Identifier): Py {
    const v = this.consts.get(id.text);
    if (v !== undefined) return clone(v);
    if (this.failed.has(id.text)) throw new Poisoned();
    if (id.text === 'undefined') this.fail(id, 'undefined has no config value: use null (None)');
    const why = this.declared.has(id.text) ? 'is used before its declaration' : 'is not a top-level const of this file';
    return this.fail(id, `'${id.text}' ${why}`, 'YC4904');
  }

  private unary(node: TS.PrefixUnaryExpression, d: number): Py {
    const v = this.eval(node.operand, d);
    if (node.operator === ts.SyntaxKind.MinusToken && (typeof v === 'bigint' || typeof v === 'number')) return -v;
    if (node.operator === ts.SyntaxKind.PlusToken && (typeof v === 'bigint' || typeof v === 'number')) return v;
    if (node.operator === ts.SyntaxKind.ExclamationToken && typeof v === 'boolean') return !v;
    return this.fail(node, `bad operand type for unary ${ts.tokenToString(node.operator)}: ${pyTypeName(v)}`);
  }

  private binary(node: TS.BinaryExpression, d: number): Py {
    const op = node.operatorToken.kind;
    const a = this.eval(node.left, d);
    const b = this.eval(node.right, d);
    const K = ts.SyntaxKind;
    if (op === K.PlusToken && typeof a === 'string' && typeof b === 'string') return a + b;
    const numeric = (x: Py): x is bigint | number => typeof x === 'bigint' || typeof x === 'number';
    if (!numeric(a) || !numeric(b)) return this.fail(node, `unsupported operand types for ${node.operatorToken.getText(this.sf)}: ${pyTypeName(a)} and ${pyTypeName(b)}`);
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      // int op int stays an int where TypeScript's result is whole: + - * % and ** with a
      // non-negative exponent; `/` is always a float, as in Python.
      if (op === K.PlusToken) return a + b;
      if (op === K.MinusToken) return a - b;
      if (op === K.AsteriskToken) return a * b;
      if (op === K.PercentToken && b !== 0n) return a % b;
      if (op === K.AsteriskAsteriskToken && b >= 0n && b < 1024n) return a ** b;
    }
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case K.PlusToken: return x + y;
      case K.MinusToken: return x - y;
      case K.AsteriskToken: return x * y;
      case K.SlashToken: return x / y;
      case K.PercentToken: return x % y;
      case K.AsteriskAsteriskToken: return x ** y;
      default: return this.fail(node.operatorToken, `operator ${node.operatorToken.getText(this.sf)} is not supported in a .ts config`);
    }
  }

  private member(node: TS.Node, obj: Py, key: Py): Py {
    if (obj instanceof PyDict && typeof key === 'string') {
      const v = obj.get(key);
      if (v === undefined) this.fail(node, `key '${key}' not found`);
      return clone(v);
    }
    if ((obj instanceof PyList || obj instanceof PyTuple) && (typeof key === 'bigint' || (typeof key === 'number' && Number.isInteger(key)))) {
      const i = Number(key);
      const v = obj.items[i < 0 ? obj.items.length + i : i];
      if (v === undefined) this.fail(node, `index ${i} out of range`);
      return clone(v);
    }
    return this.fail(node, `cannot read ${typeof key === 'string' ? `'${key}'` : String(key)} of a ${pyTypeName(obj)}`);
  }
}

/** The object inside `export default defineConfig({...})` (or a bare object literal). */
function defaultExport(ev: Evaluator, expr: TS.Expression): TS.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'defineConfig' && e.arguments.length === 1) return e.arguments[0]!;
  if (ts.isObjectLiteralExpression(e) || ts.isIdentifier(e)) return e;
  return ev.fail(expr, 'the default export must be defineConfig({...}) or an object literal', 'YC4903');
}

/** Reads a `.ts` config without running it; the value is the exported config dict. */
export function evaluateTypeScript(text: string, file: string): PhaseResult<PyDict | null> {
  ts ??= requireCjs('typescript') as typeof TS;
  const lines = new LineMap(file, text);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const parseDiags = (sf as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (parseDiags.length) {
    return {
      value: null,
      diagnostics: parseDiags.map((p) => ({
        code: 'YC4901', severity: 'error' as const, message: ts.flattenDiagnosticMessageText(p.messageText, ' '),
        span: lines.span(p.start, p.start + Math.max(p.length, 1)),
      })),
    };
  }
  const ev: Evaluator = new Evaluator(sf, lines);
  const diagnostics: Diagnostic[] = [];
  const fail = (err: unknown): void => {
    if (err instanceof Poisoned) return;
    if (!(err instanceof EvalError)) throw err;
    diagnostics.push({ code: err.code, severity: 'error', message: err.message, span: ev.span(err.node) });
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const decl of st.declarationList.declarations) if (ts.isIdentifier(decl.name)) ev.declared.add(decl.name.text);
  }
  let result: PyDict | null = null;
  let exported = false;
  for (const st of sf.statements) {
    try {
      if (ts.isImportDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isEmptyStatement(st)) continue;
      if (ts.isVariableStatement(st)) {
        if (!(st.declarationList.flags & ts.NodeFlags.Const)) ev.fail(st.declarationList, 'only const declarations are supported in a .ts config');
        for (const decl of st.declarationList.declarations) {
          if (!ts.isIdentifier(decl.name)) ev.fail(decl.name, 'destructuring is not supported in a .ts config');
          if (!decl.initializer) ev.fail(decl, `const ${decl.name.text} has no value`);
          ev.failed.add(decl.name.text);
          ev.consts.set(decl.name.text, ev.eval(decl.initializer));
          ev.failed.delete(decl.name.text);
        }
        continue;
      }
      if (ts.isExportAssignment(st) && !st.isExportEquals) {
        exported = true;
        const body = defaultExport(ev, st.expression);
        const v = ev.eval(body);
        if (!(v instanceof PyDict)) ev.fail(body, `the config must be a dict, got ${pyTypeName(v)}`, 'YC4903');
        if (v.has('_base_')) {
          const span = v.spans.get('_base_') ?? ev.span(body);
          diagnostics.push({ code: 'YC4905', severity: 'error', span, message: '_base_ is not supported in .ts configs', fix: 'import the base values as consts and spread them ({...base, ...})' });
        }
        result = v;
        continue;
      }
      ev.fail(st, `${ts.SyntaxKind[st.kind]} is not supported in a .ts config (only imports, consts and export default)`);
    } catch (err) {
      fail(err);
    }
  }
  if (!exported && !diagnostics.length) {
    diagnostics.push({ code: 'YC4903', severity: 'error', message: 'no default export: end the file with export default defineConfig({...})', span: lines.span(0, 0) });
  }
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { value: ok ? result : null, diagnostics };
}
