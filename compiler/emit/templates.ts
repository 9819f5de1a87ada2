/** Handlebars file skeletons (compiler/emit/templates/*.hbs): loaded and compiled once. */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Renders templates/<name>.hbs with `data` (strict: a missing variable is an emitter bug). */
export function render(name: string, data: Record<string, string>): string {
  let t = cache.get(name);
  if (!t) {
    const text = readFileSync(new URL(`./templates/${name}.hbs`, import.meta.url), 'utf8');
    t = Handlebars.compile(text, { strict: true });
    cache.set(name, t);
  }
  return t(data);
}
