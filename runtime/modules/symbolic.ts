/**
 * Shared vocabulary of the module specs (pure TypeScript, no tfjs): parameter lists with
 * PyTorch state_dict names and layouts, feature maps tracked symbolically (channels, H, W,
 * stride), summary rows, and the bricks MMYOLO builds everything from (mmcv ConvModule,
 * mmdet CSPLayer / DarknetBottleneck, mmyolo SPPFBottleneck, StarNet's ConvBN).
 */

/** One state_dict entry: its MMYOLO name and PyTorch shape (conv weights OIHW). */
export interface ParamSpec {
  name: string;
  shape: number[];
  /** BatchNorm running statistics: in the state_dict but not counted as parameters. */
  buffer?: boolean;
  /** Another name of a tensor listed before (RTMDet's shared convs): in the state_dict, counted once. */
  shared?: boolean;
}

/** A feature level as the checker sees it: no tensors, only channels and stride. */
export interface FeatureLevel {
  channels: number;
  stride: number;
}

/** A symbolic feature map: channels, height, width and stride relative to the input. */
export interface FeatureMap extends FeatureLevel {
  h: number;
  w: number;
}

/** One line of `yoloc summary`. FLOPs are multiply-adds (MACs) of convolutions only. */
export interface LayerRow {
  path: string;
  type: string;
  out: FeatureMap;
  params: number;
  flops: number;
}

/** What building a module symbolically yields. */
export interface Built {
  out: FeatureMap;
  params: ParamSpec[];
  /** Multiply-adds of every convolution inside. */
  flops: number;
}

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Count of trainable parameters (buffers excluded), as PyTorch's sum(p.numel()). */
export function countParams(params: readonly ParamSpec[]): number {
  let n = 0;
  for (const p of params) if (!p.buffer && !p.shared) n += numel(p.shape);
  return n;
}

/** The summary row of a built module. */
export function rowOf(path: string, type: string, b: Built): LayerRow {
  return { path, type, out: b.out, params: countParams(b.params), flops: b.flops };
}

/** Joins name segments with dots, skipping empty ones. */
export function join(...parts: (string | number)[]): string {
  return parts.filter((p) => p !== '').join('.');
}

function bnParams(prefix: string, c: number): ParamSpec[] {
  return [
    { name: join(prefix, 'weight'), shape: [c] },
    { name: join(prefix, 'bias'), shape: [c] },
    { name: join(prefix, 'running_mean'), shape: [c], buffer: true },
    { name: join(prefix, 'running_var'), shape: [c], buffer: true },
  ];
}

/** A plain nn.Conv2d: PyTorch's output size rule floor((h + 2p - k) / s) + 1. */
export function conv2d(
  prefix: string, x: FeatureMap, cout: number, k: number, s: number, p: number,
  opts: { bias: boolean; groups?: number },
): Built {
  const groups = opts.groups ?? 1;
  const h = Math.floor((x.h + 2 * p - k) / s) + 1;
  const w = Math.floor((x.w + 2 * p - k) / s) + 1;
  const params: ParamSpec[] = [{ name: join(prefix, 'weight'), shape: [cout, x.channels / groups, k, k] }];
  if (opts.bias) params.push({ name: join(prefix, 'bias'), shape: [cout] });
  const flops = cout * h * w * (x.channels / groups) * k * k;
  return { out: { channels: cout, h, w, stride: x.stride * s }, params, flops };
}

/** mmcv ConvModule as YOLO uses it: conv (no bias) -> BN -> SiLU. Keys conv.weight, bn.*. */
export function convModule(prefix: string, x: FeatureMap, cout: number, k: number, s = 1, p = 0, groups = 1): Built {
  const c = conv2d(join(prefix, 'conv'), x, cout, k, s, p, { bias: false, groups });
  return { out: c.out, params: [...c.params, ...bnParams(join(prefix, 'bn'), cout)], flops: c.flops };
}

/** mmcv DepthwiseSeparableConvModule: depthwise_conv (k x k, groups = in), pointwise_conv (1x1), each a ConvModule. */
export function depthwiseSeparable(prefix: string, x: FeatureMap, cout: number, k: number, s = 1, p = 0): Built {
  return chain(x, [
    (y) => convModule(join(prefix, 'depthwise_conv'), y, y.channels, k, s, p, y.channels),
    (y) => convModule(join(prefix, 'pointwise_conv'), y, cout, 1),
  ]);
}

/** mmdet CSPNeXtBlock: 3x3 ConvModule, then a 5x5 depthwise-separable ConvModule. */
export function cspNeXtBlock(prefix: string, x: FeatureMap, cout: number): Built {
  return chain(x, [
    (y) => convModule(join(prefix, 'conv1'), y, cout, 3, 1, 1),
    (y) => depthwiseSeparable(join(prefix, 'conv2'), y, cout, 5, 1, 2),
  ]);
}

/** mmdet ChannelAttention: fc, a 1x1 conv with bias on the pooled 1x1 map. */
export function channelAttention(prefix: string, x: FeatureMap): Built {
  const fc = conv2d(join(prefix, 'fc'), { ...x, h: 1, w: 1 }, x.channels, 1, 1, 0, { bias: true });
  return { out: x, params: fc.params, flops: fc.flops };
}

/** StarNet's ConvBN: conv WITH bias, then an optional BN (eps 1e-5), no activation. */
export function convBN(
  prefix: string, x: FeatureMap, cout: number, k = 1, s = 1, p = 0, groups = 1, withBn = true,
): Built {
  const c = conv2d(join(prefix, 'conv'), x, cout, k, s, p, { bias: true, groups });
  const params = withBn ? [...c.params, ...bnParams(join(prefix, 'bn'), cout)] : c.params;
  return { out: c.out, params, flops: c.flops };
}

/** Runs bricks one after another, collecting parameters and FLOPs. */
export function chain(x: FeatureMap, steps: ((x: FeatureMap) => Built)[]): Built {
  const params: ParamSpec[] = [];
  let flops = 0;
  let cur = x;
  for (const step of steps) {
    const b = step(cur);
    params.push(...b.params);
    flops += b.flops;
    cur = b.out;
  }
  return { out: cur, params, flops };
}

/** mmdet DarknetBottleneck: 1x1 ConvModule -> 3x3 ConvModule (+ identity when shapes allow). */
export function darknetBottleneck(prefix: string, x: FeatureMap, cout: number, expansion: number): Built {
  const hidden = Math.trunc(cout * expansion);
  return chain(x, [
    (y) => convModule(join(prefix, 'conv1'), y, hidden, 1),
    (y) => convModule(join(prefix, 'conv2'), y, cout, 3, 1, 1),
  ]);
}

/** Which CSPLayer: YOLOv5's (DarknetBottleneck blocks) or CSPNeXt's (CSPNeXtBlock, optional ChannelAttention). */
export interface CSPLayerOptions {
  cspnext?: boolean;
  channelAttention?: boolean;
  expandRatio?: number;
}

/**
 * mmdet CSPLayer (YOLOv5's C3; CSPNeXt's with use_cspnext_block): mid = int(out * expand_ratio);
 * final([attention](cat[blocks(main(x)), short(x)])).
 * state_dict order: main_conv, short_conv, final_conv, blocks, attention.
 */
export function cspLayer(prefix: string, x: FeatureMap, cout: number, numBlocks: number, o: CSPLayerOptions = {}): Built {
  const mid = Math.trunc(cout * (o.expandRatio ?? 0.5));
  const main = convModule(join(prefix, 'main_conv'), x, mid, 1);
  const short = convModule(join(prefix, 'short_conv'), x, mid, 1);
  const cat: FeatureMap = { ...main.out, channels: 2 * mid };
  const final = convModule(join(prefix, 'final_conv'), cat, cout, 1);
  const blocks = chain(main.out, Array.from({ length: numBlocks }, (_, i) => (y: FeatureMap) => (o.cspnext
    ? cspNeXtBlock(join(prefix, 'blocks', i), y, mid) : darknetBottleneck(join(prefix, 'blocks', i), y, mid, 1.0))));
  const att = o.channelAttention ? channelAttention(join(prefix, 'attention'), cat) : undefined;
  return {
    out: final.out,
    params: [...main.params, ...short.params, ...final.params, ...blocks.params, ...(att?.params ?? [])],
    flops: main.flops + short.flops + final.flops + blocks.flops + (att?.flops ?? 0),
  };
}

/**
 * mmyolo CSPLayerWithTwoConv (YOLOv8's C2f): main_conv 1x1 to 2 * mid, each block (two 3x3
 * ConvModules) on the last part, final_conv over (2 + blocks) * mid. Order: main_conv, final_conv, blocks.
 */
export function cspLayerWithTwoConv(prefix: string, x: FeatureMap, cout: number, numBlocks: number): Built {
  const mid = Math.trunc(cout * 0.5);
  const main = convModule(join(prefix, 'main_conv'), x, 2 * mid, 1);
  const final = convModule(join(prefix, 'final_conv'), { ...main.out, channels: (2 + numBlocks) * mid }, cout, 1);
  const part: FeatureMap = { ...main.out, channels: mid };
  const blocks = chain(part, Array.from({ length: numBlocks }, (_, i) => (y: FeatureMap) => chain(y, [
    (z) => convModule(join(prefix, 'blocks', i, 'conv1'), z, mid, 3, 1, 1),
    (z) => convModule(join(prefix, 'blocks', i, 'conv2'), z, mid, 3, 1, 1),
  ])));
  return {
    out: final.out,
    params: [...main.params, ...final.params, ...blocks.params],
    flops: main.flops + final.flops + blocks.flops,
  };
}

/** mmyolo SPPFBottleneck: conv1 (C -> C/2), three chained 5x5 max pools, concat, conv2 (2C -> C). */
export function sppf(prefix: string, x: FeatureMap, cout: number): Built {
  const mid = Math.trunc(x.channels * 0.5);
  const c1 = convModule(join(prefix, 'conv1'), x, mid, 1);
  const c2 = convModule(join(prefix, 'conv2'), { ...c1.out, channels: 4 * mid }, cout, 1);
  return { out: c2.out, params: [...c1.params, ...c2.params], flops: c1.flops + c2.flops };
}

/** Indices that select an output: forward() tests `i in out_indices` per stage, in stage order. */
export function selectedIndices(outIndices: readonly number[], count: number): number[] {
  return [...new Set(outIndices)].filter((i) => i >= 0 && i < count).sort((x, y) => x - y);
}

/** The input image as a feature map. */
export function inputMap(width: number, height: number, channels = 3): FeatureMap {
  return { channels, h: height, w: width, stride: 1 };
}
