import { defineConfig } from '../../../schema/define.js';
const scale = Math.max(640, 320);
export default defineConfig({ img_scale: [scale, scale] });
