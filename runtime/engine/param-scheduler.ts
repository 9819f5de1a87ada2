/**
 * MMEngine's parameter schedulers (LinearLR, CosineAnnealingLR) in their chained form, stepped
 * as ParamSchedulerHook steps them: once each when built (before the first iteration), then
 * after every iteration (by_epoch=False, or by_epoch=True with convert_to_iter_based, whose
 * begin/end/T_max are multiplied by the iterations per epoch) or after every epoch. Each step
 * multiplies or moves the group's current lr, in double precision as Python does, so the values
 * are MMEngine's bit for bit (tests/engine/adamw.test.ts against check_mmengine.py's fixture).
 * The state is the groups' lr (saved in checkpoints), so a resumed run continues exactly.
 */
import { YolocError } from '../errors.js';

/** What a scheduler reads and writes of a parameter group. */
export interface LrGroup {
  lr: number;
  /** The lr the group started from (MMEngine's initial_lr: the base of eta_min_ratio and cosine). */
  initialLr: number;
}

interface Sched {
  kind: 'LinearLR' | 'CosineAnnealingLR';
  begin: number;
  end: number;
  byEpoch: boolean;
  startFactor: number;
  endFactor: number;
  tMax: number;
  etaMin: number | null;
  etaMinRatio: number | null;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(d: unknown, i: number, itersPerEpoch: number): Sched {
  const where = `param_scheduler[${i}]`;
  const bad = (msg: string) => new YolocError('YC7402', `config ${where}: ${msg}`);
  if (!isDict(d)) throw bad('must be a dict');
  const kind = typeof d.type === 'string' ? d.type.slice(d.type.lastIndexOf('.') + 1) : '';
  if (kind !== 'LinearLR' && kind !== 'CosineAnnealingLR') {
    throw bad(`type '${String(d.type)}' is not implemented by the runtime (LinearLR, CosineAnnealingLR are)`);
  }
  const keys = kind === 'LinearLR' ? ['start_factor', 'end_factor'] : ['T_max', 'eta_min', 'eta_min_ratio'];
  for (const k of Object.keys(d)) {
    if (!['type', '_scope_', 'begin', 'end', 'by_epoch', 'convert_to_iter_based', 'verbose', ...keys].includes(k)) throw bad(`${k} is not implemented for ${kind}`);
  }
  const num = (k: string, dflt: number | null): number | null => {
    const v = d[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${k} must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  let begin = num('begin', 0)!;
  let end = num('end', Infinity) ?? Infinity;
  let byEpoch = d.by_epoch === undefined ? true : d.by_epoch === true;
  let tMax = kind === 'CosineAnnealingLR' ? num('T_max', null) : null;
  if (d.convert_to_iter_based === true && byEpoch) {
    // build_iter_from_epoch: int(begin * n), int(end * n) unless INF, T_max * n
    byEpoch = false;
    if (tMax !== null) tMax *= itersPerEpoch;
    begin = Math.trunc(begin * itersPerEpoch);
    if (end !== Infinity) end = Math.trunc(end * itersPerEpoch);
  }
  if (!(end > begin)) throw bad(`end (${end}) must be larger than begin (${begin})`);
  const s: Sched = { kind, begin, end, byEpoch, startFactor: 1 / 3, endFactor: 1, tMax: 0, etaMin: null, etaMinRatio: null };
  if (kind === 'LinearLR') {
    s.startFactor = num('start_factor', 1 / 3)!;
    s.endFactor = num('end_factor', 1)!;
    if (s.startFactor < 0 || s.startFactor > 1 || s.endFactor < 0 || s.endFactor > 1) throw bad('start_factor and end_factor must lie in [0, 1]');
  } else {
    s.tMax = tMax || end - begin;
    if (!Number.isFinite(s.tMax)) throw bad('T_max is needed when end is not set');
    s.etaMin = num('eta_min', null);
    s.etaMinRatio = num('eta_min_ratio', null);
    if (s.etaMin === null && s.etaMinRatio === null) s.etaMin = 0;
    if (s.etaMin !== null && s.etaMinRatio !== null) throw bad('set either eta_min or eta_min_ratio, not both');
  }
  return s;
}

/** The next value of one group's lr at the scheduler's `lastStep` (MMEngine's _get_value). */
function value(s: Sched, lr: number, base: number, lastStep: number): number {
  if (s.kind === 'LinearLR') {
    if (lastStep === 0) return lr * s.startFactor;
    const total = s.end - s.begin - 1;
    return lr * (1 + (s.endFactor - s.startFactor) / (total * s.startFactor + (lastStep - 1) * (s.endFactor - s.startFactor)));
  }
  const eta = s.etaMinRatio === null ? s.etaMin! : base * s.etaMinRatio;
  if (lastStep === 0) return lr;
  if ((lastStep - 1 - s.tMax) % (2 * s.tMax) === 0) return lr + ((base - eta) * (1 - Math.cos(Math.PI / s.tMax))) / 2;
  return ((1 + Math.cos((Math.PI * lastStep) / s.tMax)) / (1 + Math.cos((Math.PI * (lastStep - 1)) / s.tMax))) * (lr - eta) + eta;
}

/** A config's `param_scheduler` (a dict or a list of dicts) as the loop drives it. */
export class MMEngineSchedule {
  private readonly scheds: Sched[];

  constructor(list: unknown, itersPerEpoch: number) {
    const items = Array.isArray(list) ? list : [list];
    this.scheds = items.map((d, i) => parse(d, i, itersPerEpoch));
  }

  private step(s: Sched, globalStep: number, groups: LrGroup[]): void {
    if (globalStep < s.begin || globalStep >= s.end) return;
    for (const g of groups) g.lr = value(s, g.lr, g.initialLr, globalStep - s.begin);
  }

  /** Before iteration `iter` (0-based over the run): the schedulers' build-time steps at 0, the
   * iteration-based ones' step `iter` after that. */
  beforeIter(iter: number, _epoch: number, _itersPerEpoch: number, groups: LrGroup[]): void {
    for (const s of this.scheds) if (!s.byEpoch || iter === 0) this.step(s, iter, groups);
  }

  /** After 0-based `epoch` ends: the epoch-based ones' step epoch + 1. */
  afterEpoch(epoch: number, groups: LrGroup[]): void {
    for (const s of this.scheds) if (s.byEpoch) this.step(s, epoch + 1, groups);
  }
}
