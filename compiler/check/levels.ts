/**
 * Level-by-level checks from backbone through neck to head, without tensors: out_indices,
 * level counts, channels after widen_factor, and real strides against featmap_strides. Each
 * problem gets its own YC5xxx code, both sides' locations and a concrete fix.
 */
import {
  makeDivisible, pafpnConcatMismatches, unwidenAll, yolov8ConcatMismatches, type FeatureLevel, type YOLOv5PAFPNArgs, type YOLOv8PAFPNArgs,
} from '../../runtime/modules/contracts.js';
import { combinations, pyList, pyTuple, sameList, type CheckContext } from './context.js';
import type { HeadPart, Located, ModelParts } from './parts.js';
import type { BackboneSpec, ConsumerSpec } from '../../runtime/modules/contracts.js';

type Backbone = Located<BackboneSpec<unknown>>;
type Neck = Located<ConsumerSpec<unknown>>;

const dotted = (ptr: string) => ptr.slice(1).replace(/\//g, '.');
const describe = (ls: readonly FeatureLevel[]) => ls.map((l) => (l.stride ? `${l.channels}@${l.stride}` : `${l.channels}`)).join(', ');

/** out_indices choices of the backbone whose levels have these channels and/or strides. */
function choices(bb: Backbone, k: number, want: { channels?: readonly number[]; strides?: readonly number[] }): number[][] {
  const all = bb.spec.candidates(bb.args);
  return combinations(all.length, k).filter((idx) =>
    (!want.channels || sameList(idx.map((i) => all[i]!.channels), want.channels)) &&
    (!want.strides || sameList(idx.map((i) => all[i]!.stride), want.strides)));
}

/** YC5009 (out of range) and YC5011 (repeated); returns the levels the backbone really outputs. */
export function checkBackbone(ctx: CheckContext, bb: Backbone): { levels: FeatureLevel[]; outOfRange: boolean } {
  const all = bb.spec.candidates(bb.args);
  const idx = bb.spec.outIndices(bb.args);
  const ptr = `${bb.ptr}/out_indices`;
  const bad = idx.filter((i) => i < 0 || i >= all.length);
  if (bad.length) {
    const table = all.map((l, i) => `${i}: ${l.channels} channels, stride ${l.stride}`).join('; ');
    const good = choices(bb, Math.min(3, all.length), { strides: [8, 16, 32] })[0] ?? idx.filter((i) => !bad.includes(i));
    ctx.report('YC5009', 'error', ptr,
      `out_indices ${ctx.show(ptr)} of ${bb.type}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a layer index (valid: 0 to ${all.length - 1}; ${table})`,
      `set out_indices to ${pyTuple(good)}`, [ctx.related(`${bb.ptr}/type`, `${bb.type} with ${all.length} selectable layers set here`)]);
  }
  const seen = new Set<number>();
  for (const i of idx) {
    if (seen.has(i)) {
      ctx.report('YC5011', 'warning', ptr, `out_indices ${ctx.show(ptr)} repeats ${i}: the backbone returns each layer once, so ${new Set(idx).size} levels, not ${idx.length}`,
        `set out_indices to ${pyTuple([...new Set(idx)].sort((a, b) => a - b))}`);
      break;
    }
    seen.add(i);
  }
  return { levels: bb.spec.outputs(bb.args), outOfRange: bad.length > 0 };
}

/** Backbone -> neck: level count (YC5005), channels (YC5001), x2 strides (YC5013), concats (YC5010). */
export function checkNeck(
  ctx: CheckContext, bb: Backbone | undefined, levels: FeatureLevel[] | undefined, neck: Neck, head?: HeadPart, outOfRange = false,
): void {
  const inPtr = `${neck.ptr}/in_channels`;
  const expected = neck.spec.expectedInputs(neck.args);
  if (neck.type === 'YOLOv8PAFPN') {
    const a = neck.args as YOLOv8PAFPNArgs;
    const bad = yolov8ConcatMismatches(a);
    if (bad.length) {
      const same = a.in_channels.length === a.out_channels.length && a.in_channels.every((c, i) => c === a.out_channels[i]);
      ctx.report('YC5010', 'error', inPtr,
        `${neck.type} in_channels ${ctx.show(inPtr)} and out_channels ${ctx.show(`${neck.ptr}/out_channels`)} (widen_factor ${a.widen_factor}) do not chain: ${bad.map((m) => `${dotted(neck.ptr)}.${m.layer} gets ${m.got} channels but was built for ${m.expected}`).join('; ')}`,
        same ? 'use in_channels that widen to multiples of 16' : 'give out_channels the same values as in_channels (its layers are built from both)',
        [ctx.related(`${neck.ptr}/out_channels`, 'out_channels set here')]);
    }
  }
  if (neck.type === 'YOLOv5PAFPN') {
    const a = neck.args as YOLOv5PAFPNArgs;
    const bad = pafpnConcatMismatches(a);
    if (bad.length) {
      // Widened channels that are multiples of 16 keep 2 * md(c) == md(2c).
      const even = a.in_channels.map((c) => Math.max(16, Math.round(makeDivisible(c, a.widen_factor) / 16) * 16));
      const fix = unwidenAll(even, a.widen_factor);
      ctx.report('YC5010', 'error', inPtr,
        `in_channels ${ctx.show(inPtr)} widen by ${a.widen_factor} to ${pyList(expected)}, but make_divisible(2 * c) != 2 * make_divisible(c): ${bad.map((m) => `${dotted(neck.ptr)}.${m.layer} concatenates ${m.got} channels but was built for ${m.expected}`).join('; ')}`,
        fix ? `use in_channels that widen to multiples of 16, e.g. ${pyList(fix)}` : 'use in_channels that widen to multiples of 16');
    }
  }
  if (!bb || !levels) return;
  const outPtr = `${bb.ptr}/out_indices`;
  const got = levels.map((l) => l.channels);
  const related = [ctx.related(outPtr, `${bb.type} outputs ${describe(levels)} (channels@stride) for out_indices ${ctx.show(outPtr)}`)];
  if (levels.length !== expected.length) {
    if (outOfRange) return; // YC5009 already says which index to change
    const pick = choices(bb, expected.length, { channels: expected })[0];
    const fix = pick ? `set ${dotted(outPtr)} to ${pyTuple(pick)}`
      : `give ${dotted(inPtr)} one entry per backbone output, e.g. ${pyList(neck.spec.suggestInChannels(neck.args, got) ?? got)}`;
    ctx.report('YC5005', 'error', inPtr,
      `${neck.type} in_channels ${ctx.show(inPtr)} has ${expected.length} levels but the backbone outputs ${levels.length}`, fix, related);
    return;
  }
  if (!sameList(got, expected)) {
    const wantStrides = head?.module.featmap_strides;
    const both = wantStrides ? choices(bb, expected.length, { channels: expected, strides: wantStrides })[0] : undefined;
    const suggestion = neck.spec.suggestInChannels(neck.args, got);
    const stridesOk = !wantStrides || sameList(levels.map((l) => l.stride), wantStrides);
    // Prefer a fix that also lands on the head's strides; else keep out_indices and fix in_channels.
    const pick = both ?? (suggestion && stridesOk ? undefined : choices(bb, expected.length, { channels: expected })[0]);
    if (pick) {
      ctx.report('YC5001', 'error', outPtr,
        `${bb.type} outputs ${pyList(got)} channels for out_indices ${ctx.show(outPtr)}, but ${neck.type} expects ${pyList(expected)} (in_channels ${ctx.show(inPtr)} after widen_factor)`,
        `set out_indices to ${pyTuple(pick)}`, [ctx.related(inPtr, `${neck.type} in_channels set here`)]);
    } else {
      ctx.report('YC5001', 'error', inPtr,
        `${neck.type} expects ${pyList(expected)} channels (in_channels ${ctx.show(inPtr)} after widen_factor) but ${bb.type} outputs ${pyList(got)}`,
        suggestion ? `set in_channels to ${pyList(suggestion)}` : `change the backbone so its levels have ${pyList(expected)} channels`, related);
    }
  }
  const strides = levels.map((l) => l.stride);
  if (strides.some((s, i) => i > 0 && s !== 2 * strides[i - 1]!)) {
    const fs = head?.module.featmap_strides;
    const pick = (fs ? choices(bb, levels.length, { strides: fs })[0] : undefined)
      ?? choices(bb, levels.length, { strides: strides.map((_, i) => strides[0]! * 2 ** i) })[0];
    ctx.report('YC5013', 'error', outPtr,
      `${bb.type} outputs strides ${pyList(strides)} for out_indices ${ctx.show(outPtr)}; ${neck.type} upsamples by 2 between levels, so they must double level by level`,
      pick ? `set out_indices to ${pyTuple(pick)}` : 'pick consecutive backbone layers', [ctx.related(inPtr, `${neck.type} set here`)]);
  }
}

/** Neck (or backbone) -> head: level count (YC5005) and channels (YC5002). */
export function checkHeadInputs(ctx: CheckContext, feeding: { ptr: string; type: string; levels: FeatureLevel[] }, head: HeadPart): void {
  const m = head.module;
  const inPtr = `${head.modulePtr}/in_channels`;
  const fsPtr = `${head.modulePtr}/featmap_strides`;
  const n = m.featmap_strides.length;
  if (Array.isArray(m.in_channels) && m.in_channels.length < n) {
    ctx.report('YC5005', 'error', inPtr,
      `head in_channels ${ctx.show(inPtr)} has ${m.in_channels.length} levels but featmap_strides ${ctx.show(fsPtr)} has ${n}: ${head.moduleType} builds one branch per stride`,
      `give in_channels ${n} entries, or featmap_strides ${m.in_channels.length}`, [ctx.related(fsPtr, 'featmap_strides set here')]);
    return;
  }
  const from = ctx.related(feeding.ptr, `${feeding.type} outputs ${describe(feeding.levels)} (channels@stride)`);
  if (feeding.levels.length !== n) {
    ctx.report('YC5005', 'error', fsPtr,
      `the head has ${n} levels (featmap_strides ${ctx.show(fsPtr)}) but ${feeding.type} outputs ${feeding.levels.length}`,
      `set featmap_strides to ${pyList(feeding.levels.map((l) => l.stride))}`, [from]);
    return;
  }
  const got = feeding.levels.map((l) => l.channels);
  const expected = m.in_channels === undefined ? [] : head.spec.expectedInputs(head.args);
  if (!sameList(got, expected)) {
    const fix = head.spec.suggestInChannels(head.args, got);
    ctx.report('YC5002', 'error', inPtr,
      `the head expects ${pyList(expected)} channels (in_channels ${ctx.show(inPtr)} after widen_factor ${m.widen_factor}) but ${feeding.type} outputs ${pyList(got)}`,
      fix ? `set ${dotted(inPtr)} to ${pyList(fix)}` : `change the neck so its levels have ${pyList(expected)} channels`, [from]);
  }
}


/** Real strides vs featmap_strides (YC5003) and prior_generator.strides (YC5004). */
export function checkStrides(ctx: CheckContext, parts: ModelParts, levels: FeatureLevel[]): void {
  const head = parts.head!;
  const bb = parts.backbone;
  const real = levels.map((l) => l.stride);
  const fsPtr = `${head.modulePtr}/featmap_strides`;
  const psPtr = `${head.ptr}/prior_generator/strides`;
  const fs = head.module.featmap_strides;
  const ps = head.priorStrides;
  if (fs.length === real.length && !sameList(fs, real)) {
    const outPtr = bb ? `${bb.ptr}/out_indices` : undefined;
    const pick = bb ? choices(bb, fs.length, { strides: fs })[0] : undefined;
    const related = [ctx.related(fsPtr, `head featmap_strides ${ctx.show(fsPtr)} set here`)];
    if (ps && sameList(ps, fs)) related.push(ctx.related(psPtr, `prior_generator strides ${ctx.show(psPtr)} set here`));
    if (bb && outPtr && pick) {
      const all = bb.spec.candidates(bb.args);
      const channels = pick.map((i) => all[i]!.channels);
      const extra: string[] = [];
      const neck = parts.neck;
      if (neck && !sameList(neck.spec.expectedInputs(neck.args), channels)) {
        const s = neck.spec.suggestInChannels(neck.args, channels);
        if (s) extra.push(`${dotted(`${neck.ptr}/in_channels`)} to ${pyList(s)}`);
      }
      // The neck passes channels through level by level, so the head must follow them.
      const s = head.spec.suggestInChannels(head.args, channels);
      if (neck && s && !sameList(head.spec.expectedInputs(head.args), channels)) extra.push(`${dotted(`${head.modulePtr}/in_channels`)} to ${pyList(s)}`);
      const doubling = real.every((x, i) => i === 0 || x === 2 * real[i - 1]!);
      const built = doubling && (!parts.neck || sameList(parts.neck.spec.expectedInputs(parts.neck.args), levels.map((l) => l.channels)));
      ctx.report('YC5003', 'error', outPtr,
        `${bb.type} out_indices ${ctx.show(outPtr)} give strides ${pyList(real)}, but the head's featmap_strides are ${pyList(fs)}: ${built ? 'the channels agree, so the model builds and runs, but ' : ''}every box would be decoded at the wrong scale`,
        `set ${dotted(outPtr)} to ${pyTuple(pick)} (levels ${describe(pick.map((i) => all[i]!))})${extra.length ? ' and ' + extra.join(' and ') : ''}`,
        related);
    } else {
      ctx.report('YC5003', 'error', fsPtr,
        `the head's featmap_strides ${ctx.show(fsPtr)} differ from the real strides ${pyList(real)} of the features it receives`,
        `set featmap_strides to ${pyList(real)}`, bb ? [ctx.related(`${bb.ptr}/out_indices`, `${bb.type} out_indices set here`)] : []);
    }
  }
  if (ps && ps.length === real.length && !sameList(ps, real) && !sameList(ps, fs)) {
    ctx.report('YC5004', 'error', psPtr,
      `prior_generator strides ${ctx.show(psPtr)} differ from the feature strides ${pyList(real)} (featmap_strides ${ctx.show(fsPtr)}): anchors would sit on the wrong grid`,
      `set prior_generator.strides to ${pyList(real)}`, [ctx.related(fsPtr, 'featmap_strides set here')]);
  }
}
