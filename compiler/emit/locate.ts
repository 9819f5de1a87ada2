/**
 * Maps a position in an emitted file back to the config value that produced it, so a
 * TypeScript error in emitted code is reported at the config line (YC6003). Object literals
 * were written from the config's JSON, so the property names and array indices on the way
 * from a declared root to the position are the JSON Pointer of that value.
 */
import { Node, type SourceFile } from 'ts-morph';
import { pointer } from '../types.js';

/** Roots per emitted file: declared name -> the pointer its initializer was written from. */
export const ROOTS: Record<string, Record<string, string>> = {
  'config.ts': { config: '' },
  'pipeline.ts': {
    trainPipeline: '/train_dataloader/dataset/pipeline', valPipeline: '/val_dataloader/dataset/pipeline',
    testPipeline: '/test_dataloader/dataset/pipeline',
    trainLoaderOptions: '/train_dataloader', valLoaderOptions: '/val_dataloader', testLoaderOptions: '/test_dataloader',
  },
  'model.ts': {
    backbone: '/model/backbone', neck: '/model/neck', headModule: '/model/bbox_head/head_module', bboxHead: '/model/bbox_head',
    detector: '/model', CHANNELS: '/model', buildModel: '/model',
  },
};

/** The config pointer of the value at `pos` in `sf` (an emitted file named `name`), if known. */
export function pointerAt(sf: SourceFile, name: string, pos: number): string | undefined {
  const roots = ROOTS[name] ?? {};
  const start = sf.getDescendantAtPos(pos);
  if (!start) return undefined;
  // On model.ts's wiring lines the offending part is the argument itself (`neck,`).
  if (Node.isIdentifier(start) && roots[start.getText()] !== undefined && Node.isNewExpression(start.getParent())) return roots[start.getText()];
  const segments: (string | number)[] = [];
  for (let n: Node | undefined = start; n; n = n.getParent()) {
    const parent = n.getParent();
    if (Node.isPropertyAssignment(n)) {
      const key = n.getNameNode();
      segments.unshift(Node.isStringLiteral(key) ? key.getLiteralValue() : key.getText());
    } else if (parent && Node.isArrayLiteralExpression(parent)) {
      segments.unshift(parent.getElements().indexOf(n as never));
    }
    if ((Node.isVariableDeclaration(n) || Node.isFunctionDeclaration(n)) && n.getName() !== undefined && roots[n.getName()!] !== undefined) {
      // Loader options name camelCased fields; only the dataset part keeps the config's keys.
      const root = roots[n.getName()!]!;
      if (Node.isFunctionDeclaration(n)) return segments[0] === 'dataset' ? root + pointer(segments) : root;
      // model.ts's arguments are camelCased runtime names: the part is as close as it gets.
      return name === 'model.ts' ? root : root + pointer(segments);
    }
  }
  return undefined;
}
