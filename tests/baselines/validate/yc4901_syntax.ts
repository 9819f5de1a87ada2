import { defineConfig } from '../../../schema/define.js';
export default defineConfig({
  model: { type: 'YOLODetector',
});
