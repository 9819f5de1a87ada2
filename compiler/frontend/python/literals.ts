/**
 * Number and string literals, decoded exactly as Python reads them: ints become bigint
 * (hex/octal/binary, underscores), floats number; strings get their escapes applied unless raw.
 */
import { PyError } from './objects.js';

const DEC_INT = /^(?:0(?:_?0)*|[1-9](?:_?\d)*)$/;
const RADIX_INT = /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)$/;
const DIGITS = '\\d(?:_?\\d)*';
const FLOAT = new RegExp(`^(?:${DIGITS}\\.(?:${DIGITS})?|\\.${DIGITS}|${DIGITS})(?:[eE][+-]?${DIGITS})?$`);

const numberMemo = new Map<string, bigint | number>();

/** Parses a Number token's text: bigint for ints, number for floats; PyError otherwise. */
export function parseNumber(text: string): bigint | number {
  const hit = numberMemo.get(text);
  if (hit !== undefined) return hit;
  const v = parseNumberText(text);
  if (numberMemo.size > 10_000) numberMemo.clear();
  numberMemo.set(text, v);
  return v;
}

function parseNumberText(text: string): bigint | number {
  if (DEC_INT.test(text)) return BigInt(text.replace(/_/g, ''));
  if (RADIX_INT.test(text)) return BigInt(text.replace(/_/g, '').toLowerCase());
  if (/^0[\d_]*\d[\d_]*$/.test(text)) {
    throw new PyError('YC1002', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
  }
  if (/[jJ]$/.test(text)) throw new PyError('YC1002', `complex literal '${text}' is not supported in a config`);
  if (FLOAT.test(text)) return Number(text.replace(/_/g, ''));
  throw new PyError('YC1002', `invalid number literal '${text}'`);
}

/** A string token split into its parts: prefix letters (lower case), quote and body. */
export interface StringToken {
  prefix: string;
  quote: string;
  body: string;
  /** Offset of the body inside the token text. */
  bodyOffset: number;
}

/** Splits a String/FormatString token's text; null when it is not terminated. */
export function splitStringToken(text: string): StringToken | null {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) return null;
  const quote = m[2]!;
  const bodyOffset = m[0].length;
  if (text.length < bodyOffset + quote.length || !text.endsWith(quote)) return null;
  return { prefix: m[1]!.toLowerCase(), quote, body: text.slice(bodyOffset, text.length - quote.length), bodyOffset };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Named escapes (\N{...}) configs plausibly use; others are reported, not guessed. */
const NAMED: Record<string, string> = {
  'SPACE': ' ', 'NO-BREAK SPACE': '\u00a0', 'DEGREE SIGN': '\u00b0', 'MULTIPLICATION SIGN': '\u00d7',
  'GREEK SMALL LETTER MU': '\u03bc', 'MICRO SIGN': '\u00b5', 'BULLET': '\u2022', 'EM DASH': '\u2014',
  'EN DASH': '\u2013', 'HORIZONTAL ELLIPSIS': '\u2026', 'LATIN SMALL LETTER E WITH ACUTE': '\u00e9',
};

/**
 * Applies Python's escapes to a (non-raw) string body. `fstring` also turns `{{`/`}}` into
 * braces, as the literal parts of an f-string need.
 */
export function decodeEscapes(body: string, raw: boolean, fstring = false): string {
  // Python reads source with universal newlines: CRLF and CR inside literals are LF.
  if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (fstring && (ch === '{' || ch === '}') && body[i + 1] === ch) {
      out += ch;
      i++;
      continue;
    }
    if (ch !== '\\' || raw) {
      if (ch === '\\' && raw && i + 1 < body.length) {
        // In a raw string a backslash still protects the next character, and both stay.
        out += ch + body[i + 1];
        i++;
        continue;
      }
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) {
      out += ch;
      continue;
    }
    if (next === '\n' || next === '\r') {
      i += next === '\r' && body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    if (SIMPLE_ESCAPES[next] !== undefined) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    if (next >= '0' && next <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length;
      continue;
    }
    const hexLen = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new PyError('YC1003', `truncated \\${next} escape: expected ${hexLen} hex digits`);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new PyError('YC1003', `illegal Unicode character \\${next}${hex}`);
      out += String.fromCodePoint(cp);
      i += 1 + hexLen;
      continue;
    }
    if (next === 'N') {
      const m = /^\{([A-Za-z0-9 -]+)\}/.exec(body.slice(i + 2));
      const named = m ? NAMED[m[1]!.toUpperCase()] : undefined;
      if (!m || named === undefined) {
        throw new PyError('YC1003', `unsupported \\N{...} escape${m ? ` '${m[1]}'` : ''}; use \\u with the code point`);
      }
      out += named;
      i += 1 + m[0].length;
      continue;
    }
    // Unknown escapes keep their backslash, as Python does (with a warning).
    out += ch;
  }
  return out;
}

/** Decodes a plain (non-f) string token's value; bytes literals are refused. */
export function decodeString(text: string): string {
  const tok = splitStringToken(text);
  if (!tok) throw new PyError('YC1001', 'unterminated string literal');
  if (tok.prefix.includes('b')) throw new PyError('YC1003', 'bytes literals are not supported in a config');
  if (/[^ru]/.test(tok.prefix)) throw new PyError('YC1003', `invalid string prefix '${tok.prefix}'`);
  return decodeEscapes(tok.body, tok.prefix.includes('r'));
}
