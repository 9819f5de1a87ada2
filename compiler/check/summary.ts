/**
 * The layer table of `yoloc summary`: every module of a YOLODetector config with its output
 * (channels x H x W at a given input size), stride, parameters and FLOPs, from the module
 * specs alone (no tensors). FLOPs are multiply-adds (MACs) of the convolutions.
 */
import {
  inputMap, SpecArgError, YOLODetectorSpec, countParams, type LayerRow, type RawArgs,
} from '../../runtime/modules/contracts.js';
import type { Diagnostic, PhaseResult } from '../diagnostics/types.js';
import { provenanceOf, type ResolvedConfig } from '../types.js';

/** The table and its totals; null value when the model has no spec to build from. */
export interface Summary {
  width: number;
  height: number;
  rows: LayerRow[];
  totals: { params: number; flops: number; backbone: number; neck: number; head: number };
}

/** The input size: `--size` if given, else the config's img_scale (w, h), else 640. */
export function summarySize(cfg: ResolvedConfig, size?: [number, number]): [number, number] {
  if (size) return size;
  const v = cfg.data.img_scale;
  if (typeof v === 'number' && Number.isInteger(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return [v[0] as number, v[1] as number];
  return [640, 640];
}

/** Builds the layer table of cfg.model at width x height. */
export function summarize(cfg: ResolvedConfig, size?: [number, number]): PhaseResult<Summary | null> {
  const [width, height] = summarySize(cfg, size);
  const model = cfg.data.model;
  try {
    if (!model || typeof model !== 'object' || Array.isArray(model)) throw new SpecArgError('', 'the config has no model dict');
    const args = YOLODetectorSpec.parseArgs(model as RawArgs);
    const t = YOLODetectorSpec.layers(args, [inputMap(width, height)]);
    const part = (p: string) => countParams(t.params.filter((x) => x.name.startsWith(p)));
    return {
      value: {
        width, height, rows: t.rows,
        totals: {
          params: countParams(t.params), flops: t.rows.reduce((s, r) => s + r.flops, 0),
          backbone: part('backbone.'), neck: part('neck.'), head: part('bbox_head.'),
        },
      },
      diagnostics: [],
    };
  } catch (e) {
    if (!(e instanceof SpecArgError)) throw e;
    const ptr = e.key ? `/model/${e.key}` : '/model';
    const d: Diagnostic = {
      code: 'YC5012', severity: 'error', path: ptr, span: provenanceOf(cfg, ptr)?.span,
      message: `cannot build the layer table: ${e.message}`,
      fix: 'summary covers YOLODetector with StarNet or YOLOv5CSPDarknet, YOLOv5PAFPN and YOLOv5Head',
    };
    return { value: null, diagnostics: [d] };
  }
}

const num = (n: number) => n.toLocaleString('en-US');
const giga = (n: number) => `${(n / 1e9).toFixed(3)} G`;

/** The table as text, with a header saying what FLOPs means. */
export function renderSummary(s: Summary, title: string): string {
  const head = ['module', 'type', 'out (C x H x W)', 'stride', 'params', 'FLOPs (MACs)'];
  const body = s.rows.map((r) => [r.path, r.type, `${r.out.channels} x ${r.out.h} x ${r.out.w}`, String(r.out.stride), num(r.params), num(r.flops)]);
  const t = s.totals;
  const foot = [
    ['backbone', '', '', '', num(t.backbone), ''],
    ['neck', '', '', '', num(t.neck), ''],
    ['bbox_head', '', '', '', num(t.head), ''],
    ['total', `${s.rows.length} layers`, '', '', num(t.params), `${num(t.flops)} (${giga(t.flops)})`],
  ];
  const all = [head, ...body, ...foot];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    `${title} at input ${s.width} x ${s.height} (W x H)`,
    'FLOPs are multiply-adds (MACs) of convolutions; BN, activations, pooling, upsampling and adds are not counted.',
    'params are trainable parameters (BN running statistics excluded).',
    '',
    fmt(head), rule, ...body.map(fmt), rule, ...foot.map(fmt),
  ].join('\n');
}
