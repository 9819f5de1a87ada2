/**
 * Training logs as MMEngine prints them (`Epoch(train)  [1][ 50/118]  lr: ...  eta: ...  time:
 * ...  data_time: ...  memory: ...  loss: ...`), scalars as JSON lines in
 * `<work_dir>/vis_data/scalars.json` (MMEngine's LocalVisBackend layout), a progress bar on a
 * terminal (cli-progress), and the PNG plot of the curves.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { plotCurves } from './plot.js';

/** MMEngine's eta format: `1 day, 2:03:04` or `0:01:23`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return days ? `${days} day${days > 1 ? 's' : ''}, ${hms}` : hms;
}

function timestamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** What the progress line shows. */
export interface ProgressState {
  epoch: number; maxEpochs: number; iter: number; totalIters: number; loss: number; secPerIter: number;
  /** seconds left for the whole run (training and its validations) */
  eta: number;
}

/** The progress line: `epoch 3/30  iter 60/720 [####------] 8%  loss 1.462  0.47 s/it  eta 0:05:12`. */
export function formatProgress(s: ProgressState, barSize = 20): string {
  const frac = s.totalIters > 0 ? Math.min(1, s.iter / s.totalIters) : 0;
  const filled = Math.round(frac * barSize);
  const bar = '#'.repeat(filled) + '-'.repeat(barSize - filled);
  const num = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const w = String(s.totalIters).length;
  return `epoch ${String(s.epoch).padStart(String(s.maxEpochs).length)}/${s.maxEpochs}  iter ${String(s.iter).padStart(w)}/${s.totalIters} [${bar}] ${String(Math.floor(frac * 100)).padStart(3)}%`
    + `  loss ${num(s.loss, 3)}  ${num(s.secPerIter, 2)} s/it  eta ${Number.isFinite(s.eta) ? formatEta(s.eta) : '-'}`;
}

export class TrainLogger {
  private readonly scalarsFile: string;
  private readonly logFile: string;
  private bar: cliProgress.SingleBar | null = null;
  private readonly lossPoints = new Map<string, [number, number][]>();
  private readonly metricPoints = new Map<string, [number, number][]>();

  /** `logFile`: where the text log goes (default `<work_dir>/train.log`; yoloc train: `<work_dir>/<timestamp>/<timestamp>.log`). */
  constructor(readonly workDir: string, readonly quiet = false, logFile?: string) {
    mkdirSync(path.join(workDir, 'vis_data'), { recursive: true });
    this.scalarsFile = path.join(workDir, 'vis_data', 'scalars.json');
    this.logFile = logFile ?? path.join(workDir, 'train.log');
  }

  /** A line to stdout (unless quiet) and to the log file. */
  info(msg: string): void {
    const line = `${timestamp()} - yoloc - INFO - ${msg}`;
    appendFileSync(this.logFile, line + '\n');
    if (this.quiet) return;
    if (this.bar) process.stdout.write('\r\x1b[K');
    console.log(line);
  }

  /** The MMEngine-style iteration line, plus a JSON line of the scalars. */
  trainIter(s: {
    epoch: number; iterInEpoch: number; itersPerEpoch: number; iter: number; lr: number; eta: number;
    time: number; dataTime: number; losses: Record<string, number>;
  }): void {
    const memory = Math.round(process.memoryUsage().rss / 2 ** 20);
    const w = String(s.itersPerEpoch).length;
    const losses = Object.entries(s.losses).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join('  ');
    this.info(`Epoch(train)  [${s.epoch}][${String(s.iterInEpoch).padStart(w)}/${s.itersPerEpoch}]  lr: ${s.lr.toExponential(4)}  eta: ${formatEta(s.eta)}  time: ${s.time.toFixed(4)}  data_time: ${s.dataTime.toFixed(4)}  memory: ${memory}  ${losses}`);
    appendFileSync(this.scalarsFile, JSON.stringify({ lr: s.lr, data_time: s.dataTime, ...s.losses, time: s.time, epoch: s.epoch, iter: s.iter, step: s.iter, memory }) + '\n');
    for (const [k, v] of Object.entries(s.losses)) {
      if (!this.lossPoints.has(k)) this.lossPoints.set(k, []);
      this.lossPoints.get(k)!.push([s.iter, v]);
    }
  }

  /** Validation metrics line and scalars (`coco/bbox_mAP` ...). */
  valEpoch(epoch: number, iter: number, metrics: Record<string, number>): void {
    const txt = Object.entries(metrics).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join('  ');
    this.info(`Epoch(val) [${epoch}]  ${txt}`);
    appendFileSync(this.scalarsFile, JSON.stringify({ ...metrics, epoch, step: epoch, iter }) + '\n');
    for (const [k, v] of Object.entries(metrics)) {
      if (!k.endsWith('bbox_mAP') && !k.endsWith('bbox_mAP_50')) continue;
      if (!this.metricPoints.has(k)) this.metricPoints.set(k, []);
      this.metricPoints.get(k)!.push([epoch, v]);
    }
  }

  /** Restores curve history (on resume) from scalars.json lines already written. */
  seed(lines: Record<string, number>[]): void {
    for (const r of lines) {
      if ('loss' in r && 'iter' in r) {
        for (const [k, v] of Object.entries(r)) if (k.startsWith('loss')) {
          if (!this.lossPoints.has(k)) this.lossPoints.set(k, []);
          this.lossPoints.get(k)!.push([r.iter!, v]);
        }
      } else {
        for (const [k, v] of Object.entries(r)) if (k.endsWith('bbox_mAP') || k.endsWith('bbox_mAP_50')) {
          if (!this.metricPoints.has(k)) this.metricPoints.set(k, []);
          this.metricPoints.get(k)!.push([r.epoch!, v]);
        }
      }
    }
  }

  /** Writes `<work_dir>/curves.png`: losses over iterations, mAP over epochs. */
  plot(): string {
    const colors: [number, number, number][] = [[200, 30, 30], [30, 30, 200], [20, 140, 20], [160, 90, 0], [120, 0, 160]];
    const file = path.join(this.workDir, 'curves.png');
    plotCurves(file, [
      { title: 'training loss', xLabel: 'iter', series: [...this.lossPoints].map(([name, points], i) => ({ name, points, color: colors[i % colors.length]! })) },
      { title: 'validation', xLabel: 'epoch', series: [...this.metricPoints].map(([name, points], i) => ({ name: name.replace('coco/', ''), points, color: colors[(i + 2) % colors.length]! })) },
    ]);
    return file;
  }

  /** A progress line on a terminal (epoch, iteration, loss, s/iter, eta); nothing when stdout is not a TTY. */
  startBar(total: number, start: number, maxEpochs = 0): void {
    if (this.quiet || !process.stdout.isTTY) return;
    this.bar = new cliProgress.SingleBar({
      format: (options, params, payload: Partial<ProgressState>) => formatProgress({
        iter: params.value, totalIters: params.total, epoch: payload.epoch ?? 0, maxEpochs: payload.maxEpochs ?? maxEpochs,
        loss: payload.loss ?? NaN, secPerIter: payload.secPerIter ?? NaN, eta: payload.eta ?? NaN,
      }, options.barsize ?? 20),
      hideCursor: true, clearOnComplete: true,
    });
    this.bar.start(total, start, { maxEpochs });
  }

  /** Moves the progress line to `s.iter`. */
  tickBar(s: Omit<ProgressState, 'totalIters' | 'maxEpochs'>): void {
    this.bar?.update(s.iter, s);
  }

  stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
