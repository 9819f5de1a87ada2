/**
 * model.ts: the detector as runtime module constructors, every argument spelled out and the
 * channel tuples as explicit type arguments. The parts are wired in one call with one argument
 * per line, so a neck whose type says it expects other channels than the backbone's is a
 * type error on the line of that argument.
 */
import { Project, StructureKind, type SourceFile, type WriterFunction } from 'ts-morph';
import { exportConst, literal, identifier } from './literal.js';
import type { ModelIR, ModuleCall } from './lower.js';

const tuple = (xs: readonly number[]) => `[${xs.join(', ')}]`;

function construct(c: ModuleCall): string {
  return `new ${identifier(c.className)}<${c.typeArgs.map(tuple).join(', ')}>(${c.args.map((a) => literal(a)).join(', ')})`;
}

/** Writes the file into `project` at `fileName` and returns it. */
export function emitModel(project: Project, fileName: string, ir: ModelIR, runtimeImport: string, banner: string): SourceFile {
  const { backbone, neck, headModule, head } = ir;
  const B = tuple(backbone.typeArgs[0]!);
  const N = tuple(neck.typeArgs[1]!);
  const body: WriterFunction = (w) => {
    w.writeLine(`const backbone = ${construct(backbone)};`);
    w.writeLine(`const neck = ${construct(neck)};`);
    w.writeLine(`const headModule = ${construct(headModule)};`);
    w.writeLine(`const bboxHead = new ${identifier(head.className)}<${head.typeArgs.map(tuple).join(', ')}>(`);
    w.writeLine('  headModule,');
    for (const a of head.args) w.writeLine(`  ${literal(a, { indent: '  ' })},`);
    w.writeLine(');');
    w.writeLine('// One part per line: a channel mismatch is a type error on the line of the part that does not fit.');
    w.writeLine('const detector = new YOLODetector(');
    w.writeLine('  backbone,');
    w.writeLine('  neck,');
    w.writeLine('  bboxHead,');
    w.writeLine(');');
    w.writeLine('return detector;');
  };
  const classes = [...new Set([backbone.className, neck.className, headModule.className, head.className, 'YOLODetector'])].sort();
  const sf = project.createSourceFile(fileName, {
    statements: [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: runtimeImport, namedImports: classes.map(identifier) },
      exportConst('CHANNELS', 'Output channels per level of each part, from its own arguments (the type arguments below).',
        `${literal({ backbone: backbone.typeArgs[0]!, neck: neck.typeArgs[1]!, head: head.typeArgs[0]! })} as const`),
      {
        kind: StructureKind.Function, isExported: true, name: 'buildModel', returnType: `YOLODetector<${B}, ${N}>`,
        docs: [`A fresh detector: ${backbone.className} -> ${neck.className} -> ${head.className} (weights initialised as MMYOLO does).`],
        statements: body,
      },
    ],
  }, { overwrite: true });
  sf.insertText(0, banner);
  return sf;
}
