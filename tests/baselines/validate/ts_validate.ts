import { defineConfig } from '../../../schema/define.js';
const widen_factor = 0.5;
export default defineConfig({
  model: {
    type: 'YOLOv5PAFPN',
    in_channels: [96, 192, 384],
    out_channels: [96, 192, 384],
    widen_factr: widen_factor,
  },
});
