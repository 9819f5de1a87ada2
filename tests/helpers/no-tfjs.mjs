// node --import ./tests/helpers/no-tfjs.mjs ...: any import of @tensorflow/* fails with an error
// naming the importer, so a command that runs to completion provably never loaded TensorFlow.js.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@tensorflow/')) throw new Error('TensorFlow.js imported: ' + specifier + ' from ' + context.parentURL);
  return next(specifier, context);
}`));
