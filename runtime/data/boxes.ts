/**
 * Horizontal boxes as MMDetection's HorizontalBoxes hold them: float32 rows of
 * [x1, y1, x2, y2] in pixels. Each op returns a new array (the transforms share inputs with
 * Mosaic's sub-results, so in-place edits would leak between samples).
 */

/** Number of boxes in a flat [N*4] array. */
export function boxCount(b: Float32Array): number {
  return b.length / 4;
}

/** Multiplies x by sx and y by sy (HorizontalBoxes.rescale_). */
export function rescaleBoxes(b: Float32Array, sx: number, sy: number): Float32Array {
  const o = new Float32Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    o[i] = b[i]! * sx; o[i + 1] = b[i + 1]! * sy; o[i + 2] = b[i + 2]! * sx; o[i + 3] = b[i + 3]! * sy;
  }
  return o;
}

/** Adds (dx, dy) (HorizontalBoxes.translate_). */
export function translateBoxes(b: Float32Array, dx: number, dy: number): Float32Array {
  const o = new Float32Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    o[i] = b[i]! + dx; o[i + 1] = b[i + 1]! + dy; o[i + 2] = b[i + 2]! + dx; o[i + 3] = b[i + 3]! + dy;
  }
  return o;
}

/** Clamps x to [0, w] and y to [0, h] (HorizontalBoxes.clip_ with img_shape (h, w)). */
export function clipBoxes(b: Float32Array, h: number, w: number): Float32Array {
  const o = new Float32Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    o[i] = Math.min(Math.max(b[i]!, 0), w); o[i + 2] = Math.min(Math.max(b[i + 2]!, 0), w);
    o[i + 1] = Math.min(Math.max(b[i + 1]!, 0), h); o[i + 3] = Math.min(Math.max(b[i + 3]!, 0), h);
  }
  return o;
}

/** Horizontal flip within an image of width w: x1' = w - x2, x2' = w - x1. */
export function flipBoxes(b: Float32Array, w: number): Float32Array {
  const o = new Float32Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    o[i] = w - b[i + 2]!; o[i + 1] = b[i + 1]!; o[i + 2] = w - b[i]!; o[i + 3] = b[i + 3]!;
  }
  return o;
}

/** Maps the four corners through a 3x3 homography and takes their bounds (project_). */
export function projectBoxes(b: Float32Array, m: number[]): Float32Array {
  const o = new Float32Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    const xs = [b[i]!, b[i + 2]!, b[i]!, b[i + 2]!];
    const ys = [b[i + 1]!, b[i + 1]!, b[i + 3]!, b[i + 3]!];
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (let k = 0; k < 4; k++) {
      const zw = m[6]! * xs[k]! + m[7]! * ys[k]! + m[8]!;
      const x = (m[0]! * xs[k]! + m[1]! * ys[k]! + m[2]!) / zw;
      const y = (m[3]! * xs[k]! + m[4]! * ys[k]! + m[5]!) / zw;
      x1 = Math.min(x1, x); x2 = Math.max(x2, x); y1 = Math.min(y1, y); y2 = Math.max(y2, y);
    }
    o[i] = x1; o[i + 1] = y1; o[i + 2] = x2; o[i + 3] = y2;
  }
  return o;
}

/** Keeps the rows where keep[i] is true. */
export function selectRows<T extends Float32Array | Int32Array | Uint8Array>(a: T, keep: boolean[], width: number): T {
  const n = keep.filter(Boolean).length;
  const o = new (a.constructor as new (n: number) => T)(n * width);
  let j = 0;
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    for (let k = 0; k < width; k++) o[j * width + k] = a[i * width + k]!;
    j++;
  }
  return o;
}

/** Concatenates typed arrays of one kind. */
export function concatRows<T extends Float32Array | Int32Array | Uint8Array>(parts: T[], empty: T): T {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const o = new (empty.constructor as new (n: number) => T)(n);
  let at = 0;
  for (const p of parts) { o.set(p, at); at += p.length; }
  return o;
}
