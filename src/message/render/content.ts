// Renders subject, text and HTML from the settings and the context. The rules (docs/drafts/messages.md):
// - `subject`, `body` and `html-body` are templates over the context; without `{{` they are plain text
//   and the Handlebars compiler is never loaded. One that fails to compile is sent as written, with a
//   warning: untrusted text pasted in with ${{ }} may hold `{{`, and an alert must not be lost to it.
// - The layout (built-in or a workspace file) renders the parts; a user `subject` wins over its subject,
//   a user `body` is the content of `plain` and a note in `status`/`release`, and a user `html-body`
//   is the whole HTML part.
// - A workspace template file that fails is an error naming the file and line.
import type { MessageSettings } from '../../config.js';
import { ActionError } from '../../errors.js';
import { collapseLineBreaks } from '../../text.js';
import type { WorkflowContext } from '../context/context-types.js';
import { normaliseNewlines } from '../context/event-views.js';
import { plainTextToHtml, type MarkdownRenderer } from './markdown.js';
import { loadBuiltins, type Part } from './builtin.js';
import { loadCompiler, TemplateError, type Compile, type Render } from './compile.js';
import type { OutputFormat } from './helpers.js';
import { templateView } from './view.js';
import type { WorkspaceTemplate } from '../files/template-file.js';

export interface RenderInput {
  readonly settings: MessageSettings;
  readonly context: WorkflowContext;
  /** The template file and its siblings, already read under the workspace rules. */
  readonly file: WorkspaceTemplate | undefined;
  /** Characters a text or HTML part may hold at most (the message's size limit). */
  readonly maxChars: number;
  readonly markdown: () => Promise<MarkdownRenderer>;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
  /** Told which input's template is about to run, so a render that overruns its budget can be named. */
  readonly onPart?: (input: TemplateInput) => void;
}

export interface RenderedContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The inputs a template comes from: what a rendering error names. */
export type TemplateInput = 'subject' | 'body' | 'html-body' | 'template';

/** A subject longer than this is no subject: a runaway template, or text pasted where it does not belong. */
export const MAX_SUBJECT_CHARS = 2000;

export function hasTemplateTags(source: string): boolean {
  return source.includes('{{');
}

/** True when rendering needs the Handlebars compiler: a template file, or `{{` in an inline input. */
export function needsCompiler(settings: MessageSettings): boolean {
  return (
    settings.template.kind === 'file' ||
    [settings.subject, settings.body, settings.htmlBody].some(hasTemplateTags)
  );
}

export function renderBudgetError(input: TemplateInput, what: string, hint?: string): ActionError {
  return new ActionError(`The '${input}' template ${what}; nothing was sent`, {
    code: 'RENDER_BUDGET',
    stage: 'message',
    hint:
      hint ??
      'A template that repeats itself over the context (nested each/with over @root, recursive partials) grows without bound: render only the fields you need.',
  });
}

export async function renderContent(input: RenderInput): Promise<RenderedContent> {
  const { settings, context, file } = input;
  const inlineSources = [settings.subject, settings.body, settings.htmlBody];
  const fileSources = file ? [file.html.source, file.text?.source ?? '', file.subject?.source ?? ''] : [];
  // Helpers are synchronous, so the `markdown` helper's renderer is loaded before rendering, when named.
  const helperMarkdown = [...inlineSources, ...fileSources].some(
    (s) => /\bmarkdown\b/.test(s) && hasTemplateTags(s),
  )
    ? await input.markdown()
    : undefined;
  const compile = needsCompiler(settings) ? await loadCompiler(helperMarkdown) : undefined;
  input.debug(
    `Message: template ${describeTemplate(settings)}; Handlebars compiler ${compile ? 'loaded' : 'not needed'}`,
  );
  const limit = (name: TemplateInput, text: string, max = input.maxChars): string => {
    if (text.length > max) {
      throw renderBudgetError(
        name,
        `rendered ${text.length.toLocaleString('en-US')} characters, more than the ${max.toLocaleString('en-US')} allowed`,
        name === 'subject' ? undefined : 'The limit follows max-size-mb; render only the fields you need.',
      );
    }
    return text;
  };

  const inline = (source: string, name: TemplateInput, format: OutputFormat): string => {
    if (!compile || !hasTemplateTags(source)) return source;
    input.onPart?.(name);
    const sentAsWritten = (err: TemplateError): string => {
      input.warn(
        `The '${name}' input is not a valid template (${err.message}); it is sent as written. ` +
          "Text inserted with ${{ }} (a pull request title, a commit message) may contain '{{': " +
          'use template variables such as {{ pull_request.title }} for event fields instead.',
      );
      return source;
    };
    let output: string;
    try {
      output = compile(source, name, format)(context);
    } catch (err) {
      throwIfOverBudget(err, name);
      if (err instanceof TemplateError) return sentAsWritten(err);
      throw err;
    }
    return limit(name, output, name === 'subject' ? MAX_SUBJECT_CHARS * 4 : input.maxChars);
  };
  const userSubject = limit(
    'subject',
    collapseLineBreaks(inline(settings.subject, 'subject', 'text')),
    MAX_SUBJECT_CHARS,
  );
  const body = normaliseNewlines(inline(settings.body, 'body', 'text'));
  const htmlBody = inline(settings.htmlBody, 'html-body', 'html');
  const bodyHtml =
    htmlBody === '' && body.trim() !== '' ? (plainTextToHtml(body) ?? (await input.markdown())(body)) : '';

  const builtins = loadBuiltins(helperMarkdown);
  const builtin = settings.template.kind === 'builtin' ? settings.template.name : 'plain';
  const view = templateView(context, {
    template: builtin,
    footer: settings.footer,
    thread: settings.thread,
  });
  const part = (which: Part): Render => {
    const source = file ? fileSource(file, which) : undefined;
    input.onPart?.('template');
    if (file && source && compile) return fromFile(compile, source, which);
    const render = builtins(builtin, which);
    return (data) => render({ ...data, view });
  };

  const data = { ...context, body, body_html: bodyHtml, subject: userSubject };
  const subject =
    userSubject || limit('template', collapseLineBreaks(part('subject')(data)), MAX_SUBJECT_CHARS);
  const withSubject = { ...data, subject };
  return {
    subject,
    text: limit('template', tidyText(part('text')(withSubject))),
    html: htmlBody !== '' ? htmlBody : limit('template', part('html')(withSubject)),
  };
}

function fileSource(file: WorkspaceTemplate, part: Part): WorkspaceTemplate['text'] {
  return part === 'html' ? file.html : part === 'text' ? file.text : file.subject;
}

/**
 * A template that outgrew the string or stack limits of the engine: a bomb, whatever its shape. Reported
 * as a budget error naming the input, never as a template that is merely "not valid".
 */
function throwIfOverBudget(err: unknown, name: TemplateInput): void {
  const cause = err instanceof TemplateError ? err.cause : err;
  if (cause instanceof RangeError) {
    throw renderBudgetError(name, `grew beyond what the template engine can hold (${cause.message})`);
  }
}

/** A repository's own template file is trusted and reviewed: an error in it fails the step. */
function fromFile(compile: Compile, source: { name: string; source: string }, part: Part): Render {
  const fail = (err: unknown): never => {
    throwIfOverBudget(err, 'template');
    if (!(err instanceof TemplateError)) throw err;
    throw new ActionError(`Template ${err.message}`, {
      code: 'TEMPLATE_ERROR',
      stage: 'message',
      hint: `Fix ${source.name}${err.line > 0 ? ` at line ${err.line}` : ''}. Helpers available: see "Templates" in the README.`,
      cause: err,
    });
  };
  let render: Render;
  try {
    render = compile(source.source, source.name, part === 'html' ? 'html' : 'text');
  } catch (err) {
    return fail(err);
  }
  return (data) => {
    try {
      return render(data);
    } catch (err) {
      return fail(err);
    }
  };
}

/** Blank lines left by skipped template rows collapse to one; the part ends with one newline. */
function tidyText(text: string): string {
  const tidy = normaliseNewlines(text)
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
  return tidy === '' ? '' : `${tidy}\n`;
}

function describeTemplate(settings: MessageSettings): string {
  return settings.template.kind === 'builtin' ? settings.template.name : `file ${settings.template.path}`;
}
