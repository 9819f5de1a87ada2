/**
 * A PNG line chart of training curves (loss and bbox mAP over iterations/epochs), drawn with
 * pngjs and a 3x5 pixel font for the labels: enough to see a run at a glance, no native deps.
 */
import { PNG } from 'pngjs';
import { writeFileSync, renameSync } from 'node:fs';
import { glyph } from '../vis/font.js';

export interface Series {
  name: string;
  points: [number, number][];
  color: [number, number, number];
}


class Canvas {
  readonly png: PNG;
  constructor(readonly w: number, readonly h: number) {
    this.png = new PNG({ width: w, height: h });
    this.png.data.fill(255);
  }
  px(x: number, y: number, c: readonly number[]): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 4;
    this.png.data[i] = c[0]!;
    this.png.data[i + 1] = c[1]!;
    this.png.data[i + 2] = c[2]!;
    this.png.data[i + 3] = 255;
  }
  line(x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void {
    const n = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= n; i++) this.px(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n, c);
  }
  text(x: number, y: number, s: string, c: readonly number[], scale = 2): void {
    for (const ch of s) {
      const g = glyph(ch);
      for (let r = 0; r < 5; r++) for (let col = 0; col < 3; col++) {
        if ((g[r]! >> (2 - col)) & 1) for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) this.px(x + col * scale + dx, y + r * scale + dy, c);
      }
      x += 4 * scale;
    }
  }
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** Draws one panel per entry of `panels` side by side and writes the PNG atomically. */
export function plotCurves(file: string, panels: { title: string; xLabel: string; series: Series[] }[]): void {
  const pw = 420;
  const ph = 300;
  const cv = new Canvas(pw * Math.max(panels.length, 1), ph);
  panels.forEach((panel, k) => {
    const ox = k * pw;
    const l = ox + 56, r = ox + pw - 12, t = 28, b = ph - 40;
    const pts = panel.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    cv.text(ox + 10, 6, panel.title, [0, 0, 0]);
    cv.line(l, b, r, b, [0, 0, 0]);
    cv.line(l, t, l, b, [0, 0, 0]);
    cv.text(l + (r - l) / 2 - panel.xLabel.length * 4, b + 24, panel.xLabel, [60, 60, 60]);
    if (!pts.length) return;
    let [xmin, xmax] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    let [ymin, ymax] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
    if (xmax === xmin) xmax = xmin + 1;
    if (ymax === ymin) { ymax += 0.5; ymin -= 0.5; }
    const X = (x: number) => l + ((x - xmin) / (xmax - xmin)) * (r - l);
    const Y = (y: number) => b - ((y - ymin) / (ymax - ymin)) * (b - t);
    for (let i = 0; i <= 4; i++) {
      const yv = ymin + ((ymax - ymin) * i) / 4;
      cv.line(l - 4, Y(yv), l, Y(yv), [0, 0, 0]);
      cv.text(ox + 4, Y(yv) - 5, fmt(yv), [60, 60, 60]);
      const xv = xmin + ((xmax - xmin) * i) / 4;
      cv.line(X(xv), b, X(xv), b + 4, [0, 0, 0]);
      cv.text(X(xv) - 8, b + 8, fmt(xv), [60, 60, 60]);
    }
    panel.series.forEach((s, si) => {
      cv.text(r - 150, t + 4 + si * 14, s.name, s.color);
      for (let i = 1; i < s.points.length; i++) {
        const [a, c] = [s.points[i - 1]!, s.points[i]!];
        cv.line(X(a[0]), Y(a[1]), X(c[0]), Y(c[1]), s.color);
      }
      if (s.points.length === 1) cv.px(X(s.points[0]![0]), Y(s.points[0]![1]), s.color);
    });
  });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, PNG.sync.write(cv.png));
  renameSync(tmp, file);
}
