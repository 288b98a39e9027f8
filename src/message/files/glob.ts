// Attachment patterns expanded with @actions/glob (loaded only when there are attachments), with the
// action's rules on top: patterns are relative to the workspace, an absolute path or a `..` that leaves
// it is refused before anything is read, directory symlinks are never walked (so no walk leaves the
// workspace), a directory never stands for its contents, and every match is reported per pattern so a
// pattern that matched nothing can be named.
import type { GlobOptions } from '@actions/glob';
import { ActionError } from '../../errors.js';
import { checkWrittenPath, pathApi, type Workspace } from './workspace.js';

export interface PatternMatches {
  /** Absolute paths as the glob gave them (symlinks not resolved), sorted, unique. */
  readonly files: readonly string[];
  /** Include patterns that matched no file, with the path they name when they have no wildcard. */
  readonly unmatched: readonly { readonly pattern: string; readonly literal: string | undefined }[];
}

const OPTIONS: GlobOptions = {
  followSymbolicLinks: false,
  implicitDescendants: false,
  matchDirectories: false,
  omitBrokenSymbolicLinks: true,
  excludeHiddenFiles: false,
};

interface Written {
  readonly raw: string;
  readonly negate: boolean;
  /** The pattern made absolute: the workspace (escaped for the glob) in front of a relative one. */
  readonly absolute: string;
  /** The path a pattern without wildcards names. */
  readonly literal: string | undefined;
}

/** @actions/glob's escaping of a literal path (its own helper is not exported). */
export function globEscape(literal: string, platform: NodeJS.Platform): string {
  return (platform === 'win32' ? literal : literal.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]');
}

export function writtenPattern(raw: string, workspace: Workspace): Written {
  let body = raw.trim();
  let negate = false;
  while (body.startsWith('!')) {
    negate = !negate;
    body = body.slice(1).trimStart();
  }
  const api = pathApi(workspace.platform);
  // The part before the first wildcard is a real path: it must stay inside the workspace. A `..`
  // after a wildcard is refused by @actions/glob itself.
  const resolved = checkWrittenPath(workspace, body, 'attachments');
  const absolute = api.isAbsolute(body)
    ? body
    : `${globEscape(workspace.shown, workspace.platform)}${api.sep}${body}`;
  return { raw, negate, absolute, literal: /[*?[]/.test(body) ? undefined : resolved };
}

export async function expandPatterns(
  patterns: readonly string[],
  workspace: Workspace,
  maxFiles: number,
): Promise<PatternMatches> {
  const written = patterns.map((p) => writtenPattern(p, workspace));
  const { create } = await import('@actions/glob');
  const run = async (lines: readonly string[]): Promise<string[]> => {
    const found: string[] = [];
    const globber = await create(lines.join('\n'), OPTIONS);
    for await (const file of globber.globGenerator()) {
      found.push(file);
      if (found.length > maxFiles) {
        throw new ActionError(`The attachment patterns match more than ${maxFiles} files`, {
          code: 'ATTACHMENTS_TOO_MANY',
          stage: 'input',
          hint: "Make the patterns more specific (e.g. 'reports/*.pdf' rather than '**/*'), or attach one archive.",
        });
      }
    }
    return found;
  };
  const includes = written.filter((w) => !w.negate);
  const unmatched: { pattern: string; literal: string | undefined }[] = [];
  // A pattern that matched nothing is found by globbing it alone; the result set applies every
  // pattern in order (a `!` pattern removes, a later pattern may add again).
  const alone = includes.length === 1 && written.length === 1;
  for (const include of includes) {
    const matches = await run([include.absolute]);
    if (matches.length === 0) unmatched.push({ pattern: include.raw, literal: include.literal });
    if (alone) return { files: [...new Set(matches)].sort(), unmatched };
  }
  const files = await run(written.map((w) => `${w.negate ? '!' : ''}${w.absolute}`));
  return { files: [...new Set(files)].sort(), unmatched };
}
