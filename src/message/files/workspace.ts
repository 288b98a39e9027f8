// Files the message reads (a template, attachments) come from the workspace and nowhere else. A path
// is judged by where it really leads: the real path of the file (every symlink resolved) must lie inside
// the real path of GITHUB_WORKSPACE, and it must be a regular file. What is read is what counts: a /proc
// file reports size 0 to stat, so sizes are the bytes read, never what stat says.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ActionError, inputError } from '../../errors.js';
import { shorten } from '../../text.js';

/** An open(2) flag, or 0 where the OS has none (Windows has neither O_NOFOLLOW nor O_NONBLOCK). */
function flag(name: 'O_NOFOLLOW' | 'O_NONBLOCK'): number {
  return (constants as Readonly<Record<string, number | undefined>>)[name] ?? 0;
}

export interface Workspace {
  /** GITHUB_WORKSPACE as given: how paths are shown to the user. */
  readonly shown: string;
  /** Its real path: what every file is checked against. */
  readonly real: string;
  /** The path rules of the runner's OS (tests pass 'win32' or 'darwin' to check those rules here). */
  readonly platform: NodeJS.Platform;
}

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

export async function openWorkspace(
  dir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Workspace> {
  try {
    return { shown: dir, real: await realpath(dir), platform };
  } catch (err) {
    throw new ActionError(`The workspace ${dir} (GITHUB_WORKSPACE) cannot be read`, {
      code: 'WORKSPACE_MISSING',
      stage: 'message',
      hint: 'Template files and attachments are read from the workspace: check out the repository (actions/checkout) first.',
      cause: err,
    });
  }
}

/** True when `target` (an absolute path) is the workspace or lies below it. */
export function isInside(workspace: Workspace, target: string): boolean {
  const api = pathApi(workspace.platform);
  const relative = api.relative(workspace.real, target);
  return relative === '' || (!relative.startsWith('..') && !api.isAbsolute(relative));
}

/**
 * A path as the user wrote it, checked before anything touches the disk: absolute paths must lie in the
 * workspace, and `..` may not climb out of it. Returns the absolute path it names.
 */
export function checkWrittenPath(workspace: Workspace, written: string, input: string): string {
  const api = pathApi(workspace.platform);
  const absolute = api.resolve(workspace.shown, written);
  const lexicallyInside =
    isInside({ ...workspace, real: api.resolve(workspace.shown) }, absolute) || isInside(workspace, absolute);
  if (!lexicallyInside) {
    throw inputError(
      input,
      `'${shorten(written)}' is outside the workspace (${workspace.shown})`,
      'Files are read only from the checked-out repository: use a path relative to the workspace, without `..` that leaves it.',
    );
  }
  return absolute;
}

export type FileCheck =
  | { readonly kind: 'file'; readonly real: string }
  | { readonly kind: 'directory'; readonly real: string }
  | { readonly kind: 'missing' };

/** Where a path really leads. Throws, naming the input, when that is outside the workspace or not a file. */
export async function checkRealPath(
  workspace: Workspace,
  absolute: string,
  input: string,
): Promise<FileCheck> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw inputError(
      input,
      `cannot resolve '${shorten(absolute)}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  if (!isInside(workspace, real)) {
    throw inputError(
      input,
      `'${shorten(absolute, 120)}' leads outside the workspace (to ${shorten(real, 120)}), through a symbolic link`,
      'Only files inside the workspace are read; a symbolic link may point only to another file inside it.',
    );
  }
  const handle = await open(real, constants.O_RDONLY | flag('O_NONBLOCK'));
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { kind: 'directory', real };
    if (!info.isFile()) throw notRegular(input, absolute);
    return { kind: 'file', real };
  } finally {
    await handle.close();
  }
}

function notRegular(input: string, shown: string) {
  return inputError(
    input,
    `'${shorten(shown, 120)}' is not a regular file (a device, pipe or socket is never read)`,
  );
}

/**
 * Reads a checked file, at most `maxBytes`; `tooLarge` builds the error for a longer one. The file is
 * opened without following a symbolic link and checked again once open: a file swapped for a link or a
 * pipe after the check is refused, not read.
 */
export async function readCheckedFile(
  real: string,
  input: string,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<Buffer> {
  const flags = constants.O_RDONLY | flag('O_NOFOLLOW') | flag('O_NONBLOCK');
  const handle = await open(real, flags);
  try {
    if (!(await handle.stat()).isFile()) throw notRegular(input, real);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      chunks.push(chunk.subarray(0, bytesRead));
      if (total > maxBytes) throw tooLarge(total);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
