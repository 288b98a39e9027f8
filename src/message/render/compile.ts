// Compiles the user's own templates (inline subject/body/html-body, or a workspace file) with the full
// Handlebars compiler, loaded only when a template actually contains `{{`. Built-in templates never come
// here: they are precompiled at build time and run on the small Handlebars runtime (builtin.ts).
import type { MarkdownRenderer } from './markdown.js';
import { checkTemplate } from './check.js';
import { registerHelpers, type OutputFormat } from './helpers.js';

export type Render = (data: object) => string;

/** A template that does not compile or does not run; `line` is 0 when Handlebars did not say. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${template}${line > 0 ? `:${line}` : ''}: ${reason}`, options);
    this.name = 'TemplateError';
  }
}

export type Compile = (source: string, name: string, format: OutputFormat) => Render;

export async function loadCompiler(markdown: MarkdownRenderer | undefined): Promise<Compile> {
  const { default: Handlebars } = await import('handlebars');
  const env = Handlebars.create();
  registerHelpers(env, markdown);
  return (source, name, format) => {
    let ast: ReturnType<typeof env.parse>;
    try {
      ast = env.parse(source);
    } catch (err) {
      throw new TemplateError(name, parseErrorLine(err), describe(err), { cause: err });
    }
    const problem = checkTemplate(ast, new Set());
    if (problem) throw new TemplateError(name, problem.line, problem.message);
    // strict: false renders a missing field as '' (an event without that field is normal);
    // prototype access stays off (the runtime default), and the data is plain JSON anyway.
    const template = env.compile(ast, {
      strict: false,
      knownHelpersOnly: false,
      noEscape: format === 'text',
    });
    return (data) => {
      try {
        return template(data, {
          data: { format },
          // The defaults since Handlebars 4.6, stated here because the sandbox depends on them.
          allowProtoPropertiesByDefault: false,
          allowProtoMethodsByDefault: false,
        });
      } catch (err) {
        throw new TemplateError(name, runtimeErrorLine(err), describe(err), { cause: err });
      }
    };
  };
}

/**
 * Handlebars' parser reports the line only inside its message ("Parse error on line 3: ..."); its
 * other errors carry `lineNumber`.
 */
function parseErrorLine(err: unknown): number {
  const structured = runtimeErrorLine(err);
  if (structured > 0) return structured;
  const match = /\bon line (\d+)/.exec(err instanceof Error ? err.message : '');
  return match ? Number(match[1]) : 0;
}

function runtimeErrorLine(err: unknown): number {
  const line = (err as { lineNumber?: unknown } | null)?.lineNumber;
  return typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : 0;
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The parser's "Parse error on line 3:\n<excerpt>\n-----^\nExpecting ..." becomes one line for the annotation.
  const [first = '', excerpt = '', , expecting = ''] = message.split('\n');
  if (/^Parse error on line \d+:$/.test(first)) return `parse error near '${excerpt.trim()}': ${expecting}`;
  return message.replace(/\s*\n\s*/g, ' ');
}
