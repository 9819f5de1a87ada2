/**
 * Where a value was produced, when it was only passed along where it is used: in
 * `widen_factor = '0.5'` ... `dict(widen_factor=widen_factor)` the dict entry's span is the use
 * (`widen_factor` on the later line) and its origin is the assignment of `'0.5'`. The evaluator
 * links a use's span to the span of the value it read (a name, `_base_.a.b`, `x['k']`, `x[0]`);
 * the links form a chain that ends where the value was written as an expression.
 *
 * A side table keyed by span object (spans are shared, not copied, through merging and caching),
 * so the value model and the JSON forms of spans stay as they are.
 */
import type { Span } from '../diagnostics/types.js';

const links = new WeakMap<Span, Span>();

/** Records that the value at `use` was read from the value at `source`. */
export function linkOrigin(use: Span, source: Span): void {
  if (use !== source && !(use.file === source.file && use.start === source.start && use.end === source.end)) links.set(use, source);
}

/** The span the value at `use` was read from, if it was read from a name or a container. */
export function originOf(use: Span): Span | undefined {
  return links.get(use);
}

/** Every span the value passed through before `use`, nearest first; the last is where it was
 *  produced. Empty when the value was written at `use` itself. */
export function originChain(use: Span): Span[] {
  const out: Span[] = [];
  const seen = new Set<Span>([use]);
  for (let s = links.get(use); s && !seen.has(s) && out.length < 64; s = links.get(s)) {
    seen.add(s);
    out.push(s);
  }
  return out;
}
