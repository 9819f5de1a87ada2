/**
 * A light lexical pre-pass over the source, before @lezer/python sees it. It skips strings and
 * comments exactly, and
 *  - measures bracket nesting, so `[[[[...` 100k deep is refused before the parser spends
 *    seconds on it (and before any recursive walk could overflow the stack);
 *  - patches float literals with a trailing dot (`4.`, `1.e3`), which @lezer/python 1.1
 *    mis-tokenises as a member access: the dot becomes a `0`, same length, so every offset
 *    stays valid and the evaluator reads the literal from the original text.
 */

/** What the pre-pass found. */
export interface ScanResult {
  /** The text to give the parser: same length as the source. */
  patched: string;
  /** Offset of the first bracket deeper than the limit, if any. */
  tooDeepAt?: number;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdent(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

function stringEnd(text: string, i: number): number {
  // i is at the opening quote; a prefix (r, b, f, u) was already consumed by the caller.
  const q = text[i]!;
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let j = i + close.length;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (!triple && c === '\n') return j;
    if (text.startsWith(close, j)) return j + close.length;
    j++;
  }
  return text.length;
}

/** Scans `text`; nesting deeper than `maxDepth` brackets (or chained prefix operators such as
 *  `- - - x`, `not not x`, which nest just as deeply) is reported by offset. */
export function scanSource(text: string, maxDepth: number): ScanResult {
  let patched: string[] | undefined;
  let depth = 0;
  // Prefix operators in a row; `afterOperand` tells a binary `-` from a unary one.
  let unaryRun = 0;
  let afterOperand = false;
  const operand = (): void => {
    unaryRun = 0;
    afterOperand = true;
  };
  // A UTF-8 byte order mark is not code: the parser sees a blank line there instead.
  if (text.charCodeAt(0) === 0xfeff) {
    patched = text.split('');
    patched[0] = '\n';
  }
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === '"' || c === "'") {
      i = stringEnd(text, i);
      operand();
      continue;
    }
    const code = text.charCodeAt(i);
    if (isIdentStart(code)) {
      let j = i;
      while (j < n && isIdent(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && /^[rRbBuUfF]{1,2}$/.test(word)) {
        i = stringEnd(text, j);
        operand();
      } else {
        if (word === 'not') {
          if (++unaryRun > maxDepth) return { patched: text, tooDeepAt: i };
          afterOperand = false;
        } else if (['and', 'or', 'in', 'is', 'if', 'else', 'for', 'lambda', 'await', 'return', 'yield'].includes(word)) {
          afterOperand = false;
        } else operand();
        i = j;
      }
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < n && /[0-9_xXoObBa-fA-F]/.test(text[j]!)) {
        // Stop before an exponent sign's letter handled below; hex digits include e, harmless here.
        j++;
      }
      if (text[j] === '.' && !/^0[xXoObB]/.test(text.slice(i, j)) && !/[eE]/.test(text.slice(i, j))) {
        const after = text[j + 1];
        if (after === undefined || !/[0-9_A-Za-z.]/.test(after) || after === 'e' || after === 'E') {
          patched ??= text.split('');
          patched[j] = '0';
        }
        j++;
        while (j < n && /[0-9_]/.test(text[j]!)) j++;
      }
      i = j;
      operand();
      continue;
    }
    if ((c === '-' || c === '+' || c === '~') && !afterOperand) {
      if (++unaryRun > maxDepth) return { patched: text, tooDeepAt: i };
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') operand();
    else if (!isSpace(code) && c !== '\\') afterOperand = false;
    if (c === '\n' && depth === 0) afterOperand = false;
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > maxDepth) return { patched: text, tooDeepAt: i };
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
    i++;
  }
  return { patched: patched ? patched.join('') : text };
}
