/**
 * Safe code generation: values become TypeScript source only through these writers. Strings
 * go through JSON.stringify (never pasted), numbers must be finite, object keys are written
 * bare only when they are plain identifiers, and names we declare are validated.
 */
import type { Json } from '../frontend/values.js';

const RESERVED = new Set(`break case catch class const continue debugger default delete do else enum export extends
false finally for function if import in instanceof new null return super switch this throw true try typeof var void
while with as implements interface let package private protected public static yield await any boolean number string
symbol type from of undefined never unknown object`.split(/\s+/));

/** True for an ASCII identifier that is not a reserved word. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/** Returns `name` if it is a safe identifier; throws otherwise (a bug in the emitter, not user input). */
export function identifier(name: string): string {
  if (!isIdentifier(name)) throw new Error(`emit: '${name}' is not a valid identifier`);
  return name;
}

/** A single-quoted string literal; quotes, backslashes, control and line-separator characters escaped. */
export function stringLiteral(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + "'";
}

/** A property key: bare when it is an identifier (reserved words are fine as keys), else quoted. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : stringLiteral(key);
}

/** Code the emitter itself made (a validated identifier): written verbatim inside a literal. */
export class Raw {
  constructor(readonly code: string) {}
}

/** A reference to a declared name, for use inside literal(). */
export function ref(name: string): Raw {
  return new Raw(identifier(name));
}

/** JSON plus emitter-made references. */
export type Lit = Json | Raw | Lit[] | { [k: string]: Lit };

/** A number literal; non-finite values cannot come from JSON and are refused. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`emit: non-finite number ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Options of the literal writer. */
export interface LiteralOptions {
  /** Indentation of the line the literal starts on. */
  indent?: string;
  /** Arrays and objects whose one-line form fits in this many characters stay on one line. */
  width?: number;
}

/** A JSON value as a TypeScript expression (multi-line where it does not fit one line). */
export function literal(value: Lit | undefined, opts: LiteralOptions = {}): string {
  return write(value, opts.indent ?? '', opts.width ?? 96);
}

function flat(v: Lit | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (v instanceof Raw) return v.code;
  if (typeof v === 'string') return stringLiteral(v);
  if (typeof v === 'number') return numberLiteral(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(flat).join(', ')}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${propertyKey(k)}: ${flat(x)}`).join(', ')} }`;
}

function write(v: Lit | undefined, indent: string, width: number): string {
  const one = flat(v);
  if (v === null || typeof v !== 'object' || v instanceof Raw || indent.length + one.length <= width) return one;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${write(x, inner, width)},`).join('\n')}\n${indent}]`;
  const lines = Object.entries(v).map(([k, x]) => `${inner}${propertyKey(k)}: ${write(x, inner, width)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Writer body of `/** doc *\/ export const name = init;` (ts-morph re-indents initializers; statements it keeps). */
export function exportConst(name: string, doc: string, init: string): (w: { writeLine(s: string): unknown; blankLine(): unknown }) => void {
  if (doc.includes('*/')) throw new Error('emit: doc comment must not close itself');
  return (w) => {
    w.blankLine();
    w.writeLine(`/** ${doc} */`);
    w.writeLine(`export const ${identifier(name)} = ${init};`);
  };
}
