/**
 * `--cfg-options KEY=VALUE`, exactly as MMEngine's DictAction parses the value and
 * `Config.merge_from_dict` applies it: `a.b=1`, `a=1,2` (a list), `a=[1,2]`, `a=(1,2)`,
 * `a=[(1,2),[3]]`, `a.0.b=x` (list item by index), `True`/`False`/`None`; quotes at the ends
 * are stripped and spaces removed, as MMEngine does.
 */
import type { Diagnostic, Span } from '../diagnostics/types.js';
import { PyDict, PyList, PyTuple, type Py } from '../frontend/values.js';

/** The pseudo file name that option spans carry (renderers find no source and draw no frame). */
export const OPTIONS_FILE = '<cfg-options>';

const PY_INT_DEC = /^[+-]?[0-9](?:_?[0-9])*$/;
const PY_FLOAT = /^[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;

/** DictAction._parse_int_float_bool: Python's int(), then float(), then bool words, then None. */
export function parseScalar(val: string): Py {
  // int(str) takes decimal only (base 10), with underscores between digits.
  if (PY_INT_DEC.test(val)) return BigInt(val.replace(/_/g, ''));
  if (PY_FLOAT.test(val)) return Number(val.replace(/_/g, ''));
  const low = val.toLowerCase();
  if (/^[+-]?(?:inf|infinity)$/.test(low)) return low.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(low)) return NaN;
  if (low === 'true' || low === 'false') return low === 'true';
  if (val === 'None') return null;
  return val;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/** Thrown for what MMEngine's DictAction would refuse (an assertion on bracket balance). */
export class OptionSyntaxError extends Error {}

/** The deepest bracket nesting an option value may have (as the Python evaluator's limit). */
const MAX_OPTION_DEPTH = 200;

/** DictAction._parse_iterable. */
export function parseOptionValue(raw: string, depth = 0): Py {
  // Every later phase walks values recursively: `x=[[[...]]]` 5000 deep overflowed the stack.
  if (depth > MAX_OPTION_DEPTH) throw new OptionSyntaxError(`value nested deeper than ${MAX_OPTION_DEPTH} levels`);
  const stripped = raw.replace(/^['"]+|['"]+$/g, '').replace(/ /g, '');
  let val = stripped;
  let isTuple = false;
  if (val.startsWith('(') && val.endsWith(')')) {
    isTuple = true;
    val = val.slice(1, -1);
  } else if (val.startsWith('[') && val.endsWith(']')) {
    val = val.slice(1, -1);
  } else if (!val.includes(',')) {
    return parseScalar(val);
  }
  const values: Py[] = [];
  while (val.length > 0) {
    if (count(val, '(') !== count(val, ')') || count(val, '[') !== count(val, ']')) {
      throw new OptionSyntaxError(`imbalanced brackets in ${val}`);
    }
    let end = val.length;
    let depthP = 0;
    let depthB = 0;
    for (let i = 0; i < val.length; i++) {
      const c = val[i];
      if (c === ',' && depthP === 0 && depthB === 0) {
        end = i;
        break;
      }
      if (c === '(') depthP++;
      else if (c === ')') depthP--;
      else if (c === '[') depthB++;
      else if (c === ']') depthB--;
    }
    // MMEngine recurses forever here (RecursionError) when nothing was split off: refuse instead.
    if (end === val.length && val === stripped) {
      throw new OptionSyntaxError(`cannot split '${val}' at a top-level comma (misplaced brackets)`);
    }
    values.push(parseOptionValue(val.slice(0, end), depth + 1));
    val = val.slice(end + 1);
  }
  return isTuple ? new PyTuple(values) : new PyList(values);
}

/** Parsed options as MMEngine's nested option dict, ready for a merge with list keys allowed. */
export function buildOptionDict(options: readonly string[]): { value: PyDict | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const flat = new Map<string, { v: Py; span: Span }>();
  let offset = 0;
  for (const opt of options) {
    const span: Span = { file: OPTIONS_FILE, start: offset, end: offset + opt.length, line: 1, col: offset + 1 };
    offset += opt.length + 1;
    const eq = opt.indexOf('=');
    if (eq < 0) {
      diagnostics.push({ code: 'YC3012', severity: 'error', message: `--cfg-options entry '${opt}' has no '=': write KEY=VALUE` });
      continue;
    }
    try {
      const v = parseOptionValue(opt.slice(eq + 1));
      flat.set(opt.slice(0, eq), { v, span });
    } catch (e) {
      if (!(e instanceof OptionSyntaxError)) throw e;
      diagnostics.push({ code: 'YC3012', severity: 'error', message: `--cfg-options entry '${opt}': ${e.message}` });
    }
  }
  const root = new PyDict();
  for (const [full, { v, span }] of flat) {
    const keys = full.split('.');
    let d: PyDict = root;
    let ok = true;
    for (const k of keys.slice(0, -1)) {
      if (!d.has(k)) d.set(k, new PyDict());
      const next = d.get(k);
      if (!(next instanceof PyDict)) {
        diagnostics.push({ code: 'YC3012', severity: 'error', message: `--cfg-options '${full}' goes inside '${k}', which another option set to a value` });
        ok = false;
        break;
      }
      d = next;
    }
    if (ok) d.set(keys[keys.length - 1]!, v, span);
  }
  return { value: diagnostics.length ? null : root, diagnostics };
}
