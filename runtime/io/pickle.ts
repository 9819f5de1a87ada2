/**
 * A restricted pickle reader: it interprets the opcodes of protocols 0-5 as data only and never
 * calls anything. A GLOBAL is looked up in an allow-list supplied by the caller (pth.ts): known
 * ones become data (an OrderedDict is a Map, a tensor rebuild is a TensorRef), harmless metadata
 * classes become inert PickleObject records, and any other name is refused with the global named.
 */

/** A Python value as this reader sees it. int is bigint, float is number, dict is a Map. */
export type PyValue =
  | null | boolean | number | bigint | string | Uint8Array
  | PyValue[] | PickleTuple | Map<PyValue, PyValue> | PickleGlobal | PickleObject | object;

/** A Python tuple, kept distinct from a list. */
export class PickleTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A module-level name the stream referenced (allowed, never imported). */
export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
  /** `module.name`, as Python prints it. */
  get qualified(): string { return `${this.module}.${this.name}`; }
}

/** An instance the stream built from an allowed class, recorded inertly: class, args, state. */
export class PickleObject {
  state: PyValue = null;
  constructor(readonly cls: PickleGlobal, readonly args: PyValue[]) {}
}

/** What a caller's allow-list does with a global when it is called (REDUCE, NEWOBJ). */
export interface PickleHooks {
  /** Resolves GLOBAL module.name: return a PickleGlobal to allow it, or throw to refuse it. */
  findGlobal(module: string, name: string): PickleGlobal;
  /** Calls an allowed global with its arguments (data in, data out). */
  call(fn: PickleGlobal, args: PyValue[]): PyValue;
  /** Resolves a persistent id (PyTorch's storages). */
  persistentLoad(pid: PyValue): PyValue;
}

/** A malformed or truncated stream; the caller names the file. */
export class PickleError extends Error {}

const MARK = Symbol('mark');
type Slot = PyValue | typeof MARK;

const MAX_MEMO = 1 << 24;

/** Interprets a pickle stream with the given hooks and returns its root value. */
export function unpickle(buf: Uint8Array, hooks: PickleHooks): PyValue {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dec = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  const stack: Slot[] = [];
  const memo = new Map<number, PyValue>();

  const need = (n: number) => {
    if (pos + n > buf.length) throw new PickleError(`stream ends inside an opcode at byte ${pos} (truncated?)`);
  };
  const u8 = () => { need(1); return buf[pos++]!; };
  const u16 = () => { need(2); const v = dv.getUint16(pos, true); pos += 2; return v; };
  const u32 = () => { need(4); const v = dv.getUint32(pos, true); pos += 4; return v; };
  const i32 = () => { need(4); const v = dv.getInt32(pos, true); pos += 4; return v; };
  const u64 = () => {
    need(8);
    const v = dv.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(buf.length)) throw new PickleError(`length ${v} exceeds the stream`);
    return Number(v);
  };
  const bytes = (n: number) => { need(n); const b = buf.subarray(pos, pos + n); pos += n; return b; };
  const line = () => {
    const end = buf.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError('stream ends inside a text line (truncated?)');
    const s = Buffer.from(buf.subarray(pos, end)).toString('latin1');
    pos = end + 1;
    return s;
  };
  const utf8 = (b: Uint8Array) => {
    try { return dec.decode(b); } catch { throw new PickleError('a string is not valid UTF-8'); }
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined) throw new PickleError('stack underflow');
    if (v === MARK) throw new PickleError('unexpected mark');
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new PickleError('stack underflow');
    return v;
  };
  const popMark = (): PyValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new PickleError('no mark on the stack');
    const items = stack.splice(i) as PyValue[];
    items.shift();
    return items;
  };
  const put = (k: number) => {
    if (memo.size >= MAX_MEMO) throw new PickleError('memo too large');
    memo.set(k, top());
  };
  const get = (k: number) => {
    if (!memo.has(k)) throw new PickleError(`memo key ${k} was never stored`);
    stack.push(memo.get(k)!);
  };
  const asDict = (v: PyValue): Map<PyValue, PyValue> => {
    if (v instanceof Map) return v;
    if (v instanceof PickleObject) {
      // dict subclasses the allow-list keeps inert (defaultdict, ConfigDict) carry their items.
      if (!(v.state instanceof Map)) v.state = new Map();
      return v.state as Map<PyValue, PyValue>;
    }
    throw new PickleError('SETITEM on something that is not a dict');
  };
  const asList = (v: PyValue): PyValue[] => {
    if (Array.isArray(v)) return v;
    throw new PickleError('APPEND on something that is not a list');
  };
  const call = (fn: PyValue, args: PyValue) => {
    if (!(fn instanceof PickleGlobal)) throw new PickleError('REDUCE on something that is not an allowed global');
    if (!(args instanceof PickleTuple)) throw new PickleError('REDUCE arguments are not a tuple');
    return hooks.call(fn, args.items);
  };
  const long = (b: Uint8Array): bigint => {
    if (b.length === 0) return 0n;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return v;
  };
  const intText = (s: string): PyValue => {
    if (s === '00') return false;
    if (s === '01') return true;
    if (!/^-?\d+L?$/.test(s)) throw new PickleError(`bad INT literal '${s}'`);
    return BigInt(s.replace(/L$/, ''));
  };

  for (;;) {
    const at = pos;
    const op = u8();
    switch (op) {
      case 0x80: { const p = u8(); if (p > 5) throw new PickleError(`pickle protocol ${p} is not supported`); break; } // PROTO
      case 0x95: u64(); break; // FRAME: framing is transparent to a reader of the whole stream
      case 0x2e: { // STOP
        const v = pop();
        return v;
      }
      case 0x28: stack.push(MARK); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(BigInt(i32())); break; // BININT
      case 0x4b: stack.push(BigInt(u8())); break; // BININT1
      case 0x4d: stack.push(BigInt(u16())); break; // BININT2
      case 0x8a: stack.push(long(bytes(u8()))); break; // LONG1
      case 0x8b: { const n = i32(); if (n < 0) throw new PickleError('negative LONG4 size'); stack.push(long(bytes(n))); break; }
      case 0x49: stack.push(intText(line())); break; // INT
      case 0x4c: stack.push(intText(line())); break; // LONG
      case 0x46: { const s = line(); const f = Number(s); if (Number.isNaN(f) && !/nan/i.test(s)) throw new PickleError(`bad FLOAT '${s}'`); stack.push(f); break; }
      case 0x47: { need(8); stack.push(dv.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT (big-endian)
      case 0x58: stack.push(utf8(bytes(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(utf8(bytes(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8(bytes(u64()))); break; // BINUNICODE8
      case 0x54: stack.push(Buffer.from(bytes(i32())).toString('latin1')); break; // BINSTRING (py2 str)
      case 0x55: stack.push(Buffer.from(bytes(u8())).toString('latin1')); break; // SHORT_BINSTRING
      case 0x42: stack.push(Uint8Array.from(bytes(u32()))); break; // BINBYTES
      case 0x43: stack.push(Uint8Array.from(bytes(u8()))); break; // SHORT_BINBYTES
      case 0x8e: stack.push(Uint8Array.from(bytes(u64()))); break; // BINBYTES8
      case 0x96: stack.push(Uint8Array.from(bytes(u64()))); break; // BYTEARRAY8
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x29: stack.push(new PickleTuple([])); break; // EMPTY_TUPLE
      case 0x8f: stack.push(new PickleObject(new PickleGlobal('builtins', 'set'), [])); break; // EMPTY_SET
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x74: stack.push(new PickleTuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new PickleTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PickleTuple([a, b])); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PickleTuple([a, b, c])); break; }
      case 0x91: stack.push(new PickleObject(new PickleGlobal('builtins', 'frozenset'), popMark())); break; // FROZENSET
      case 0x64: { // DICT
        const items = popMark();
        if (items.length % 2) throw new PickleError('DICT with an odd number of items');
        const m = new Map<PyValue, PyValue>();
        for (let i = 0; i < items.length; i += 2) m.set(items[i]!, items[i + 1]!);
        stack.push(m);
        break;
      }
      case 0x61: { const v = pop(); asList(top()).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); asList(top()).push(...items); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); asDict(top()).set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2) throw new PickleError('SETITEMS with an odd number of items');
        const d = asDict(top());
        for (let i = 0; i < items.length; i += 2) d.set(items[i]!, items[i + 1]!);
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof PickleObject)) throw new PickleError('ADDITEMS on something that is not a set');
        s.args.push(...items);
        break;
      }
      case 0x71: put(u8()); break; // BINPUT
      case 0x72: put(u32()); break; // LONG_BINPUT
      case 0x94: put(memo.size); break; // MEMOIZE
      case 0x70: put(Number(line())); break; // PUT
      case 0x68: get(u8()); break; // BINGET
      case 0x6a: get(u32()); break; // LONG_BINGET
      case 0x67: get(Number(line())); break; // GET
      case 0x63: { const m = line(); const n = line(); stack.push(hooks.findGlobal(m, n)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const n = pop();
        const m = pop();
        if (typeof m !== 'string' || typeof n !== 'string') throw new PickleError('STACK_GLOBAL needs two strings');
        stack.push(hooks.findGlobal(m, n));
        break;
      }
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ
      case 0x92: { pop(); const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ_EX (kwargs dropped)
      case 0x62: { // BUILD: only inert objects take state; dicts and tensors ignore an empty one
        const state = pop();
        const obj = top();
        if (obj instanceof PickleObject) obj.state = state;
        break;
      }
      case 0x51: stack.push(hooks.persistentLoad(pop())); break; // BINPERSID
      case 0x50: stack.push(hooks.persistentLoad(line())); break; // PERSID
      default:
        throw new PickleError(`opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at} is not allowed (not a data opcode)`);
    }
  }
}

/** Pickle protocol 2 writer for the state_dict shape torch.load(weights_only=True) accepts. */
export class PickleWriter {
  private parts: number[] = [];
  /** Appends raw opcode bytes. */
  raw(...b: number[]): this { this.parts.push(...b); return this; }
  /** GLOBAL module\nname\n. */
  global(module: string, name: string): this {
    this.parts.push(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
    return this;
  }
  /** BINUNICODE. */
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    const n = Buffer.alloc(4);
    n.writeUInt32LE(b.length);
    this.parts.push(0x58, ...n, ...b);
    return this;
  }
  /** BININT for 32-bit values, LONG1 otherwise. */
  int(v: number | bigint): this {
    const x = BigInt(v);
    if (x >= -(2n ** 31n) && x < 2n ** 31n) {
      const n = Buffer.alloc(4);
      n.writeInt32LE(Number(x));
      this.parts.push(0x4a, ...n);
    } else {
      const n = Buffer.alloc(8);
      n.writeBigInt64LE(x);
      this.parts.push(0x8a, 8, ...n);
    }
    return this;
  }
  /** A tuple of ints (sizes, strides). */
  intTuple(vs: number[]): this {
    this.raw(0x28);
    for (const v of vs) this.int(v);
    return this.raw(0x74);
  }
  /** The stream so far, with STOP appended. */
  finish(): Uint8Array { return Uint8Array.from([...this.parts, 0x2e]); }
}
