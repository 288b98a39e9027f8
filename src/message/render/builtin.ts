// The built-in templates (templates/*.hbs), precompiled by `npm run templates` into the git-ignored
// build/generated/templates.ts and run here on the Handlebars runtime: no compiler at run time.
// Both imports are static: this module is itself loaded on demand (index.ts imports the render stage
// lazily), so the runtime and the precompiled templates arrive as one chunk of the bundle.
import runtime from 'handlebars/runtime';
import type { BuiltinTemplate } from '../../config.js';
import { PARTIALS, TEMPLATES } from '../../../build/generated/templates.js';
import type { MarkdownRenderer } from './markdown.js';
import { TemplateError, type Render } from './compile.js';
import { registerHelpers } from './helpers.js';

export type Part = 'subject' | 'text' | 'html';

export type BuiltinRender = (template: BuiltinTemplate, part: Part) => Render;

export function loadBuiltins(markdown: MarkdownRenderer | undefined): BuiltinRender {
  const env = runtime.create();
  registerHelpers(env, markdown);
  for (const [name, spec] of Object.entries(PARTIALS)) env.registerPartial(name, env.template(spec));
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  return (template, part) => {
    const key = `${template}.${part}`;
    const spec = TEMPLATES[key];
    if (spec === undefined) throw new TemplateError(key, 0, 'no such built-in template');
    const compiled = cache.get(key) ?? env.template(spec);
    cache.set(key, compiled);
    const format = part === 'html' ? 'html' : 'text';
    return (data) => {
      try {
        return compiled(data, {
          data: { format },
          allowProtoPropertiesByDefault: false,
          allowProtoMethodsByDefault: false,
        });
      } catch (err) {
        // A built-in template that fails on some payload is a bug here, not the user's: say which one.
        throw new TemplateError(
          `built-in template ${key}`,
          0,
          err instanceof Error ? err.message : String(err),
          {
            cause: err,
          },
        );
      }
    };
  };
}
