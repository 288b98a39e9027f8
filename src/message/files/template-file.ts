// A template file from the repository (`template: .github/mail/deploy.html.hbs`). The file is the HTML
// part; a name ending in .html.hbs may have siblings .text.hbs and .subject.hbs for the other parts.
// Each is read under the workspace rules (workspace.ts): inside the real workspace, a regular file.
import { ActionError, inputError } from '../../errors.js';
import { checkRealPath, checkWrittenPath, readCheckedFile, type Workspace } from './workspace.js';

export interface TemplateSource {
  /** As the user wrote it: how errors name the file. */
  readonly name: string;
  readonly source: string;
}

export interface WorkspaceTemplate {
  readonly html: TemplateSource;
  readonly text: TemplateSource | undefined;
  readonly subject: TemplateSource | undefined;
}

/** A template is text a person wrote; a file larger than this is a wrong path, not a template. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

export async function readWorkspaceTemplate(
  relative: string,
  workspace: Workspace,
): Promise<WorkspaceTemplate> {
  const base = /\.html\.hbs$/i.test(relative) ? relative.replace(/\.html\.hbs$/i, '') : undefined;
  const [html, text, subject] = await Promise.all([
    readTemplate(relative, workspace, true),
    base === undefined ? undefined : readTemplate(`${base}.text.hbs`, workspace, false),
    base === undefined ? undefined : readTemplate(`${base}.subject.hbs`, workspace, false),
  ]);
  return { html: html ?? { name: relative, source: '' }, text, subject };
}

async function readTemplate(
  relative: string,
  workspace: Workspace,
  required: boolean,
): Promise<TemplateSource | undefined> {
  const absolute = checkWrittenPath(workspace, relative, 'template');
  const found = await checkRealPath(workspace, absolute, 'template');
  if (found.kind !== 'file') {
    if (!required && found.kind === 'missing') return undefined;
    throw new ActionError(
      `Cannot read the template file '${relative}' (${absolute}): ${found.kind === 'missing' ? 'no such file' : 'it is a directory'}`,
      {
        code: 'TEMPLATE_NOT_FOUND',
        stage: 'message',
        hint: 'The path is relative to the workspace (GITHUB_WORKSPACE): check out the repository first (actions/checkout), or use a built-in template: plain, status or release.',
      },
    );
  }
  const buffer = await readCheckedFile(found.real, 'template', MAX_TEMPLATE_BYTES, () =>
    inputError('template', `'${relative}' is larger than 1 MB, the most a template may hold`),
  );
  return { name: relative, source: buffer.toString('utf8') };
}
