// A template file from the repository (`template: .github/mail/deploy.html.hbs`). The file is the HTML
// part; a name ending in .html.hbs may have siblings .text.hbs and .subject.hbs for the other parts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionError } from '../../errors.js';

export interface WorkspaceTemplate {
  /** As the user wrote it: how errors name the file. */
  readonly html: { readonly name: string; readonly source: string };
  readonly text: { readonly name: string; readonly source: string } | undefined;
  readonly subject: { readonly name: string; readonly source: string } | undefined;
}

/** A template is text a person wrote; a file larger than this is a wrong path, not a template. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

export async function readWorkspaceTemplate(relative: string, workspace: string): Promise<WorkspaceTemplate> {
  const html = await readTemplate(relative, workspace, true);
  const base = /\.html\.hbs$/i.test(relative) ? relative.replace(/\.html\.hbs$/i, '') : undefined;
  return {
    html: { name: relative, source: html ?? '' },
    text: base === undefined ? undefined : await sibling(`${base}.text.hbs`, workspace),
    subject: base === undefined ? undefined : await sibling(`${base}.subject.hbs`, workspace),
  };
}

async function sibling(relative: string, workspace: string): Promise<WorkspaceTemplate['text']> {
  const source = await readTemplate(relative, workspace, false);
  return source === undefined ? undefined : { name: relative, source };
}

async function readTemplate(
  relative: string,
  workspace: string,
  required: boolean,
): Promise<string | undefined> {
  const file = path.resolve(workspace, relative);
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return undefined;
    throw new ActionError(`Cannot read the template file '${relative}' (${file}): ${code ?? String(err)}`, {
      code: 'TEMPLATE_NOT_FOUND',
      stage: 'message',
      hint:
        code === 'ENOENT'
          ? 'The path is relative to the workspace (GITHUB_WORKSPACE): check out the repository first (actions/checkout), or use a built-in template: plain, status or release.'
          : undefined,
      cause: err,
    });
  }
  if (buffer.length > MAX_TEMPLATE_BYTES) {
    throw new ActionError(
      `The template file '${relative}' is ${buffer.length} bytes; templates are limited to 1 MB`,
      {
        code: 'TEMPLATE_TOO_LARGE',
        stage: 'message',
      },
    );
  }
  return buffer.toString('utf8');
}
