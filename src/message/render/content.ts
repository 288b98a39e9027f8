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
import { collapseLineBreaks } from '../../inputs/message.js';
import type { WorkflowContext } from '../context-types.js';
import { normaliseNewlines } from '../event-views.js';
import { plainTextToHtml, type MarkdownRenderer } from '../markdown.js';
import { loadBuiltins, type Part } from './builtin.js';
import { loadCompiler, TemplateError, type Compile, type Render } from './compile.js';
import type { OutputFormat } from './helpers.js';
import { templateView } from './view.js';
import { readWorkspaceTemplate, type WorkspaceTemplate } from './workspace-template.js';

export interface RenderInput {
  readonly settings: MessageSettings;
  readonly context: WorkflowContext;
  /** Where a template file's path is resolved. */
  readonly workspace: string;
  readonly markdown: () => Promise<MarkdownRenderer>;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
}

export interface RenderedContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function hasTemplateTags(source: string): boolean {
  return source.includes('{{');
}

export async function renderContent(input: RenderInput): Promise<RenderedContent> {
  const { settings, context } = input;
  const file =
    settings.template.kind === 'file'
      ? await readWorkspaceTemplate(settings.template.path, input.workspace)
      : undefined;
  const inlineSources = [settings.subject, settings.body, settings.htmlBody];
  const fileSources = file ? [file.html.source, file.text?.source ?? '', file.subject?.source ?? ''] : [];
  // Helpers are synchronous, so the `markdown` helper's renderer is loaded before rendering, when named.
  const helperMarkdown = [...inlineSources, ...fileSources].some(
    (s) => /\bmarkdown\b/.test(s) && hasTemplateTags(s),
  )
    ? await input.markdown()
    : undefined;
  const compile =
    file !== undefined || inlineSources.some(hasTemplateTags)
      ? await loadCompiler(helperMarkdown)
      : undefined;
  input.debug(
    `Message: template ${describeTemplate(settings)}; Handlebars compiler ${compile ? 'loaded' : 'not needed'}`,
  );

  const inline = (source: string, name: string, format: OutputFormat): string => {
    if (!compile || !hasTemplateTags(source)) return source;
    try {
      return compile(source, name, format)(context);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      input.warn(
        `The '${name}' input is not a valid template (${err.message}); it is sent as written. ` +
          "Text inserted with ${{ }} (a pull request title, a commit message) may contain '{{': " +
          'use template variables such as {{ pull_request.title }} for event fields instead.',
      );
      return source;
    }
  };
  const userSubject = collapseLineBreaks(inline(settings.subject, 'subject', 'text'));
  const body = normaliseNewlines(inline(settings.body, 'body', 'text'));
  const htmlBody = inline(settings.htmlBody, 'html-body', 'html');
  const bodyHtml =
    htmlBody === '' && body.trim() !== '' ? (plainTextToHtml(body) ?? (await input.markdown())(body)) : '';

  const builtins = loadBuiltins(helperMarkdown);
  const builtin = settings.template.kind === 'builtin' ? settings.template.name : 'plain';
  const view = templateView(context);
  const part = (which: Part): Render => {
    const source = file ? fileSource(file, which) : undefined;
    if (file && source && compile) return fromFile(compile, source, which);
    const render = builtins(builtin, which);
    return (data) => render({ ...data, view });
  };

  const data = { ...context, body, body_html: bodyHtml, subject: userSubject };
  const subject = userSubject || collapseLineBreaks(part('subject')(data));
  const withSubject = { ...data, subject };
  return {
    subject,
    text: tidyText(part('text')(withSubject)),
    html: htmlBody !== '' ? htmlBody : part('html')(withSubject),
  };
}

function fileSource(file: WorkspaceTemplate, part: Part): WorkspaceTemplate['text'] {
  return part === 'html' ? file.html : part === 'text' ? file.text : file.subject;
}

/** A repository's own template file is trusted and reviewed: an error in it fails the step. */
function fromFile(compile: Compile, source: { name: string; source: string }, part: Part): Render {
  const fail = (err: unknown): never => {
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
