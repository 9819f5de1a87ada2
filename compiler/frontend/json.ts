/**
 * A small JSON reader that keeps source spans, with Python's `json.load` semantics (what
 * MMEngine uses for .json configs): integers become int (bigint), numbers with a fraction or
 * exponent become float, `NaN`/`Infinity`/`-Infinity` are accepted, a repeated key keeps its
 * first position and its last value.
 */
import { LineMap, type Diagnostic, type PhaseResult, type Span } from '../diagnostics/types.js';
import { PyDict, PyList, type Py } from './values.js';

class JsonSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Reader {
  pos = 0;
  constructor(readonly text: string, readonly map: LineMap) {}

  span(start: number, end: number): Span {
    return this.map.span(start, end);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  value(depth: number): { v: Py; span: Span } {
    if (depth > 500) this.fail('nesting too deep');
    this.ws();
    const start = this.pos;
    const t = this.text;
    const c = t[this.pos];
    let v: Py;
    if (c === '{') v = this.object(depth);
    else if (c === '[') v = this.array(depth);
    else if (c === '"') v = this.string();
    else if (t.startsWith('true', start)) (v = true), (this.pos += 4);
    else if (t.startsWith('false', start)) (v = false), (this.pos += 5);
    else if (t.startsWith('null', start)) (v = null), (this.pos += 4);
    else if (t.startsWith('NaN', start)) (v = NaN), (this.pos += 3);
    else if (t.startsWith('Infinity', start)) (v = Infinity), (this.pos += 8);
    else if (t.startsWith('-Infinity', start)) (v = -Infinity), (this.pos += 9);
    else {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(t);
      if (!m) this.fail(c === undefined ? 'unexpected end of input' : `unexpected character '${c}'`);
      this.pos = start + m[0].length;
      v = m[1] !== undefined || m[2] !== undefined ? Number(m[0]) : BigInt(m[0]);
    }
    return { v, span: this.span(start, this.pos) };
  }

  string(): string {
    const t = this.text;
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      const c = t[i];
      if (c === undefined) this.fail('unterminated string', this.pos);
      if (c === '"') break;
      if (c === '\\') {
        const e = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) (out += simple[e]), (i += 2);
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else this.fail('invalid escape in string', i);
      } else if (c.charCodeAt(0) < 0x20) this.fail('control character in string', i);
      else (out += c), i++;
    }
    this.pos = i + 1;
    return out;
  }

  array(depth: number): PyList {
    const list = new PyList([], []);
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') return this.pos++, list;
    for (;;) {
      const { v, span } = this.value(depth + 1);
      list.items.push(v);
      list.spans.push(span);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === ']') return this.pos++, list;
      else this.fail("expected ',' or ']'");
    }
  }

  object(depth: number): PyDict {
    const dict = new PyDict();
    const open = this.pos;
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      dict.span = this.span(open, this.pos);
      return dict;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      const { v, span } = this.value(depth + 1);
      dict.set(key, v, span);
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === '}') break;
      else this.fail("expected ',' or '}'");
    }
    this.pos++;
    dict.span = this.span(open, this.pos);
    return dict;
  }
}

/** Parses JSON text into Python values with spans; the top level must be an object. */
export function parseJsonConfig(text: string, file: string): PhaseResult<PyDict | null> {
  const map = new LineMap(file, text);
  const r = new Reader(text, map);
  const diag = (message: string, at: number): PhaseResult<null> => ({
    value: null,
    diagnostics: [{ code: 'YC3015', severity: 'error', message, span: map.span(at, Math.min(at + 1, text.length)) } satisfies Diagnostic],
  });
  try {
    if (text.charCodeAt(0) === 0xfeff) r.pos = 1;
    const { v } = r.value(0);
    r.ws();
    if (r.pos < text.length) return diag('extra data after the JSON value', r.pos);
    if (!(v instanceof PyDict)) return diag('a JSON config must be an object at the top level', 0);
    return { value: v, diagnostics: [] };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return diag(e.message, e.at);
    throw e;
  }
}
