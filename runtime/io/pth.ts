/**
 * PyTorch checkpoints (`torch.save`, zip format since 1.6): `<archive>/data.pkl` is a pickle
 * whose tensors point, through persistent ids, at raw little-endian storages in
 * `<archive>/data/<key>`. Reading goes through the restricted unpickler (pickle.ts) with an
 * allow-list of globals; nothing in the file is ever executed. Writing produces what
 * torch.load(weights_only=True) accepts: a dict, OrderedDicts, _rebuild_tensor_v2 and storages.
 */
import { readFileSync, openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync } from 'node:fs';
import { YolocError, fsReason } from '../errors.js';
import type { TensorData } from './safetensors.js';
import { listZip, readZipEntry, buildZip, ZipError } from './zip.js';
import { unpickle, PickleError, PickleGlobal, PickleObject, PickleTuple, PickleWriter, type PyValue } from './pickle.js';
import { materialize, STORAGE_DTYPES, TensorRef, StorageRef } from './pth-tensor.js';

export { TensorRef, StorageRef } from './pth-tensor.js';

/** What a checkpoint held: its root value (tensors as TensorRef) and a way to read tensors. */
export interface PthFile {
  file: string;
  root: PyValue;
  /** Reads one tensor's values (float types as float32, integer and bool types as int32). */
  tensor(ref: TensorRef): TensorData;
}

// Globals whose call only assembles data; everything else in a stream is refused.
const INERT = new Set([
  // MMEngine checkpoints carry numpy values and HistoryBuffers in `meta` and `message_hub`:
  // kept as inert records (never decoded), so the state_dict beside them stays loadable.
  'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.ndarray',
  'numpy.dtype', 'numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar',
  'mmengine.logging.history_buffer.HistoryBuffer', 'mmengine.config.config.ConfigDict',
  'torch.torch_version.TorchVersion', 'collections.defaultdict',
  'builtins.set', 'builtins.frozenset', 'builtins.slice', 'builtins.complex',
]);
const TENSOR_FNS = new Set([
  'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state',
]);

function findGlobal(file: string, module: string, name: string): PickleGlobal {
  const g = new PickleGlobal(module, name);
  const q = g.qualified;
  if (q === 'collections.OrderedDict' || q === 'torch.device' || q === '_codecs.encode' || q === 'torch.Size') return g;
  if (TENSOR_FNS.has(q) || INERT.has(q)) return g;
  // any storage class resolves; one we cannot decode is refused where it is used (YC7114)
  if (module === 'torch' && name.endsWith('Storage')) return g;
  throw new YolocError('YC7113', `the pickle refers to the global '${q}', which a checkpoint has no need for; refused (nothing was executed)`, file,
    'load only checkpoints from sources you trust; re-save the state_dict alone with torch.save(model.state_dict(), f)');
}

function ints(v: PyValue, what: string): number[] {
  if (!(v instanceof PickleTuple) && !Array.isArray(v)) throw new PickleError(`${what} is not a tuple`);
  const items = v instanceof PickleTuple ? v.items : v;
  return items.map((x) => {
    if (typeof x !== 'bigint' || x < 0n || x > BigInt(Number.MAX_SAFE_INTEGER)) throw new PickleError(`${what} holds a non-integer or negative entry`);
    return Number(x);
  });
}

function call(file: string, fn: PickleGlobal, args: PyValue[]): PyValue {
  const q = fn.qualified;
  switch (q) {
    case 'collections.OrderedDict':
      return new Map();
    case 'torch.device':
      return String(args[0] ?? 'cpu');
    case 'torch.Size':
      return new PickleTuple(ints(args[0] ?? new PickleTuple([]), 'torch.Size'));
    case '_codecs.encode': {
      // protocol-2 pickles of bytes: encode(str, 'latin1')
      if (typeof args[0] !== 'string') throw new PickleError('_codecs.encode without a string');
      return Uint8Array.from(Buffer.from(args[0], 'latin1'));
    }
    case 'torch._utils._rebuild_tensor':
    case 'torch._utils._rebuild_tensor_v2': {
      const [storage, offset, size, stride] = args;
      if (!(storage instanceof StorageRef)) throw new PickleError(`${q} without a storage`);
      if (typeof offset !== 'bigint') throw new PickleError(`${q}: storage offset is not an int`);
      const s = ints(size ?? null, 'tensor size');
      const st = ints(stride ?? null, 'tensor stride');
      if (s.length !== st.length) throw new PickleError(`${q}: size and stride differ in length`);
      return new TensorRef(storage, Number(offset), s, st);
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state': {
      if (!(args[0] instanceof TensorRef)) throw new PickleError(`${q} without a tensor`);
      return args[0];
    }
    default:
      if (INERT.has(q)) return new PickleObject(fn, args);
      throw new YolocError('YC7113', `the pickle calls '${q}', which is not a constructor a checkpoint needs; refused`, file);
  }
}

function persistentLoad(file: string, pid: PyValue): PyValue {
  // ('storage', torch.FloatStorage, key, location, numel)
  if (!(pid instanceof PickleTuple) || pid.items[0] !== 'storage' || pid.items.length < 5) {
    throw new YolocError('YC7112', 'a persistent id is not a storage reference', file);
  }
  const [, type, key, location, numel] = pid.items;
  if (!(type instanceof PickleGlobal) || !STORAGE_DTYPES[type.name]) {
    const name = type instanceof PickleGlobal ? type.qualified : typeof type;
    throw new YolocError('YC7114', `a tensor uses ${name}, a dtype not supported (${Object.keys(STORAGE_DTYPES).join(', ')})`, file);
  }
  if (typeof key !== 'string' || typeof numel !== 'bigint') throw new YolocError('YC7112', 'a storage reference is malformed', file);
  return new StorageRef(key, type.name, Number(numel), String(location));
}

/** Refuses what is not a zip checkpoint, telling the legacy format apart from garbage. */
function checkMagic(file: string, buf: Buffer): void {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return;
  const legacy = (buf.length > 2 && buf[0] === 0x80 && buf[1] === 0x02) || (buf.length > 262 && buf.toString('latin1', 257, 262) === 'ustar');
  if (legacy) {
    throw new YolocError('YC7111', 'this is the legacy (pre-1.6, non-zip) torch.save format, which is not supported', file,
      "re-save it with PyTorch >= 1.6: torch.save(torch.load(f), f2) (the zip format is the default)");
  }
  throw new YolocError('YC7110', 'not a PyTorch checkpoint (no zip header)', file);
}

/** Opens a .pth: unpickles data.pkl with the allow-list; tensors are read on demand. */
export function readPth(file: string): PthFile {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new YolocError('YC7100', `cannot open: ${fsReason(e)}`, file);
  }
  checkMagic(file, buf);
  const records = new Map<string, Buffer>();
  let prefix = '';
  let root: PyValue;
  try {
    const entries = listZip(buf);
    const pkl = [...entries.keys()].find((n) => n === 'data.pkl' || /^[^/]+\/data\.pkl$/.test(n));
    if (!pkl) throw new YolocError('YC7110', 'the zip holds no data.pkl: not a torch.save checkpoint', file);
    prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
    const get = (name: string): Buffer => {
      const cached = records.get(name);
      if (cached) return cached;
      const e = entries.get(name);
      if (!e) throw new YolocError('YC7114', `the record '${name}' is missing from the archive`, file);
      const data = readZipEntry(buf, e);
      records.set(name, data);
      return data;
    };
    const bo = entries.get(`${prefix}byteorder`);
    if (bo && readZipEntry(buf, bo).toString('latin1').trim() !== 'little') {
      throw new YolocError('YC7114', 'big-endian checkpoints are not supported', file);
    }
    root = unpickle(get(pkl), {
      findGlobal: (m, n) => findGlobal(file, m, n),
      call: (fn, args) => call(file, fn, args),
      persistentLoad: (pid) => persistentLoad(file, pid),
    });
    return {
      file,
      root,
      tensor: (ref) => guard(file, () => materialize(file, ref, get(`${prefix}data/${ref.storage.key}`))),
    };
  } catch (e) {
    throw asYolocError(file, e);
  }
}

function asYolocError(file: string, e: unknown): YolocError {
  if (e instanceof YolocError) return e;
  if (e instanceof ZipError) return new YolocError('YC7110', `damaged zip archive: ${e.message}`, file);
  if (e instanceof PickleError) return new YolocError('YC7112', `malformed pickle in data.pkl: ${e.message}`, file);
  // A damaged header field can send a read outside the buffer (RangeError): still a damaged file.
  return new YolocError('YC7110', `damaged checkpoint: ${(e as Error).message}`, file);
}

function guard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asYolocError(file, e);
  }
}

/** Options for writePth. */
export interface WritePthOptions {
  /** Wrap as MMEngine does, `{'state_dict': OrderedDict}` (default), or write the bare OrderedDict. */
  layout?: 'mmengine' | 'plain';
}

/**
 * Writes tensors as a zip checkpoint torch.load(weights_only=True) reads: float32 as
 * FloatStorage, int32 as IntStorage, keys in the map's order. Atomic (temp file + rename).
 */
export function writePth(file: string, tensors: Map<string, TensorData>, opts: WritePthOptions = {}): void {
  const w = new PickleWriter().raw(0x80, 2);
  const mmengine = (opts.layout ?? 'mmengine') === 'mmengine';
  if (mmengine) w.raw(0x7d).str('state_dict'); // EMPTY_DICT, key
  w.global('collections', 'OrderedDict').raw(0x29, 0x52, 0x28); // OrderedDict(), MARK
  const records: { name: string; data: Uint8Array }[] = [];
  let key = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new YolocError('YC7102', `tensor '${name}' has ${t.data.length} values for shape [${t.shape}]`, file);
    const bytes = Buffer.alloc(count * 4);
    if (t.dtype === 'int32') for (let i = 0; i < count; i++) bytes.writeInt32LE(t.data[i]!, i * 4);
    else for (let i = 0; i < count; i++) bytes.writeFloatLE(t.data[i]!, i * 4);
    const stride = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    w.str(name).global('torch._utils', '_rebuild_tensor_v2').raw(0x28); // fn, MARK (args)
    w.raw(0x28).str('storage').global('torch', t.dtype === 'int32' ? 'IntStorage' : 'FloatStorage')
      .str(String(key)).str('cpu').int(count).raw(0x74, 0x51); // persistent id tuple, BINPERSID
    w.int(0).intTuple(t.shape).intTuple(stride).raw(0x89); // offset, size, stride, requires_grad=False
    w.global('collections', 'OrderedDict').raw(0x29, 0x52); // backward_hooks
    w.raw(0x74, 0x52); // TUPLE, REDUCE
    records.push({ name: `archive/data/${key}`, data: bytes });
    key++;
  }
  w.raw(0x75); // SETITEMS
  if (mmengine) w.raw(0x73); // SETITEM state_dict
  const zip = buildZip([
    { name: 'archive/data.pkl', data: w.finish() },
    { name: 'archive/byteorder', data: Buffer.from('little') },
    ...records,
    { name: 'archive/version', data: Buffer.from('3\n') },
  ]);
  const tmp = `${file}.tmp-${process.pid}`;
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, zip);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (e) {
    if (fd >= 0) try { closeSync(fd); } catch { /* already closed */ }
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw new YolocError('YC7102', `cannot write: ${(e as Error).message}`, file);
  }
}
