/**
 * CPython 3.11's wording and location for the common syntax errors, so `yoloc check` says what
 * `python` would: a light tokenizer over the source (strings, comments, brackets, logical lines)
 * finds what CPython's tokenizer refuses first (unterminated strings, unmatched or mismatched
 * closing brackets, indentation), and `parserHint` turns an error node of @lezer/python into
 * CPython's message for it ("'(' was never closed", "Perhaps you forgot a comma?", "Maybe you
 * meant '==' or ':=' instead of '='?").
 */
import type { Tree } from '@lezer/common';
import type { LineMap } from '../../diagnostics/types.js';

/** One token: enough kinds to tell where an expression ends and the next begins. */
interface Token {
  kind: 'name' | 'number' | 'string' | 'open' | 'close' | 'op';
  from: number;
  to: number;
  text: string;
}

/** A syntax error with CPython's message, at [from, to). */
export interface Hint {
  code: string;
  message: string;
  from: number;
  to: number;
}

/** What the tokenizer pass found. */
export interface Lexed {
  tokens: Token[];
  /** For each token, the offset of the innermost bracket open after it (-1: none), and how many are. */
  openAfter: number[];
  depthAfter: number[];
  /** Brackets still open at the end of the file, outermost first. */
  openAtEof: number[];
  /** Errors CPython's tokenizer raises (it stops at the first; we keep one per line). */
  errors: Hint[];
}

const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
]);
const OPS = /(\*\*=|\/\/=|>>=|<<=|\.\.\.|==|!=|<=|>=|:=|->|\*\*|\/\/|<<|>>|[-+*/%&|^@]=|[-+*/%&|^~<>=.,:;@!])/y;
const NUMBER = /(0[xXoObB][0-9a-fA-F_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?[jJ]?)/y;
const WORD = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;

/** A sticky regex's match at `i`, or undefined. */
function matchAt(re: RegExp, text: string, i: number): string | undefined {
  re.lastIndex = i;
  return re.exec(text)?.[0];
}
const CLOSER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const BLOCK_WORDS: Record<string, string> = {
  if: "'if' statement", elif: "'elif' statement", else: "'else' statement", for: "'for' statement",
  while: "'while' statement", with: "'with' statement", try: "'try' statement", except: "'except' statement",
  finally: "'finally' statement", def: 'function definition', class: 'class definition', match: "'match' statement",
  case: "'case' statement",
};

/** A string token starting at `i` (its quote; any prefix already read): its end, or -1 if unterminated. */
function stringEnd(text: string, i: number): { end: number; triple: boolean } {
  const q = text[i]!;
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let j = i + close.length;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (!triple && c === '\n') return { end: -1, triple };
    else if (text.startsWith(close, j)) return { end: j + close.length, triple };
    else j++;
  }
  return { end: -1, triple };
}

/** Tokenizes `text`, collecting what CPython's tokenizer would refuse. */
export function lexPython(text: string, lines: LineMap): Lexed {
  const tokens: Token[] = [];
  const openAfter: number[] = [];
  const depthAfter: number[] = [];
  const errors: Hint[] = [];
  const stack: number[] = [];
  const n = text.length;
  const lastLine = lines.position(Math.max(0, text.endsWith('\n') ? n - 1 : n)).line;
  // Logical lines at bracket depth 0: the offset of each line's first token and its indentation.
  const logical: { lineStart: number; first: number; indent: number; endsColon: boolean; word?: string }[] = [];
  let atLineStart = true;
  let lineStart = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The bracket state after the previous token, recorded once the loop has updated the stack.
  const record = (): void => {
    if (tokens.length > openAfter.length) {
      openAfter.push(stack.length ? stack.at(-1)! : -1);
      depthAfter.push(stack.length);
    }
  };
  const push = (t: Token): void => {
    if (atLineStart && stack.length === 0) {
      const ws = text.slice(lineStart, t.from);
      let indent = 0;
      for (const c of ws) indent = c === '\t' ? (Math.floor(indent / 8) + 1) * 8 : c === '\f' ? 0 : indent + 1;
      logical.push({ lineStart, first: t.from, indent, endsColon: false, word: t.kind === 'name' ? t.text : undefined });
    }
    atLineStart = false;
    record();
    tokens.push(t);
    if (stack.length === 0 && logical.length) logical.at(-1)!.endsColon = t.text === ':';
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text.startsWith('\r\n', i + 1))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      i++;
      if (stack.length === 0) {
        atLineStart = true;
        lineStart = i;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    const word = matchAt(WORD, text, i);
    const quoteAt = word && /^[rRbBuUfF]{1,2}$/.test(word) && (text[i + word.length] === '"' || text[i + word.length] === "'") ? i + word.length
      : c === '"' || c === "'" ? i : -1;
    if (quoteAt >= 0) {
      const s = stringEnd(text, quoteAt);
      if (s.end < 0) {
        const detected = s.triple ? lastLine : lines.position(i).line;
        errors.push({
          code: 'YC1001', from: i, to: i + 1,
          message: `unterminated ${s.triple ? 'triple-quoted ' : ''}string literal (detected at line ${detected})`,
        });
        const eol = text.indexOf('\n', quoteAt);
        i = s.triple || eol < 0 ? n : eol;
        continue;
      }
      push({ kind: 'string', from: i, to: s.end, text: text.slice(i, s.end) });
      i = s.end;
      continue;
    }
    if (word) {
      push({ kind: 'name', from: i, to: i + word.length, text: word });
      i += word.length;
      continue;
    }
    const num = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? '')) ? matchAt(NUMBER, text, i) : undefined;
    if (num) {
      push({ kind: 'number', from: i, to: i + num.length, text: num });
      i += num.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      push({ kind: 'open', from: i, to: i + 1, text: c });
      stack.push(i);
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      push({ kind: 'close', from: i, to: i + 1, text: c });
      const open = stack.at(-1);
      if (open === undefined) errors.push({ code: 'YC1001', message: `unmatched '${c}'`, from: i, to: i + 1 });
      else {
        if (text[open] !== CLOSER[c]) {
          const ol = lines.position(open).line;
          const on = ol === lines.position(i).line ? '' : ` on line ${ol}`;
          errors.push({ code: 'YC1001', message: `closing parenthesis '${c}' does not match opening parenthesis '${text[open]}'${on}`, from: i, to: i + 1 });
        }
        stack.pop();
      }
      i++;
      continue;
    }
    const op = matchAt(OPS, text, i) ?? c;
    push({ kind: 'op', from: i, to: i + op.length, text: op });
    i += op.length;
  }
  record();
  errors.push(...indentation(text, logical, lines));
  return { tokens, openAfter, depthAfter, openAtEof: stack, errors };
}

/** CPython's tokenizer and parser on indentation: unexpected indent, a block with no body,
 *  an unindent that matches no outer level. */
function indentation(text: string, logical: { lineStart: number; first: number; indent: number; endsColon: boolean; word?: string }[], lines: LineMap): Hint[] {
  const out: Hint[] = [];
  const levels = [0];
  let prev: (typeof logical)[number] | undefined;
  for (const l of logical) {
    const top = levels.at(-1)!;
    if (prev?.endsColon && l.indent <= top) {
      const what = (prev.word && BLOCK_WORDS[prev.word]) ?? 'statement';
      const line = lines.position(prev.first).line;
      out.push({ code: 'YC1006', message: `expected an indented block after ${what} on line ${line}`, from: l.first, to: l.first + 1 });
    } else if (l.indent > top) {
      if (prev?.endsColon) levels.push(l.indent);
      else out.push({ code: 'YC1005', message: 'unexpected indent', from: l.lineStart, to: l.first });
    } else if (l.indent < top) {
      while (levels.length > 1 && levels.at(-1)! > l.indent) levels.pop();
      if (levels.at(-1) !== l.indent) {
        // CPython's tokenizer points past the end of the line.
        const eol = text.indexOf('\n', l.first);
        const end = eol < 0 ? text.length : eol;
        out.push({ code: 'YC1006', message: 'unindent does not match any outer indentation level', from: end, to: end });
        levels.push(l.indent);
      }
    }
    prev = l;
  }
  return out;
}

/** The index of the first token ending after `pos`. */
function firstAfter(lex: Lexed, pos: number): number {
  let lo = 0;
  let hi = lex.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lex.tokens[mid]!.to <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last token ending at or before `pos` (index k), the first starting at or after it, and the brackets open there. */
function around(lex: Lexed, pos: number): { prev?: Token; next?: Token; depth: number; k: number; bracket?: number } {
  const lo = firstAfter(lex, pos);
  let j = lo;
  while (j < lex.tokens.length && lex.tokens[j]!.from < pos) j++;
  const open = lo > 0 ? lex.openAfter[lo - 1]! : -1;
  return { prev: lex.tokens[lo - 1], next: lex.tokens[j], depth: lo > 0 ? lex.depthAfter[lo - 1]! : 0, k: lo - 1, bracket: open < 0 ? undefined : open };
}

/** The index of the token starting at `from`. */
function indexAt(lex: Lexed, from: number): number {
  const k = firstAfter(lex, from);
  return lex.tokens[k]?.from === from ? k : -1;
}

const VALUE_WORDS = new Set(['True', 'False', 'None']);

function endsExpression(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'name') return !KEYWORDS.has(t.text) || VALUE_WORDS.has(t.text);
  return t.kind === 'number' || t.kind === 'string' || t.kind === 'close';
}

function startsExpression(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'name') return !KEYWORDS.has(t.text) || VALUE_WORDS.has(t.text);
  return t.kind === 'number' || t.kind === 'string' || t.kind === 'open';
}

/** The end of the simple expression starting with token `t`: a name, literal, or bracketed group. */
function atomEnd(lex: Lexed, t: Token): number {
  if (t.kind !== 'open') return t.to;
  const k0 = indexAt(lex, t.from);
  let depth = 0;
  for (let k = k0; k < lex.tokens.length; k++) {
    const x = lex.tokens[k]!;
    if (x.kind === 'open') depth++;
    else if (x.kind === 'close' && --depth === 0) return x.to;
  }
  return t.to;
}

/** The start of the primary expression ending with token `k` (`dict(b=1)`, `a.b[0]`,
 *  `'a' 'b'`), walking back over brackets, calls, attributes and adjacent strings. */
function primaryStart(lex: Lexed, k: number, floor: number): number {
  const tok = (i: number): Token | undefined => (i >= 0 && lex.tokens[i]!.from >= floor ? lex.tokens[i] : undefined);
  let i = k;
  for (;;) {
    const t = tok(i);
    if (!t) return lex.tokens[k]!.from;
    if (t.kind === 'close') {
      let depth = 0;
      let j = i;
      for (; j >= 0; j--) {
        const x = lex.tokens[j]!;
        if (x.kind === 'close') depth++;
        else if (x.kind === 'open' && --depth === 0) break;
      }
      if (j < 0 || !tok(j)) return lex.tokens[i]!.from;
      i = j;
      const before = tok(i - 1);
      // A call or subscript: the callee is part of the expression.
      if (before && (before.kind === 'close' || (before.kind === 'name' && !KEYWORDS.has(before.text)))) {
        i--;
        continue;
      }
      return lex.tokens[i]!.from;
    }
    if (t.kind === 'string') {
      while (tok(i - 1)?.kind === 'string') i--;
      return lex.tokens[i]!.from;
    }
    if (t.kind === 'name' && tok(i - 1)?.text === '.' && endsExpression(tok(i - 2))) {
      i -= 2;
      continue;
    }
    return t.from;
  }
}

/**
 * CPython's message for the error @lezer/python recovered from at `at` (the error node's
 * start) in a top-level statement starting at `stmtFrom`; undefined where CPython would just
 * say "invalid syntax".
 */
export function parserHint(lex: Lexed, tree: Tree, text: string, stmtFrom: number, at: number): Hint | undefined {
  const { prev, next, depth, k: kPrev, bracket } = around(lex, at);
  // The tokenizer reached the end of the file inside a bracket: CPython names that bracket.
  const open = lex.openAtEof.filter((b) => b >= stmtFrom && b < at).at(-1);
  if (open !== undefined && depth > 0) return { code: 'YC1001', message: `'${text[open]}' was never closed`, from: open, to: open + 1 };
  // Two expressions side by side inside brackets.
  if (depth > 0 && endsExpression(prev) && startsExpression(next) && prev!.from >= stmtFrom && !(prev!.kind === 'name' && next!.kind === 'string')) {
    return { code: 'YC1001', message: 'invalid syntax. Perhaps you forgot a comma?', from: primaryStart(lex, kPrev, (bracket ?? stmtFrom) + 1), to: atomEnd(lex, next!) };
  }
  // `if x = 1:` / `(x = 1)`: `=` where a comparison was meant.
  const eq = next?.text === '=' ? next : prev?.text === '=' ? prev : undefined;
  if (eq) {
    const k = indexAt(lex, eq.from);
    const target = lex.tokens[k - 1];
    const after = lex.tokens[k + 1];
    if (!target || !endsExpression(target) || !startsExpression(after)) return undefined;
    const start = primaryStart(lex, k - 1, stmtFrom);
    const s0 = indexAt(lex, start);
    const before = lex.tokens[s0 - 1];
    const end = atomEnd(lex, after!);
    // `y = 2 if x = 1 else 3`: the conditional expression has no `else` CPython can find.
    if (before?.text === 'if' && before.from > stmtFrom && depth === 0) {
      const cond = indexAt(lex, before.from);
      return { code: 'YC1001', message: "expected 'else' after 'if' expression", from: primaryStart(lex, cond - 1, stmtFrom), to: target.to };
    }
    const cond = before?.kind === 'name' && ['if', 'elif', 'while'].includes(before.text) && before.from === stmtFrom;
    const paren = before && (before.text === '(' || before.text === '[') && !endsExpression(lex.tokens[s0 - 2]);
    if (!cond && !paren) return undefined;
    if (target.kind === 'name' && start === target.from && !KEYWORDS.has(target.text)) {
      return { code: 'YC1001', message: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", from: start, to: end };
    }
    const what = target.kind === 'name' ? 'attribute' : target.text === ']' ? 'subscript' : target.text === ')' ? 'function call' : 'literal';
    return { code: 'YC1001', message: `cannot assign to ${what} here. Maybe you meant '==' instead of '='?`, from: start, to: target.to };
  }
  return undefined;
}

/** Whether `pos` is inside a bracket opened before `from` that closes later: an error node there
 *  is what @lezer/python's recovery left of an earlier statement's error, not a new one. */
export function insideEarlierBracket(lex: Lexed, pos: number, from: number): boolean {
  const { bracket } = around(lex, pos);
  return bracket !== undefined && bracket < from && !lex.openAtEof.includes(bracket);
}
