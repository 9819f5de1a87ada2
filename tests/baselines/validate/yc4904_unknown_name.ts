import { defineConfig } from '../../../schema/define.js';
export default defineConfig({ num_classes: numClasses });
