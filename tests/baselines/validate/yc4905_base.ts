import { defineConfig } from '../../../schema/define.js';
export default defineConfig({ _base_: './yolov5_s.py', max_epochs: 100 });
