/**
 * StarNet (Rewrite the Stars, as modified by the seed document for MMYOLO) as a detection
 * backbone: stem ConvBN(3, 32, 3, s2) + ReLU6 (32 channels whatever base_dim is), then stages
 * i = 0..len(depths)-1 of a 3x3 s2 ConvBN down-sampler and depths[i] star blocks.
 * Stage i has base_dim * 2^i channels and stride 2^(i+2); out_indices count stages (not the stem).
 * A variant is named by `arch='s050'` or by the seed's registered functions (`type='starnet_s050'`):
 * its base_dim, depths and mlp_ratio fill in what the config leaves out.
 */
import {
  convBN, countParams, join, rowOf, selectedIndices, type Built, type FeatureLevel, type FeatureMap,
  type LayerRow, type ParamSpec,
} from '../symbolic.js';
import {
  intArg, intListArg, numArg, RANGES, SpecArgError, strArg, asJson, type BackboneSpec, type HonouredKeys, type LayerTable, type RawArgs,
} from '../contract.js';

/** Constructor args of the seed's StarNet (mmyolo MODELS 'StarNet'). */
export interface StarNetArgs {
  base_dim: number;
  out_indices: number[];
  depths: number[];
  mlp_ratio: number;
  drop_path_rate: number;
}

/** The seed's StarNet defaults (note out_indices=(0, 1, 2): strides 4, 8, 16). */
export const STARNET_DEFAULTS: StarNetArgs = {
  base_dim: 32, out_indices: [0, 1, 2], depths: [3, 3, 12, 5], mlp_ratio: 4, drop_path_rate: 0,
};

/** Named variants (starnet_s1 ... registered by the seed): base_dim, depths, mlp_ratio. */
export const STARNET_PRESETS: Record<string, { base_dim: number; depths: number[]; mlp_ratio: number }> = {
  s050: { base_dim: 16, depths: [1, 1, 3, 1], mlp_ratio: 3 },
  s100: { base_dim: 20, depths: [1, 2, 4, 1], mlp_ratio: 4 },
  s150: { base_dim: 24, depths: [1, 2, 4, 2], mlp_ratio: 3 },
  s1: { base_dim: 24, depths: [2, 2, 8, 3], mlp_ratio: 4 },
  s2: { base_dim: 32, depths: [1, 2, 6, 2], mlp_ratio: 4 },
  s3: { base_dim: 32, depths: [2, 2, 8, 4], mlp_ratio: 4 },
  s4: { base_dim: 32, depths: [3, 3, 12, 5], mlp_ratio: 4 },
};

/** The stem is 32 channels whatever base_dim is (upstream hard-codes it). */
export const STARNET_STEM_CHANNELS = 32;

/** StarNet args for a named variant, other args as given (the seed's starnet_sX functions). */
export function starnetPreset(name: string, rest: Partial<StarNetArgs> = {}): StarNetArgs {
  const p = STARNET_PRESETS[name];
  if (!p) throw new SpecArgError('type', `unknown StarNet variant '${name}' (known: ${Object.keys(STARNET_PRESETS).join(', ')})`);
  return { ...STARNET_DEFAULTS, ...rest, ...p, depths: [...p.depths] };
}

/** The keys the runtime honours. */
export const STARNET_HONOURED: HonouredKeys = {
  reads: ['arch', 'base_dim', 'depths', 'mlp_ratio', 'out_indices', 'drop_path_rate'],
  // num_classes sizes StarNet's ImageNet classifier, which a detector backbone does not build.
  inert: ['type', '_scope_', 'num_classes', 'init_cfg', 'pretrained'],
  onlyDefault: {},
  note: "StarNet's other keyword arguments are swallowed by its **kwargs",
};

/** Parses a StarNet dict; `variant` is the preset a `starnet_sX` type names. */
function parseArgs(raw: RawArgs, variant?: string): StarNetArgs {
  const arch = raw.arch === undefined || raw.arch === null ? variant : strArg(raw, 'arch', '');
  const named = arch !== undefined ? STARNET_PRESETS[arch] : undefined;
  if (arch !== undefined && !named) throw new SpecArgError('arch', `arch '${arch}' is not a StarNet variant (${Object.keys(STARNET_PRESETS).join(', ')})`);
  const a: StarNetArgs = {
    base_dim: intArg(raw, 'base_dim', named?.base_dim ?? STARNET_DEFAULTS.base_dim, RANGES.channels),
    out_indices: intListArg(raw, 'out_indices', STARNET_DEFAULTS.out_indices),
    depths: intListArg(raw, 'depths', named?.depths ?? STARNET_DEFAULTS.depths, RANGES.blocks, 12),
    mlp_ratio: intArg(raw, 'mlp_ratio', named?.mlp_ratio ?? STARNET_DEFAULTS.mlp_ratio, [1, 64]),
    drop_path_rate: numArg(raw, 'drop_path_rate', STARNET_DEFAULTS.drop_path_rate),
  };
  if (a.depths.length === 0) throw new SpecArgError('depths', 'depths must not be empty');
  return a;
}

/** Every stage's level, by stage index (what out_indices can pick). */
function candidates(a: StarNetArgs): FeatureLevel[] {
  return a.depths.map((_, i) => ({ channels: a.base_dim * 2 ** i, stride: 2 ** (i + 2) }));
}

/** The star block: x + dwconv2(g(relu6(f1(dw)) * f2(dw))), dw = dwconv(x). */
function starBlock(prefix: string, x: FeatureMap, r: number): Built {
  const d = x.channels;
  const dw = convBN(join(prefix, 'dwconv'), x, d, 7, 1, 3, d, true);
  const f1 = convBN(join(prefix, 'f1'), dw.out, r * d, 1, 1, 0, 1, false);
  const f2 = convBN(join(prefix, 'f2'), dw.out, r * d, 1, 1, 0, 1, false);
  const g = convBN(join(prefix, 'g'), f1.out, d, 1, 1, 0, 1, true);
  const dw2 = convBN(join(prefix, 'dwconv2'), g.out, d, 7, 1, 3, d, false);
  const parts = [dw, f1, f2, g, dw2];
  return { out: dw2.out, params: parts.flatMap((p) => p.params), flops: parts.reduce((s, p) => s + p.flops, 0) };
}

function layers(a: StarNetArgs, inputs: readonly FeatureMap[], prefix = ''): LayerTable {
  const rows: LayerRow[] = [];
  const params: ParamSpec[] = [];
  const add = (path: string, type: string, b: Built): FeatureMap => {
    rows.push(rowOf(path, type, b));
    params.push(...b.params);
    return b.out;
  };
  let x = add(join(prefix, 'stem'), 'ConvBN+ReLU6', convBN(join(prefix, 'stem', 0), inputs[0]!, STARNET_STEM_CHANNELS, 3, 2, 1));
  const stageOuts: FeatureMap[] = [];
  a.depths.forEach((depth, i) => {
    const dim = a.base_dim * 2 ** i;
    x = add(join(prefix, 'stages', i, 0), 'ConvBN', convBN(join(prefix, 'stages', i, 0), x, dim, 3, 2, 1));
    for (let j = 1; j <= depth; j++) {
      x = add(join(prefix, 'stages', i, j), 'StarBlock', starBlock(join(prefix, 'stages', i, j), x, a.mlp_ratio));
    }
    stageOuts.push(x);
  });
  const outputs = selectedIndices(a.out_indices, a.depths.length).map((i) => stageOuts[i]!);
  return { rows, outputs, params };
}

const NOMINAL = { channels: 3, h: 640, w: 640, stride: 1 };

/** The tfjs StarNet's constructor arguments (runtime/modules/starnet/module.ts). */
export interface StarNetCtorArgs {
  baseDim: number;
  depths: readonly number[];
  mlpRatio: number;
  outIndices: readonly number[];
  dropPathRate: number;
}

/** Parsed args as the tfjs class takes them. */
export function starnetCtorArgs(a: StarNetArgs): StarNetCtorArgs {
  return { baseDim: a.base_dim, depths: [...a.depths], mlpRatio: a.mlp_ratio, outIndices: [...a.out_indices], dropPathRate: a.drop_path_rate };
}

/** The StarNet contract; `starnet_s050` ... are aliases that pick a variant. */
export const StarNetSpec: BackboneSpec<StarNetArgs> = {
  type: 'StarNet',
  role: 'backbone',
  aliases: Object.fromEntries(Object.keys(STARNET_PRESETS).map((n) => [`starnet_${n}`, (raw: RawArgs) => parseArgs(raw, n)])),
  defaults: STARNET_DEFAULTS,
  honoured: STARNET_HONOURED,
  parseArgs: (raw) => parseArgs(raw),
  candidates,
  outIndices: (a) => [...a.out_indices],
  outputs: (a) => {
    const all = candidates(a);
    return selectedIndices(a.out_indices, all.length).map((i) => all[i]!);
  },
  parameters: (a, prefix = '') => layers(a, [NOMINAL], prefix).params,
  layers,
  runtime: (a) => ({
    className: 'StarNet', typeArgs: [a.out_indices.map((i) => a.base_dim * 2 ** i)], args: [asJson(starnetCtorArgs(a))],
  }),
};

/** Trainable parameter count of a StarNet backbone. */
export function starnetParamCount(a: StarNetArgs): number {
  return countParams(StarNetSpec.parameters(a));
}
