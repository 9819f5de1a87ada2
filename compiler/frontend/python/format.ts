/**
 * Python's format-spec mini-language (`f'{x:>8.3f}'`, `'{:,d}'.format(n)`) for str, int, float
 * and bool: fill/align, sign, `#`, zero padding, width, grouping, precision and the types
 * b c d e E f F g G n o s x X %. Fixed-point output rounds half to even on the exact binary
 * value, as CPython does.
 */
import { PyDict, PyList, PyTuple } from '../values.js';
import { PyError, checkStringLength, floatRepr, pyRepr, pyStr, typeName, type Val } from './objects.js';

const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** The exact decimal digits of |x| rounded half-to-even to `prec` places: "123.456". */
export function toFixedExact(x: number, prec: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(buf.getUint32(4));
  let exp = -1074;
  if (expBits) {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  // |x| = mant * 2**exp = num / den
  const num = exp >= 0 ? mant << BigInt(exp) : mant;
  const den = exp >= 0 ? 1n : 1n << BigInt(-exp);
  const scaled = num * 10n ** BigInt(prec);
  let q = scaled / den;
  const r2 = 2n * (scaled % den);
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(prec + 1, '0');
  return prec ? `${digits.slice(0, -prec)}.${digits.slice(-prec)}` : digits;
}

function group(intPart: string, sep: string, every: number): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i && (intPart.length - i) % every === 0) out += sep;
    out += intPart[i];
  }
  return out;
}

function general(x: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Number(Math.abs(x).toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < p) s = toFixedExact(x, p - 1 - exp);
  else {
    const [m, e] = Math.abs(x).toExponential(p - 1).split('e') as [string, string];
    s = `${m}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  if (!alt) s = s.replace(/\.?0+(?=e|$)/, (m) => (m.includes('.') || s.includes('.') ? '' : m));
  return upper ? s.toUpperCase() : s;
}

function formatNumber(v: bigint | number, type: string, prec: number | undefined, alt: boolean): string {
  if (typeof v === 'bigint' && 'bcdoxXn'.includes(type || 'd')) {
    const a = v < 0n ? -v : v;
    switch (type) {
      case 'b': return (alt ? '0b' : '') + a.toString(2);
      case 'o': return (alt ? '0o' : '') + a.toString(8);
      case 'x': return (alt ? '0x' : '') + a.toString(16);
      case 'X': return (alt ? '0X' : '') + a.toString(16).toUpperCase();
      case 'c': return String.fromCodePoint(Number(a));
      default: return a.toString();
    }
  }
  if ('bcdoxX'.includes(type) && type) {
    throw new PyError('YC2011', `Unknown format code '${type}' for object of type 'float'`);
  }
  const x = Math.abs(Number(v));
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : 'inf';
  switch (type) {
    case 'f': case 'F': return toFixedExact(x, prec ?? 6);
    case '%': return `${toFixedExact(x * 100, prec ?? 6)}%`;
    case 'e': case 'E': {
      const [m, e] = x.toExponential(prec ?? 6).split('e') as [string, string];
      const s = `${m}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'g': case 'G': case 'n': return general(x, prec ?? 6, alt, type === 'G');
    default:
      return prec === undefined ? floatRepr(x) : general(x, prec, alt, false).replace(/^(\d+)$/, '$1.0');
  }
}

/** format(value, spec) as Python computes it. */
export function formatValue(v: Val, spec: string): string {
  if (spec === '') return pyStr(v);
  const m = SPEC.exec(spec);
  if (!m) throw new PyError('YC2011', `Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  const [, fillRaw, alignRaw, sign, alt, zero, widthText, grouping, precText, type = ''] = m;
  const width = widthText ? Number(widthText) : 0;
  checkStringLength(width);
  const prec = precText === undefined ? undefined : Number(precText);
  const num = typeof v === 'boolean' && type ? (v ? 1n : 0n) : v;
  let body: string;
  let neg = false;
  const numeric = typeof num === 'bigint' || typeof num === 'number';
  if (numeric) {
    if (type === 's') throw new PyError('YC2011', `Unknown format code 's' for object of type '${typeName(v)}'`);
    neg = typeof num === 'bigint' ? num < 0n : num < 0 || Object.is(num, -0);
    const asFloat = typeof num === 'bigint' && 'eEfFgG%'.includes(type) && type ? Number(num) : num;
    body = formatNumber(asFloat, type, prec, !!alt);
    if (grouping) {
      const parts = /^(\d+)([\s\S]*)$/.exec(body);
      const every = grouping === '_' && type !== '' && 'boxX'.includes(type) ? 4 : 3;
      if (parts) body = group(parts[1]!, grouping, every) + parts[2]!;
    }
  } else {
    if (type && type !== 's') throw new PyError('YC2011', `Unknown format code '${type}' for object of type '${typeName(v)}'`);
    if (sign || zero && !alignRaw) throw new PyError('YC2011', 'Sign not allowed in string format specifier');
    body = pyStr(v);
    if (prec !== undefined) body = [...body].slice(0, prec).join('');
  }
  const signText = numeric ? (neg ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') : '';
  const fill = fillRaw ?? (zero && !alignRaw ? '0' : ' ');
  const align = alignRaw ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  const pad = Math.max(0, width - [...(signText + body)].length);
  switch (align) {
    case '<': return signText + body + fill.repeat(pad);
    case '^': return fill.repeat(pad >> 1) + signText + body + fill.repeat(pad - (pad >> 1));
    case '=': return signText + fill.repeat(pad) + body;
    default: return fill.repeat(pad) + signText + body;
  }
}

const PRINTF = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([diouxXeEfFgGcrsa%])/g;

/** printf-style `fmt % args` (`'%s_%dx' % (name, n)`, `'%(k)s' % d`), as str.__mod__ does. */
export function percentFormat(fmt: string, args: Val): string {
  const isMap = args instanceof PyDict;
  const list: Val[] = args instanceof PyTuple ? [...args.items] : [args];
  let next = 0;
  let usedMap = false;
  const take = (): Val => {
    if (next >= list.length) throw new PyError('YC2006', 'not enough arguments for format string');
    return list[next++]!;
  };
  const out = fmt.replace(PRINTF, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const w = width === '*' ? Number(take()) : width;
    const p = prec === '*' ? Number(take()) : prec;
    let v: Val;
    if (key !== undefined) {
      if (!isMap) throw new PyError('YC2006', 'format requires a mapping');
      usedMap = true;
      const d = args as PyDict;
      if (!d.has(key)) throw new PyError('YC2007', `'${key}'`);
      v = d.get(key)!;
    } else v = take();
    const align = flags.includes('-') ? '<' : '';
    const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const zero = flags.includes('0') && !align ? '0' : '';
    const alt = flags.includes('#') ? '#' : '';
    const spec = (type: string) => `${align}${sign}${alt}${zero}${w ?? ''}${p !== undefined ? `.${p}` : ''}${type}`;
    if (conv === 's' || conv === 'r' || conv === 'a') {
      const s = conv === 's' ? pyStr(v) : pyRepr(v);
      return formatValue(s, `${align || '>'}${w ?? ''}${p !== undefined ? `.${p}` : ''}`);
    }
    if (conv === 'c') return formatValue(typeof v === 'string' ? v : String.fromCodePoint(Number(v)), `${align || '>'}${w ?? ''}`);
    if (typeof v !== 'bigint' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new PyError('YC2006', `%${conv} format: a real number is required, not ${typeName(v)}`);
    }
    if ('diuoxX'.includes(conv)) {
      const n = typeof v === 'number' ? BigInt(Math.trunc(v)) : typeof v === 'boolean' ? (v ? 1n : 0n) : v;
      const t = conv === 'i' || conv === 'u' ? 'd' : conv;
      // printf's precision on ints is a minimum digit count; the alt form of octal is 0o.
      const a = n < 0n ? -n : n;
      const digits = (t === 'o' ? a.toString(8) : t === 'x' ? a.toString(16) : t === 'X' ? a.toString(16).toUpperCase() : a.toString())
        .padStart(p !== undefined ? Number(p) : 0, '0');
      const prefix = (n < 0n ? '-' : sign) + (alt ? ({ o: '0o', x: '0x', X: '0X' } as Record<string, string>)[t] ?? '' : '');
      const width = Number(w ?? 0);
      checkStringLength(width);
      const pad = Math.max(0, width - prefix.length - digits.length);
      if (align) return prefix + digits + ' '.repeat(pad);
      return zero ? prefix + '0'.repeat(pad) + digits : ' '.repeat(pad) + prefix + digits;
    }
    return formatValue(typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : v, spec(conv));
  });
  // CPython skips this check when the argument supports indexing (a dict or a list).
  if (!usedMap && !isMap && !(args instanceof PyList) && next < list.length) throw new PyError('YC2006', 'not all arguments converted during string formatting');
  checkStringLength(out.length);
  return out;
}
