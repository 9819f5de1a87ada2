/**
 * The conv layer shapes the kernel benches time (bench/conv.ts, bench/onednn/run.ts): those that
 * cost most in a train step at 2x320 of the fixture StarNet-YOLOv5 (S*) and of YOLOv5s (V*), the
 * forward at 1x640 (F*: F5-F13 YOLOv5s's largest), and StarNet's 7x7 depthwise layers (D*).
 */

/** One conv layer; pad is symmetric (PyTorch's), so every engine computes the same output size.
 * groups: 1, or c for a depthwise layer (co = c). */
export interface ConvLayer { name: string; n: number; h: number; w: number; c: number; kh: number; kw: number; co: number; sh: number; sw: number; ph: number; pw: number; groups: number }

const L = (name: string, n: number, s: number, c: number, k: number, co: number, st = 1, p = (k - 1) >> 1): ConvLayer =>
  ({ name, n, h: s, w: s, c, kh: k, kw: k, co, sh: st, sw: st, ph: p, pw: p, groups: 1 });
/** StarNet's 7x7 depthwise layer. */
const D = (name: string, n: number, s: number, c: number): ConvLayer => ({ ...L(name, n, s, c, 7, c), groups: c });

export const CONV_LAYERS: ConvLayer[] = [
  L('S1', 2, 320, 3, 3, 32, 2), L('S2', 2, 160, 32, 3, 24, 2), L('S3', 2, 80, 96, 1, 24), L('S4', 2, 80, 24, 1, 96),
  L('S5', 2, 20, 96, 1, 384), L('S6', 2, 20, 384, 1, 96), L('S7', 2, 10, 192, 1, 768), L('S8', 2, 40, 48, 1, 192),
  L('S9', 2, 80, 24, 3, 48, 2), L('S10', 2, 40, 24, 3, 24),
  L('V1', 2, 320, 3, 6, 32, 2, 2), L('V2', 2, 160, 32, 3, 64, 2), L('V3', 2, 80, 32, 3, 32), L('V4', 2, 80, 64, 1, 32),
  L('V5', 2, 40, 64, 3, 64), L('V6', 2, 20, 128, 3, 128), L('V7', 2, 40, 128, 1, 255), L('V8', 2, 20, 256, 1, 256),
  L('V9', 2, 80, 64, 3, 128, 2), L('V10', 2, 10, 256, 3, 256),
  L('F1', 1, 640, 3, 3, 32, 2), L('F2', 1, 160, 24, 1, 96), L('F3', 1, 160, 96, 1, 24), L('F4', 1, 20, 192, 1, 768),
  L('F5', 1, 320, 32, 3, 64, 2), L('F6', 1, 160, 32, 3, 32), L('F7', 1, 80, 64, 3, 64), L('F8', 1, 40, 128, 3, 128),
  L('F9', 1, 160, 64, 1, 32), L('F10', 1, 80, 128, 1, 128), L('F11', 1, 40, 256, 1, 128), L('F12', 1, 80, 128, 1, 255),
  L('F13', 1, 640, 3, 6, 32, 2, 2),
  D('D1', 2, 80, 24), D('D2', 2, 40, 48), D('D3', 2, 20, 96), D('D4', 2, 10, 192), D('D5', 1, 160, 24), D('D6', 1, 80, 48),
  D('D7', 1, 40, 96),
];

/** Output height and width (PyTorch's floor). */
export const convOutSize = (l: ConvLayer): [number, number] =>
  [Math.floor((l.h + 2 * l.ph - l.kh) / l.sh) + 1, Math.floor((l.w + 2 * l.pw - l.kw) / l.sw) + 1];

/** Multiply-adds x 2 of one pass (forward; each gradient costs the same). */
export const convGflop = (l: ConvLayer): number => {
  const [oh, ow] = convOutSize(l);
  return (2 * l.n * oh * ow * l.co * l.kh * l.kw * (l.c / l.groups)) / 1e9;
};
