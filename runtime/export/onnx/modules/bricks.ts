/**
 * Converters of the basic layers (runtime/nn and ConvModule): Conv2d, the eval-mode conv+BN
 * fold (the same arithmetic as runtime/nn/fused.ts's convBnEval, done once on the weights),
 * activations, Sequential, pooling and nearest upsampling.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../../../nn/conv.js';
import type { BatchNorm2d } from '../../../nn/batchnorm.js';
import { Identity, ReLU6, SiLU } from '../../../nn/activation.js';
import { Sequential } from '../../../nn/module.js';
import { MaxPool2dSame, UpsampleNearest2x } from '../../../nn/pool.js';
import { toTorchTensor } from '../../../nn/layout.js';
import { ConvModule } from '../../../modules/conv_module.js';
import { int, ints, str, type Graph } from '../graph.js';
import { registerConverter } from '../lower.js';

/** conv [+ bn folded in] as one Conv node named `name`; initializers `${key}.weight` / `.bias`. */
export function convNode(g: Graph, conv: Conv2d, bn: BatchNorm2d | null, name: string, key: string, x: string): string {
  // Folded on the backend and read later, asynchronously (Graph.resolve), so any backend works.
  let weight: tf.Tensor = null as never;
  let bias: tf.Tensor | null = null;
  tf.tidy(() => {
    let filter = conv.weight as tf.Tensor4D;
    let b: tf.Tensor1D | null = conv.bias as tf.Tensor1D | null;
    if (bn) {
      const scale = tf.mul(bn.weight, tf.rsqrt(tf.add(bn.runningVar, bn.eps))) as tf.Tensor1D;
      filter = tf.mul(filter, conv.depthwise ? tf.reshape(scale, [1, 1, -1, 1]) : scale) as tf.Tensor4D;
      const shifted = b ? tf.sub(b, bn.runningMean) : tf.neg(bn.runningMean);
      b = tf.add(tf.mul(shifted, scale), bn.bias) as tf.Tensor1D;
    }
    // Clones: the graph disposes what it holds, never the model's own variables.
    weight = tf.keep(toTorchTensor(filter, conv.depthwise ? 'depthwise' : 'conv').clone());
    bias = b ? tf.keep(b.clone()) : null;
  });
  const src = bn ? `BN folded into the conv (eval mode): ${key}.weight${conv.bias ? `, ${key}.bias` : ''} and ${key.replace(/conv$/, 'bn')}.{weight,bias,running_mean,running_var}` : undefined;
  const w = g.deferred(`${key}.weight`, [...weight.shape], weight, src);
  const inputs = [x, w];
  if (bias) inputs.push(g.deferred(`${key}.bias`, [(bias as tf.Tensor).size], bias, src));
  const k = conv.args.kernelSize;
  const p = conv.padding;
  return g.op('Conv', name, inputs, {
    kernel_shape: ints([k, k]), strides: ints([conv.stride, conv.stride]), pads: ints([p, p, p, p]),
    dilations: ints([1, 1]), group: int(conv.depthwise ? conv.args.inChannels : 1),
  });
}

/** x * sigmoid(x) as two nodes `${name}.sigmoid` and `${name}`. */
export function siluNode(g: Graph, name: string, x: string): string {
  return g.op('Mul', name, [x, g.op('Sigmoid', `${name}.sigmoid`, [x])]);
}

/** min(max(x, 0), 6). */
export function relu6Node(g: Graph, name: string, x: string): string {
  return g.op('Clip', name, [x, g.f32Scalar(0), g.f32Scalar(6)]);
}

registerConverter(Conv2d, (ctx, m, path, [x]) => [convNode(ctx.g, m, null, path, path, x!)]);

registerConverter(ConvModule, (ctx, m, path, [x]) => {
  const y = convNode(ctx.g, m.conv, m.bn, `${path}.conv`, `${path}.conv`, x!);
  return [m.act ? siluNode(ctx.g, `${path}.activate`, y) : y];
});

registerConverter(SiLU, (ctx, _m, path, [x]) => [siluNode(ctx.g, path, x!)]);
registerConverter(ReLU6, (ctx, _m, path, [x]) => [relu6Node(ctx.g, path, x!)]);
registerConverter(Identity, (_ctx, _m, _path, inputs) => inputs);

registerConverter(Sequential, (ctx, m, path, inputs) => {
  let y = inputs;
  m.layers.forEach((l, i) => { y = ctx.lower(l, `${path}.${i}`, y); });
  return y;
});

registerConverter(MaxPool2dSame, (ctx, m, path, [x]) => {
  const k = m.kernelSize;
  const p = (k - 1) / 2;
  return [ctx.g.op('MaxPool', path, [x!], { kernel_shape: ints([k, k]), strides: ints([1, 1]), pads: ints([p, p, p, p]) })];
});

// Output pixel i reads input floor(i / 2), as PyTorch's nearest upsampling.
registerConverter(UpsampleNearest2x, (ctx, _m, path, [x]) => {
  const g = ctx.g;
  const roi = g.constant('const.resize.roi', 'float32', [0], new Float32Array(0));
  const scales = g.f32('const.resize.scales_2x', [4], [1, 1, 2, 2]);
  return [g.op('Resize', path, [x!, roi, scales], {
    mode: str('nearest'), coordinate_transformation_mode: str('asymmetric'), nearest_mode: str('floor'),
  })];
});

/** Lowers a staged backbone (stem, stage1, ...; runtime/modules/staged_backbone.ts): the out_indices layers' outputs. */
export function lowerStages(ctx: { lower(m: import('../../../nn/module.js').Module, path: string, inputs: string[]): string[] },
  m: { layers: readonly import('../../../nn/module.js').Layer[]; outIndices: readonly number[] }, path: string, x: string): string[] {
  const outs: string[] = [];
  let y = x;
  m.layers.forEach((l, i) => {
    [y] = ctx.lower(l, `${path}.${i === 0 ? 'stem' : `stage${i}`}`, [y]) as [string];
    if (m.outIndices.includes(i)) outs.push(y);
  });
  return outs;
}

/** BaseYOLONeck.forward over converters: reduce, top-down (upsample, concat [up, lateral]), bottom-up (downsample, concat), out layers. */
export function lowerYoloNeck(
  ctx: { g: Graph; lower(m: import('../../../nn/module.js').Module, path: string, inputs: string[]): string[] },
  m: {
    reduceLayers?: readonly import('../../../nn/module.js').Module[]; upsample: import('../../../nn/module.js').Module;
    topDownLayers: readonly import('../../../nn/module.js').Module[]; downsampleLayers: readonly import('../../../nn/module.js').Module[];
    bottomUpLayers: readonly import('../../../nn/module.js').Module[]; outLayers?: readonly import('../../../nn/module.js').Module[];
  },
  path: string, inputs: string[],
): string[] {
  const n = inputs.length;
  const cat = (name: string, xs: string[]) => ctx.g.op('Concat', name, xs, { axis: int(1) });
  const reduced = inputs.map((x, i) => (m.reduceLayers ? ctx.lower(m.reduceLayers[i]!, `${path}.reduce_layers.${i}`, [x])[0]! : x));
  const inner: string[] = [reduced[n - 1]!];
  for (let idx = n - 1, j = 0; idx > 0; idx--, j++) {
    const [up] = ctx.lower(m.upsample, `${path}.upsample_layers.${j}`, [inner[0]!]);
    const x = cat(`${path}.top_down_layers.${j}.concat_in`, [up!, reduced[idx - 1]!]);
    inner.unshift(ctx.lower(m.topDownLayers[j]!, `${path}.top_down_layers.${j}`, [x])[0]!);
  }
  const outs: string[] = [inner[0]!];
  for (let i = 0; i < n - 1; i++) {
    const [down] = ctx.lower(m.downsampleLayers[i]!, `${path}.downsample_layers.${i}`, [outs[outs.length - 1]!]);
    const x = cat(`${path}.bottom_up_layers.${i}.concat_in`, [down!, inner[i + 1]!]);
    outs.push(ctx.lower(m.bottomUpLayers[i]!, `${path}.bottom_up_layers.${i}`, [x])[0]!);
  }
  return m.outLayers ? outs.map((o, i) => ctx.lower(m.outLayers![i]!, `${path}.out_layers.${i}`, [o])[0]!) : outs;
}
