import { defineConfig } from '../../../schema/define.js';
const config = { model: { type: 'YOLODetector' } };
