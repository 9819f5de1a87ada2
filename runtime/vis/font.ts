/** A 3x5 pixel font for plot labels and detection captions (no font files, no native deps). */

// 3x5 glyphs, rows top to bottom, 3 bits each (MSB = left column).
const FONT: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7], '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 1, 1, 1], '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7],
  '.': [0, 0, 0, 0, 2], '-': [0, 0, 7, 0, 0], ':': [0, 2, 0, 2, 0], ' ': [0, 0, 0, 0, 0], '_': [0, 0, 0, 0, 7],
  '/': [1, 1, 2, 4, 4], 'e': [0, 7, 7, 4, 7],
  a: [0, 7, 1, 7, 7], b: [4, 4, 7, 5, 7], c: [0, 7, 4, 4, 7], d: [1, 1, 7, 5, 7], f: [3, 4, 6, 4, 4], g: [7, 5, 7, 1, 7],
  h: [4, 4, 7, 5, 5], i: [2, 0, 2, 2, 2], j: [1, 0, 1, 5, 7], k: [4, 5, 6, 5, 5], l: [6, 2, 2, 2, 7], m: [0, 7, 7, 5, 5],
  n: [0, 6, 5, 5, 5], o: [0, 7, 5, 5, 7], p: [0, 7, 5, 7, 4], q: [0, 7, 5, 7, 1], r: [0, 7, 4, 4, 4], s: [0, 7, 6, 1, 7],
  t: [4, 7, 4, 4, 3], u: [0, 5, 5, 5, 7], v: [0, 5, 5, 5, 2], w: [0, 5, 7, 7, 7], x: [0, 5, 2, 2, 5], y: [5, 5, 7, 1, 7],
  z: [0, 7, 1, 4, 7], A: [7, 5, 7, 5, 5], P: [7, 5, 7, 4, 4],
};

/** Rows (top to bottom, 3 bits each, MSB = left column) of a character; unknown ones are blank. */
export function glyph(ch: string): number[] {
  return FONT[ch] ?? FONT[ch.toLowerCase()] ?? FONT[ch.toUpperCase()] ?? FONT[' ']!;
}
