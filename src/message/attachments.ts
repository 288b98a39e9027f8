// Attachments from the `attachments` glob patterns. A pattern that matches nothing never passes
// silently: `attachments-if-missing` makes it an error (the default), a warning, or a debug line.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IfMissing } from '../config.js';
import { ActionError } from '../errors.js';
import { contentTypeOf } from './content-types.js';
import { findFiles } from './glob.js';
import type { Attachment } from './types.js';

export interface AttachmentOptions {
  readonly patterns: readonly string[];
  readonly ifMissing: IfMissing;
  /** Where relative patterns start: GITHUB_WORKSPACE. */
  readonly workspace: string;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
  /** Directory entries the walk may read; the default suits any sensible pattern. */
  readonly maxEntries?: number;
}

export const MAX_SCANNED_ENTRIES = 50_000;

export async function resolveAttachments(options: AttachmentOptions): Promise<Attachment[]> {
  if (options.patterns.length === 0) return [];
  const { files, unmatched } = await findFiles(options.patterns, {
    cwd: options.workspace,
    maxEntries: options.maxEntries ?? MAX_SCANNED_ENTRIES,
  });
  for (const { pattern, directory } of unmatched) {
    const problem = directory
      ? `Attachment pattern '${pattern}' names a directory, not files: use '${pattern.replace(/[\\/]+$/, '')}/**' to attach the files in it`
      : `Attachment pattern '${pattern}' matched no file (relative paths start at ${options.workspace})`;
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
  const attachments: Attachment[] = [];
  for (const file of files) {
    const info = await stat(file);
    attachments.push({
      filename: safeFilename(path.basename(file)),
      path: file,
      contentType: contentTypeOf(file),
      size: info.size,
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

/** A file name is untrusted text in a MIME header: no control characters, never empty. */
function safeFilename(name: string): string {
  const clean = name.replace(/[\p{Cc}\u2028\u2029]+/gu, '_').trim();
  return clean === '' ? 'attachment' : clean;
}
