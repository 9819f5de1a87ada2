/**
 * Cascades: once a model part has a schema error (an unknown key such as `widen_facter`, a value
 * of the wrong type), the shape checks that read that part computed with whatever the error left
 * (the default the typo fell back to), so their numbers and fixes are wrong. Such a shape
 * diagnostic becomes a note that names the error it depends on, without its fix.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json } from '../frontend/values.js';
import type { ResolvedConfig } from '../types.js';

/** The model parts in the order features flow through them. */
const PARTS = ['/model/backbone', '/model/neck', '/model/bbox_head'] as const;
type Part = (typeof PARTS)[number];

/** The parts each shape check reads (channels and strides flow backbone -> neck -> head). */
const DEPENDS: Record<string, readonly Part[]> = {
  YC5001: ['/model/backbone', '/model/neck'],
  YC5002: ['/model/backbone', '/model/neck', '/model/bbox_head'],
  YC5003: ['/model/backbone', '/model/bbox_head'],
  YC5004: ['/model/bbox_head'],
  YC5005: ['/model/backbone', '/model/neck', '/model/bbox_head'],
  YC5006: ['/model/bbox_head'],
  YC5007: ['/model/bbox_head'],
  YC5008: ['/model/backbone', '/model/bbox_head'],
  YC5009: ['/model/backbone'],
  YC5010: ['/model/backbone', '/model/neck'],
  YC5011: ['/model/backbone'],
  YC5013: ['/model/backbone', '/model/neck'],
};

/** Arguments that change no channel, stride or level count: an error there leaves shapes alone. */
const NOT_SHAPES = /^(loss_\w+|norm_cfg|act_cfg|init_cfg|train_cfg|test_cfg|frozen_stages|norm_eval|bbox_coder|assigner|prior_match_thr)$/;

/** The part whose shapes a problem at `ptr` can change. */
function partOf(ptr: string): Part | undefined {
  const part = PARTS.find((p) => ptr === p || ptr.startsWith(p + '/'));
  if (!part) return undefined;
  const below = ptr.slice(part.length + 1).split('/');
  return below.some((seg) => NOT_SHAPES.test(seg.replace(/~1/g, '/').replace(/~0/g, '~'))) ? undefined : part;
}

function dotted(ptr: string): string {
  return ptr.slice(1).replace(/\//g, '.');
}

/** Whether a misspelt key left its argument at a default: not when the key it should be is set
 *  anyway (`num_base_prior=3` under a base that sets num_base_priors). */
function fellBack(d: Diagnostic, cfg: ResolvedConfig): boolean {
  if (d.code !== 'YC4002' && d.code !== 'YC4003') return true;
  const meant = /^rename '.*' to '(.+)'$/.exec(d.fix ?? '')?.[1];
  if (!meant || !d.path) return true;
  const dict = dictAt(cfg, d.path.slice(0, d.path.lastIndexOf('/')));
  return !(dict && Object.prototype.hasOwnProperty.call(dict, meant));
}

/** The dict at a pointer of the resolved data, or undefined. */
function dictAt(cfg: ResolvedConfig, ptr: string): Record<string, Json> | undefined {
  let cur: Json | undefined = cfg.data;
  for (const raw of ptr.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? cur[seg] : undefined;
  }
  return cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? cur : undefined;
}

/** The first schema problem in each part that can change what the shape checks compute. */
function partErrors(schema: readonly Diagnostic[], cfg: ResolvedConfig): Map<Part, Diagnostic> {
  const out = new Map<Part, Diagnostic>();
  for (const d of schema) {
    // An ignored **kwargs key is a warning, but the value it was meant to set fell back too.
    if (d.severity !== 'error' && d.code !== 'YC4003') continue;
    if (!fellBack(d, cfg)) continue;
    const ptrs = [d.path, ...(d.related ?? []).map((r) => r.path)].filter((p): p is string => p !== undefined);
    for (const ptr of ptrs) {
      const part = partOf(ptr);
      if (part && !out.has(part)) out.set(part, d);
    }
  }
  return out;
}

/** The shape diagnostics, with those that depend on a part with a schema error turned into notes. */
export function demoteCascades(cfg: ResolvedConfig, schema: readonly Diagnostic[], shapes: readonly Diagnostic[]): Diagnostic[] {
  const errors = partErrors(schema, cfg);
  if (!errors.size) return [...shapes];
  return shapes.map((d) => {
    const parts = DEPENDS[d.code];
    const part = parts?.find((p) => errors.has(p));
    if (!part || d.severity === 'info') return d;
    const first = errors.get(part)!;
    const at = first.span ? ` at ${path.basename(first.span.file)}:${first.span.line}:${first.span.col}` : '';
    const note: Diagnostic = {
      ...d,
      severity: 'info',
      message: `${d.message} (not reported as an error: this depends on ${dotted(part)}, which has error ${first.code}${at}; fix that first, then check again)`,
    };
    // The fix was computed from the values the error left behind.
    delete note.fix;
    return note;
  });
}
