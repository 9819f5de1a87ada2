/** ResolvedConfig objects straight from JSON (no provenance), for checker tests without the resolver. */
import type { Json } from '../../compiler/frontend/values.js';
import { PyDict } from '../../compiler/frontend/values.js';
import type { ResolvedConfig } from '../../compiler/types.js';

/** A resolved config holding `data`, with pointer-less provenance and the given tuple pointers. */
export function fromJson(data: { [k: string]: Json }, tuples: string[] = []): ResolvedConfig {
  return {
    file: '/virtual/config.py', files: ['/virtual/config.py'], data, value: new PyDict(),
    provenance: new Map(), tuples: new Set(tuples), floats: new Set(),
  };
}

/** The seed's model (StarNet base_dim 24, out_indices (0, 1, 2), in_channels [48, 96, 192] x0.5). */
export function seedModel(): { [k: string]: Json } {
  const ch = [48, 96, 192];
  return {
    type: 'YOLODetector',
    backbone: { type: 'StarNet', base_dim: 24, out_indices: [0, 1, 2], depths: [1, 2, 6, 2], mlp_ratio: 4, num_classes: 80 },
    neck: { type: 'YOLOv5PAFPN', deepen_factor: 0.33, widen_factor: 0.5, in_channels: ch, out_channels: ch, num_csp_blocks: 3 },
    bbox_head: {
      type: 'YOLOv5Head',
      head_module: { type: 'YOLOv5HeadModule', num_classes: 80, in_channels: ch, widen_factor: 0.5, featmap_strides: [8, 16, 32], num_base_priors: 3 },
      prior_generator: {
        type: 'mmdet.YOLOAnchorGenerator', strides: [8, 16, 32],
        base_sizes: [[[10, 13], [16, 30], [33, 23]], [[30, 61], [62, 45], [59, 119]], [[116, 90], [156, 198], [373, 326]]],
      },
      obj_level_weights: [4.0, 1.0, 0.4],
    },
  };
}
