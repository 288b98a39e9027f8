// Attachments from the `attachments` glob patterns, read into memory once: what is checked is what is
// sent (no second open between the check and the send), and a size is the bytes actually read. A pattern
// that matches nothing never passes silently: `attachments-if-missing` makes it an error (the default),
// a warning, or a debug line.
import { stat } from 'node:fs/promises';
import type { IfMissing } from '../../config.js';
import { ActionError, inputError } from '../../errors.js';
import { contentTypeOf } from './content-types.js';
import { expandPatterns } from './glob.js';
import { checkRealPath, pathApi, readCheckedFile, type Workspace } from './workspace.js';
import type { Attachment } from '../compose/types.js';

export interface AttachmentOptions {
  readonly patterns: readonly string[];
  readonly ifMissing: IfMissing;
  readonly workspace: Workspace;
  /** All attachments together may not exceed this many bytes (the message's size limit). */
  readonly maxBytes: number;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
}

/** More files than anyone mails: a pattern that matches this many is a mistake (or an attack). */
export const MAX_ATTACHMENTS = 100;

export async function resolveAttachments(options: AttachmentOptions): Promise<Attachment[]> {
  if (options.patterns.length === 0) return [];
  const { workspace } = options;
  const { files, unmatched } = await expandPatterns(options.patterns, workspace, MAX_ATTACHMENTS);
  for (const { pattern, literal } of unmatched) await reportUnmatched(pattern, literal, options);
  const api = pathApi(workspace.platform);
  const attachments: Attachment[] = [];
  let total = 0;
  for (const file of files) {
    const found = await checkRealPath(workspace, file, 'attachments');
    if (found.kind === 'directory') {
      options.debug(`Attachment pattern match ${file} is a link to a directory: skipped`);
      continue;
    }
    if (found.kind === 'missing') {
      throw new ActionError(`The attachment ${file} disappeared while the step ran`, {
        code: 'ATTACHMENT_UNREADABLE',
        stage: 'message',
      });
    }
    const content = await readCheckedFile(found.real, 'attachments', options.maxBytes - total, (bytes) =>
      tooLarge(total + bytes, options.maxBytes),
    );
    total += content.length;
    attachments.push({
      filename: safeFilename(api.basename(file)),
      content,
      contentType: contentTypeOf(file),
      size: content.length,
    });
  }
  options.debug(
    `Attachments: ${attachments.map((a) => `${a.filename} (${a.size} bytes)`).join(', ') || 'none'}`,
  );
  const names = attachments.map((a) => a.filename.toLowerCase());
  const repeated = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (repeated.length > 0) {
    options.warn(
      `Several attachments have the same name (${repeated.join(', ')}): recipients cannot tell them apart`,
    );
  }
  return attachments;
}

async function reportUnmatched(
  pattern: string,
  literal: string | undefined,
  options: AttachmentOptions,
): Promise<void> {
  const isDirectory = literal !== undefined && (await stat(literal).catch(() => undefined))?.isDirectory();
  const problem = isDirectory
    ? `Attachment pattern '${pattern}' names a directory, not files: use '${pattern.replace(/[\\/]+$/, '')}/**' to attach the files in it`
    : `Attachment pattern '${pattern}' matched no file (relative paths start at ${options.workspace.shown})`;
  if (options.ifMissing === 'error') {
    throw new ActionError(problem, {
      code: 'ATTACHMENT_NOT_FOUND',
      stage: 'message',
      hint: 'Check that an earlier step created the file and that the path is relative to the workspace, or set attachments-if-missing: warn (or ignore) if the file is optional.',
    });
  }
  if (options.ifMissing === 'warn') options.warn(problem);
  else options.debug(problem);
}

function tooLarge(bytes: number, limit: number): ActionError {
  return inputError(
    'attachments',
    `the attachments hold more than ${megabytes(limit)} (read ${megabytes(bytes)} so far), over max-size-mb`,
    'Attach fewer or smaller files (compress them, or upload them as a workflow artifact and link to it), or raise max-size-mb.',
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A file name is untrusted text in a MIME header: no control characters, never empty. */
function safeFilename(name: string): string {
  const clean = name.replace(/[\p{Cc}\u2028\u2029]+/gu, '_').trim();
  return clean === '' ? 'attachment' : clean;
}
