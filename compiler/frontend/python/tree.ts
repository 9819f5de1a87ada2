/** Small helpers over @lezer/python's syntax nodes. */
import type { SyntaxNode } from '@lezer/common';

/** The children of a node, without comments. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** True for nodes that are expressions (capitalised names that are not operators or errors). */
export function isExpr(node: SyntaxNode): boolean {
  const n = node.name;
  return /^[A-Z]/.test(n) && !n.endsWith('Op') && n !== 'Comment' && !node.type.isError
    && n !== 'ArgList' && n !== 'TypeDef' && n !== 'Body' && n !== 'ParamList'
    && n !== 'FormatConversion' && n !== 'FormatSpec' && n !== 'FormatReplacement';
}

/** `__x__`: names that reach Python internals (`__import__`, `__class__`, `__builtins__`). */
export function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** The operator of a BinaryExpression: the tokens between its operands (`not in`, `is not`, `//`). */
export function opText(src: { text(n: SyntaxNode): string }, node: SyntaxNode): string {
  const cs = kids(node);
  return cs.slice(1, -1).map((c) => src.text(c)).join(' ');
}
