/**
 * Recycling of kernel output memory. Every kernel output used to be a fresh Float32Array that V8
 * zero-fills and its garbage collector frees later: a 2x320 training step allocated 0.7 to 1.6 GB
 * that way, and the external-memory pressure alone triggered 35 to 125 GCs a step. Here the
 * backend hands the buffer of a disposed tensor to the next kernel that needs one of that size.
 *
 * Recycling is only safe when nothing can still read the buffer, so a buffer is reused only if
 * - allocF32 made it (never user data, never memory of a cpu-backend kernel),
 * - no live backend entry holds it or a view of it (cpu Slice returns subarray views, Reshape,
 *   Identity and a float Cast share entries: every write/move counts holders per ArrayBuffer),
 * - it never left the backend (readSync, i.e. dataSync()/data(), and moves hand the array itself
 *   to the caller, who may keep it: such a buffer is marked and never reused),
 * - and no kernel is running: a kernel may dispose an intermediate and still read it, so buffers
 *   freed inside a kernel wait until the outermost kernel returns.
 * Idle buffers of a size no kernel asked for during the last TRIM_EVERY requests (a training step
 * makes a few thousand) are dropped for the garbage collector, so memory of a finished phase
 * (another input size, evaluation after training) does not stay held.
 * `YOLOC_POOL=0` turns recycling off (for A/B runs); `YOLOC_POOL_MIB` caps the idle memory kept.
 */

/** Smallest array worth pooling (elements): smaller ones cost V8 little, and a map entry more. */
const MIN_ELEMENTS = 1024;
/** Requests between two sweeps of sizes nobody asked for. */
export const TRIM_EVERY = 16384;

let enabled = process.env.YOLOC_POOL !== '0';
const maxIdleBytes = Number(process.env.YOLOC_POOL_MIB ?? 2048) * 2 ** 20;

const ours = new WeakSet<ArrayBuffer>();
const escaped = new WeakSet<ArrayBuffer>();
const holders = new Map<ArrayBuffer, number>();
const idle = new Map<number, ArrayBuffer[]>();
let idleBytes = 0;
let depth = 0;
const pending = new Set<ArrayBuffer>(); // a Set: one buffer freed twice is pooled once
const counts = { allocated: 0, reused: 0, recycled: 0, dropped: 0 };
let requests = 0;
const asked = new Set<number>();

/** A Float32Array of n elements for a kernel output: zero-filled unless `zero` is false, in which
 * case the caller must write every element (a recycled buffer holds old values). */
export function allocF32(n: number, zero = true): Float32Array {
  if (!enabled || n < MIN_ELEMENTS) return new Float32Array(n);
  if (++requests % TRIM_EVERY === 0) trim();
  asked.add(n * 4);
  const list = idle.get(n * 4);
  let buf = list?.pop();
  // A buffer stored again after it was freed (no known path does this) is live: never hand it out.
  while (buf !== undefined && holders.has(buf)) {
    idleBytes -= buf.byteLength;
    buf = list?.pop();
  }
  if (buf !== undefined) {
    idleBytes -= buf.byteLength;
    counts.reused++;
    const a = new Float32Array(buf);
    if (zero) a.fill(0);
    return a;
  }
  const a = new Float32Array(n);
  ours.add(a.buffer as ArrayBuffer);
  counts.allocated++;
  return a;
}

function bufferOf(values: unknown): ArrayBuffer | null {
  if (!ArrayBuffer.isView(values)) return null;
  const b = values.buffer;
  return b instanceof ArrayBuffer && ours.has(b) ? b : null;
}

/** The backend stored `values` (or a view of them) under one more data id. */
export function noteStored(values: unknown): void {
  const b = bufferOf(values);
  if (b !== null) holders.set(b, (holders.get(b) ?? 0) + 1);
}

/** `values` left the backend (dataSync, data(), a move): their buffer is never reused. */
export function noteEscaped(values: unknown): void {
  const b = bufferOf(values);
  if (b !== null) escaped.add(b);
}

/** The backend deleted one data id that held `values`; the last holder frees the buffer. */
export function noteReleased(values: unknown): void {
  const b = bufferOf(values);
  if (b === null) return;
  const left = (holders.get(b) ?? 1) - 1;
  if (left > 0) {
    holders.set(b, left);
    return;
  }
  holders.delete(b);
  if (!enabled || escaped.has(b)) return;
  if (depth > 0) pending.add(b);
  else recycle(b);
}

/** Drops the idle buffers of every size not requested since the last sweep. */
function trim(): void {
  for (const [bytes, list] of idle) {
    if (asked.has(bytes)) continue;
    idleBytes -= bytes * list.length;
    counts.dropped += list.length;
    idle.delete(bytes);
  }
  asked.clear();
}

function recycle(b: ArrayBuffer): void {
  if (idleBytes + b.byteLength > maxIdleBytes) {
    counts.dropped++;
    return; // the garbage collector takes it
  }
  let list = idle.get(b.byteLength);
  if (list === undefined) idle.set(b.byteLength, (list = []));
  list.push(b);
  idleBytes += b.byteLength;
  counts.recycled++;
}

/** Runs a kernel; buffers freed while it (or a kernel it calls) runs are reused only after. */
export function inKernel<T>(run: () => T): T {
  depth++;
  try {
    return run();
  } finally {
    if (--depth === 0 && pending.size > 0) {
      // A kernel may have stored a freed intermediate's memory in its output: that one stays.
      for (const b of pending) if (!holders.has(b)) recycle(b);
      pending.clear();
    }
  }
}

/** Counters since start (allocated fresh, reused, returned to the pool, left to the GC) and the idle bytes. */
export function allocStats(): { allocated: number; reused: number; recycled: number; dropped: number; idleBytes: number; enabled: boolean } {
  return { ...counts, idleBytes, enabled };
}

/** Lets go of every idle buffer (the garbage collector takes them): after a phase whose sizes will
 * not come back, such as the tfjs forward an inference plan replaces. */
export function dropIdleBuffers(): void {
  for (const list of idle.values()) counts.dropped += list.length;
  idle.clear();
  idleBytes = 0;
}

/** Turns recycling on or off (tests, A/B runs) and empties the pool. */
export function setAllocPool(on: boolean): void {
  enabled = on;
  idle.clear();
  idleBytes = 0;
}
