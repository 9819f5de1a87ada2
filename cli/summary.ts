/**
 * `yoloc summary CONFIG [--size S]`: the layer table of a detector config (module path, type,
 * output channels x H x W, stride, parameters, FLOPs as multiply-adds) with totals.
 */
import { UsageError, parseCommandArgs, usageError } from './common.js';
import { helpText } from './commands.js';
import { renderJson, renderText } from '../compiler/diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/types.js';
import { provenanceOf } from '../compiler/types.js';
import { resolveConfig } from '../compiler/resolve.js';
import { canonicalConfig } from '../compiler/validate/index.js';
import { renderSummary, summarize } from '../compiler/check/summary.js';
import { expandCfgOptions, parseScopes } from './check.js';

const USAGE = helpText('summary', `usage: yoloc summary CONFIG [options]

Prints the layer table of the config's model: output C x H x W, stride, parameters and FLOPs
(multiply-adds of convolutions) per module, with totals.

options:
  --size S | WxH               input size (default: the config's img_scale, else 640)
  --format text|json           output form (default text)
  --cfg-options K=V [K=V ...]  overrides, MMEngine syntax: a.b=1 a.b=[1,2] a.b=(1,2)
  --scope NAME=DIR             folder of a package's configs, for NAME::path bases (repeatable)`);

/** Parses `640` or `640x480` (width x height). */
export function parseSize(s: string): [number, number] {
  const m = /^(\d+)(?:[x,](\d+))?$/.exec(s.trim());
  if (!m) throw new UsageError(`--size takes S or WxH (e.g. 640 or 640x480), got '${s}'`);
  const w = Number(m[1]);
  const h = m[2] === undefined ? w : Number(m[2]);
  if (w < 1 || h < 1 || w > 16384 || h > 16384) throw new UsageError(`--size must be between 1 and 16384, got '${s}'`);
  return [w, h];
}

/** Why a W x H input does not fit a model whose largest stride is `stride` (null: it fits), with the nearest sizes that do. */
export function sizeProblem(width: number, height: number, stride: number): { message: string; fix: string } | null {
  if (width % stride === 0 && height % stride === 0) return null;
  const near = (x: number) => [...new Set([Math.max(stride, Math.floor(x / stride) * stride), Math.ceil(x / stride) * stride])];
  const fmt = (w: number, h: number) => (w === h ? String(w) : `${w}x${h}`);
  const options = width === height ? near(width).map((x) => fmt(x, x)) : near(width).flatMap((w) => near(height).map((h) => fmt(w, h)));
  const odd = width % stride ? width : height;
  const up = Math.ceil(odd / stride) * 2; // the upsampled map of the deepest level
  const lateral = Math.ceil(odd / (stride / 2)); // the lateral map it is concatenated with
  return {
    message: `the input must be a multiple of the model's largest stride ${stride}: at ${odd} the neck would concatenate ${up}-pixel upsampled maps with ${lateral}-pixel lateral ones, which fails in PyTorch`,
    fix: `use --size ${options.join(' or ')}`,
  };
}

/** Runs `yoloc summary`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(expandCfgOptions(argv), {
    size: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'cfg-options': { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
  }, USAGE);
  if (!args) return 0;
  const { values, positionals } = args;
  if (positionals.length !== 1) throw usageError(`expected one CONFIG, got ${positionals.length}`, USAGE);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const size = values.size === undefined ? undefined : parseSize(values.size);
  const r = resolveConfig(positionals[0]!, { cfgOptions: values['cfg-options'] ?? [], scopes: parseScopes(values.scope) });
  if (!r.value || hasErrors(r.diagnostics)) {
    console.error(values.format === 'json' ? renderJson(r.diagnostics) : renderText(r.diagnostics));
    return 1;
  }
  const s = summarize(canonicalConfig(r.value), size);
  if (!s.value) {
    console.error(values.format === 'json' ? renderJson(s.diagnostics) : renderText(s.diagnostics));
    return 1;
  }
  const bad = sizeProblem(s.value.width, s.value.height, Math.max(...s.value.rows.map((r) => r.out.stride)));
  if (bad && values.size !== undefined) throw new UsageError(`--size ${values.size}: ${bad.message}`, 'YC5008', bad.fix);
  if (bad) {
    const d: Diagnostic = { code: 'YC5008', severity: 'error', path: '/img_scale', span: provenanceOf(r.value, '/img_scale')?.span, message: `img_scale ${s.value.width} x ${s.value.height}: ${bad.message}`, fix: `${bad.fix.replace('--size', 'img_scale')}, or give --size` };
    console.error(values.format === 'json' ? renderJson([d]) : renderText([d]));
    return 1;
  }
  if (values.format === 'json') console.log(JSON.stringify(s.value, null, 2));
  else console.log(renderSummary(s.value, positionals[0]!));
  return 0;
}
