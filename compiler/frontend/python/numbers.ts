/** Numeric builtins with CPython's exact results: round (half to even), int(), float(). */
import { PyError, typeName, type Val } from './objects.js';

/** The exact decimal expansion of a finite double: value = digits * 10**-scale. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) return { digits: sign * (mant << BigInt(exp)), scale: 0 };
  // m * 2**exp == m * 5**-exp / 10**-exp
  return { digits: sign * mant * 5n ** BigInt(-exp), scale: -exp };
}

function roundHalfEven(n: bigint, d: bigint): bigint {
  // n / d rounded half to even, d > 0.
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
  return q;
}

/** round(x[, ndigits]) with Python's rules (exact decimal, half to even). */
export function pyRound(x: Val, nd: Val | undefined): Val {
  if (typeof x === 'boolean') x = x ? 1n : 0n;
  if (nd === undefined || nd === null) {
    if (typeof x === 'bigint') return x;
    if (typeof x !== 'number') throw new PyError('YC2006', `type ${typeName(x)} doesn't define __round__ method`);
    if (Number.isNaN(x)) throw new PyError('YC2011', 'cannot convert float NaN to integer');
    if (!Number.isFinite(x)) throw new PyError('YC2012', 'cannot convert float infinity to integer');
    const { digits, scale } = exactDecimal(x);
    return roundHalfEven(digits, 10n ** BigInt(scale));
  }
  if (typeof nd === 'boolean') nd = nd ? 1n : 0n;
  if (typeof nd !== 'bigint') {
    throw new PyError('YC2006', `'${typeName(nd)}' object cannot be interpreted as an integer`);
  }
  if (typeof x === 'bigint') {
    if (nd >= 0n) return x;
    const p = 10n ** -nd;
    return roundHalfEven(x, p) * p;
  }
  if (typeof x !== 'number') throw new PyError('YC2006', `type ${typeName(x)} doesn't define __round__ method`);
  if (!Number.isFinite(x) || x === 0) return x;
  if (nd > 400n) return x;
  if (nd < -400n) return 0 * x;
  const n = Number(nd);
  const { digits, scale } = exactDecimal(x);
  // Keep n decimals: digits * 10**-scale -> q * 10**-n.
  let q: bigint;
  if (scale >= n) q = roundHalfEven(digits, 10n ** BigInt(scale - n));
  else q = digits * 10n ** BigInt(n - scale);
  const r = n >= 0 ? Number(`${q}e-${n}`) : Number(`${q}e${-n}`);
  if (!Number.isFinite(r)) throw new PyError('YC2012', 'rounded value too large to represent');
  return q === 0n && x < 0 ? -0 : r;
}

/** int(x) / int(s, base). */
export function pyInt(x: Val, base?: Val): bigint {
  if (base !== undefined) {
    if (typeof x !== 'string') throw new PyError('YC2006', "int() can't convert non-string with explicit base");
    const b = typeof base === 'bigint' ? Number(base) : NaN;
    return parseIntText(x, b);
  }
  if (typeof x === 'boolean') return x ? 1n : 0n;
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') {
    if (Number.isNaN(x)) throw new PyError('YC2011', 'cannot convert float NaN to integer');
    if (!Number.isFinite(x)) throw new PyError('YC2012', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(x));
  }
  if (typeof x === 'string') return parseIntText(x, 10);
  throw new PyError('YC2006', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

function parseIntText(s: string, base: number): bigint {
  const bad = () => new PyError('YC2011', `invalid literal for int() with base ${base}: ${JSON.stringify(s).replace(/^"|"$/g, "'")}`);
  if (!(base === 0 || (base >= 2 && base <= 36))) throw new PyError('YC2011', 'int() base must be >= 2 and <= 36, or 0');
  let t = s.trim();
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  const prefix = /^0([xob])/i.exec(t);
  if (prefix) {
    const pb = { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as 'x' | 'o' | 'b'];
    if (base === 0 || base === pb) {
      base = pb;
      t = t.slice(2).replace(/^_/, '');
    }
  }
  if (base === 0) base = 10;
  if (!/^[0-9a-z]+(?:_[0-9a-z]+)*$/i.test(t)) throw bad();
  t = t.replace(/_/g, '').toLowerCase();
  let v = 0n;
  const B = BigInt(base);
  for (const ch of t) {
    const d = parseInt(ch, 36);
    if (!(d < base)) throw bad();
    v = v * B + BigInt(d);
  }
  return neg ? -v : v;
}

/** float(x). */
export function pyFloat(x: Val): number {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') {
    const f = Number(x);
    if (!Number.isFinite(f)) throw new PyError('YC2012', 'int too large to convert to float');
    return f;
  }
  if (typeof x === 'string') {
    const t = x.trim().toLowerCase().replace(/(?<=\d)_(?=\d)/g, '');
    if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(t)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
    throw new PyError('YC2011', `could not convert string to float: '${x}'`);
  }
  throw new PyError('YC2006', `float() argument must be a string or a real number, not '${typeName(x)}'`);
}
