/**
 * Parsing: the pre-pass (scan.ts), @lezer/python, and the syntax diagnostics (YC1xxx) from the
 * error nodes its recovering parser leaves, in CPython's words where hints.ts knows them, plus
 * what CPython's tokenizer refuses first (indentation, unterminated strings, stray brackets).
 */
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { LineMap, type Diagnostic } from '../../diagnostics/types.js';
import { insideEarlierBracket, lexPython, parserHint } from './hints.js';
import { scanSource } from './scan.js';
import { kids } from './tree.js';

/** A parsed module: its tree, top-level statements, and which of them hold syntax errors. */
export interface ParsedModule {
  tree: Tree;
  lines: LineMap;
  statements: SyntaxNode[];
  /** Start offsets of top-level statements that contain a syntax error: not evaluated. */
  broken: Set<number>;
  diagnostics: Diagnostic[];
}

/** The result of the depth pre-check, when the source nests too deeply to parse safely. */
export interface TooDeep {
  tooDeepAt: number;
}

let cache: { text: string; file: string; maxDepth: number; result: ParsedModule | TooDeep } | undefined;

/** `a < not b`, `a + not b`, `-not a`: @lezer/python accepts them, Python does not (`not`
 *  binds looser than comparisons and arithmetic, so it cannot be their operand). */
function misplacedNot(u: SyntaxNode): boolean {
  const p = u.parent;
  if (!p) return false;
  if (p.name === 'UnaryExpression') return p.firstChild?.name !== 'not';
  return p.name === 'BinaryExpression' && p.firstChild?.from !== u.from && !isBoolOp(p);
}

function isBoolOp(p: SyntaxNode): boolean {
  for (let c = p.firstChild; c; c = c.nextSibling) if (c.name === 'and' || c.name === 'or') return true;
  return false;
}

function describeAt(text: string, from: number, to: number): string {
  if (to > from) return `invalid syntax: unexpected '${text.slice(from, Math.min(to, from + 40)).split('\n')[0]}'`;
  if (text.slice(from).trim() === '') return 'invalid syntax: unexpected end of file (incomplete statement?)';
  const eol = text.indexOf('\n', from);
  if (/^\s*(#.*)?$/.test(text.slice(from, eol < 0 ? text.length : eol))) return 'invalid syntax: unexpected end of line (incomplete statement?)';
  const next = /^\s*(\S{1,20})/.exec(text.slice(from));
  return next ? `invalid syntax near '${next[1]}'` : 'invalid syntax';
}

/** Parses `text` (memoised for the last text, as readBases and evaluatePython both parse it). */
export function parseModule(text: string, file: string, maxDepth: number): ParsedModule | TooDeep {
  if (cache && cache.text === text && cache.file === file && cache.maxDepth === maxDepth) return cache.result;
  const scan = scanSource(text, maxDepth);
  let result: ParsedModule | TooDeep;
  if (scan.tooDeepAt !== undefined) result = { tooDeepAt: scan.tooDeepAt };
  else result = parsePatched(text, scan.patched, file);
  cache = { text, file, maxDepth, result };
  return result;
}

function parsePatched(text: string, patched: string, file: string): ParsedModule {
  const tree = parser.parse(patched);
  const lines = new LineMap(file, text);
  const top = tree.topNode;
  const statements = kids(top);
  const broken = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  const reportedLines = new Set<number>();
  // Recovery often leaves a second, empty error node where the first one ended.
  const seen = new Set<number>();
  const push = (code: string, message: string, from: number, to: number): void => {
    const span = lines.span(from, to);
    if (reportedLines.has(span.line)) return;
    reportedLines.add(span.line);
    diagnostics.push({ code, severity: 'error', message, span });
  };
  // What CPython's tokenizer refuses comes first (it stops there): unterminated strings,
  // unmatched brackets, indentation. The statement holding it is not evaluated.
  const lex = lexPython(text, lines);
  const topAt = (offset: number): SyntaxNode | undefined => {
    const line = lines.position(offset).line;
    return statements.find((s) => s.from <= offset && offset < s.to) ??
      statements.find((s) => s.from >= offset && lines.position(s.from).line === line) ??
      statements.find((s) => s.from <= offset && offset <= s.to);
  };
  for (const e of [...lex.errors].sort((a, b) => a.from - b.from)) {
    const top = topAt(e.from);
    if (top) broken.add(top.from);
    push(e.code, e.message, e.from, e.to);
  }
  tree.iterate({
    enter: (ref) => {
      if (ref.name === 'UnaryExpression') {
        const u = ref.node;
        if (u.firstChild?.name === 'not' && misplacedNot(u)) {
          let top: SyntaxNode = u;
          while (top.parent && top.parent.parent) top = top.parent;
          if (!broken.has(top.from)) {
            broken.add(top.from);
            push('YC1001', "invalid syntax: 'not' needs parentheses here", u.from, u.to);
          }
        }
        return;
      }
      if (!ref.type.isError) return;
      let n: SyntaxNode = ref.node;
      while (n.parent && n.parent.parent) n = n.parent;
      if (seen.has(ref.from)) return false;
      seen.add(ref.from);
      if (n.type.isError) {
        if (!insideEarlierBracket(lex, ref.from, n.from)) push('YC1001', describeAt(text, ref.from, ref.to), ref.from, ref.to);
        return false;
      }
      if (!broken.has(n.from)) {
        broken.add(n.from);
        if (insideEarlierBracket(lex, n.from, n.from)) return false;
        const hint = parserHint(lex, tree, text, n.from, ref.from);
        if (hint) push(hint.code, hint.message, hint.from, hint.to);
        else push('YC1001', describeAt(text, ref.from, ref.to), ref.from, ref.to);
      }
      return false;
    },
  });
  // A statement that starts inside an earlier one's brackets is what recovery made of the rest
  // of that statement (`neck=dict(...))` after a missing comma): not evaluated.
  for (const s of statements) {
    if (broken.size && !broken.has(s.from) && insideEarlierBracket(lex, s.from, s.from)) broken.add(s.from);
  }
  // After an unclosed bracket the tokenizer pass sees no more lines; @lezer/python has
  // recovered there, so an indented statement it found is still an unexpected indent.
  for (const s of statements) {
    if (s.type.isError || broken.has(s.from)) continue;
    const lineStart = text.lastIndexOf('\n', s.from - 1) + 1;
    const before = text.slice(lineStart, s.from).replace(/^\uFEFF/, '');
    if (before.length > 0 && before.trim() === '') {
      broken.add(s.from);
      push('YC1005', 'unexpected indent', lineStart, s.from);
    }
  }
  return { tree, lines, statements: statements.filter((s) => !s.type.isError), broken, diagnostics };
}
