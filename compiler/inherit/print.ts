/**
 * Printers for a resolved config: JSON exactly as Python's `json.dumps(cfg, indent=2)` writes
 * it (floats keep `.0`, `1e-05` style exponents, NaN/Infinity, ASCII-only strings), and a
 * canonical MMEngine `.py` config (all values literal, tuples as tuples, floats as floats).
 */
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';

/** Python's `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** A float as Python's json module writes it. */
function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

/** A string as Python's json module writes it (ensure_ascii=True). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** `json.dumps(value, indent=2)` as Python writes it. */
export function toPythonJson(v: Py, indent = 2, level = 0): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return jsonFloat(v);
  if (typeof v === 'string') return jsonString(v);
  const pad = ' '.repeat(indent * (level + 1));
  const end = ' '.repeat(indent * level);
  if (v instanceof PyList || v instanceof PyTuple) {
    if (!v.items.length) return '[]';
    return `[\n${v.items.map((x) => pad + toPythonJson(x, indent, level + 1)).join(',\n')}\n${end}]`;
  }
  if (!v.map.size) return '{}';
  const parts: string[] = [];
  for (const [k, x] of v.map) parts.push(`${pad}${jsonString(k)}: ${toPythonJson(x, indent, level + 1)}`);
  return `{\n${parts.join(',\n')}\n${end}}`;
}

/** Python's `repr(str)`. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Whether a key can be written as a Python name (`key=value` in dict(), or a global). */
export function isPyIdentifier(k: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !KEYWORDS.has(k);
}

function isScalar(v: Py): boolean {
  return !(v instanceof PyList || v instanceof PyTuple || v instanceof PyDict);
}

/** A Python literal for a value, indented with four spaces per level. */
export function toPythonLiteral(v: Py, level = 0): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return "float('nan')";
    if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
    return pyFloatRepr(v);
  }
  if (typeof v === 'string') return pyStrRepr(v);
  const pad = '    '.repeat(level + 1);
  const end = '    '.repeat(level);
  if (v instanceof PyList || v instanceof PyTuple) {
    const tuple = v instanceof PyTuple;
    const [open, close] = tuple ? ['(', ')'] : ['[', ']'];
    if (!v.items.length) return open + close;
    if (v.items.every(isScalar)) {
      const flat = v.items.map((x) => toPythonLiteral(x)).join(', ');
      if (flat.length <= 72) return `${open}${flat}${tuple && v.items.length === 1 ? ',' : ''}${close}`;
    }
    return `${open}\n${v.items.map((x) => pad + toPythonLiteral(x, level + 1) + ',').join('\n')}\n${end}${close}`;
  }
  if (!v.map.size) return 'dict()';
  const keys = [...v.map.keys()];
  const named = keys.every(isPyIdentifier);
  if (named && [...v.map.values()].every(isScalar)) {
    const flat = keys.map((k) => `${k}=${toPythonLiteral(v.map.get(k)!)}`).join(', ');
    if (flat.length + level * 4 <= 72) return `dict(${flat})`;
  }
  const lines = keys.map((k) => {
    const x = toPythonLiteral(v.map.get(k)!, level + 1);
    return named ? `${pad}${k}=${x},` : `${pad}${pyStrRepr(k)}: ${x},`;
  });
  return named ? `dict(\n${lines.join('\n')}\n${end})` : `{\n${lines.join('\n')}\n${end}}`;
}

/** A canonical MMEngine `.py` config: one `name = literal` per top-level key. */
export function toPythonConfig(cfg: PyDict): { text: string; badKeys: string[] } {
  const lines: string[] = [];
  const badKeys: string[] = [];
  for (const [k, v] of cfg.map) {
    if (!isPyIdentifier(k)) {
      badKeys.push(k);
      continue;
    }
    lines.push(`${k} = ${toPythonLiteral(v)}`);
  }
  return { text: lines.join('\n') + '\n', badKeys };
}
