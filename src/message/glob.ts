// File globbing with @actions/glob's pattern semantics, on minimatch and a bounded directory walk
// (@actions/glob itself imports @actions/core's HTTP stack: 538 kB and +100 ms at start-up).
//
// - one pattern per entry, relative to `cwd` (the workspace) or absolute; `!` excludes what the
//   patterns before it matched, and a later pattern can include a file again;
// - `*`, `?`, `[...]` and `**`; dot files match; no braces or extglobs (as @actions/glob);
// - only files match (a directory does not stand for its contents); symlinks are followed;
// - results are sorted and unique. `.git` and `node_modules` are skipped unless a pattern names them.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Minimatch } from 'minimatch';
import { ActionError } from '../errors.js';

export interface GlobOptions {
  readonly cwd: string;
  /** Directory entries read at most, over all patterns. */
  readonly maxEntries: number;
  readonly platform?: NodeJS.Platform;
}

export interface GlobResult {
  /** Absolute paths, sorted, unique. */
  readonly files: readonly string[];
  /** Include patterns that matched no file, with the directory they named when they named one. */
  readonly unmatched: readonly { readonly pattern: string; readonly directory: boolean }[];
}

interface Pattern {
  readonly raw: string;
  readonly negate: boolean;
  readonly matcher: Minimatch;
  /** The literal directory the pattern starts in, or the whole path when it has no wildcard. */
  readonly root: string;
  readonly segments: readonly string[];
  readonly literal: boolean;
}

const SKIPPED = ['.git', 'node_modules'];

export async function findFiles(patterns: readonly string[], options: GlobOptions): Promise<GlobResult> {
  const platform = options.platform ?? process.platform;
  // Loaded here, not at the top: most runs attach nothing and never need it.
  const { Minimatch: MinimatchClass } = await import('minimatch');
  const parsed = patterns.map((raw) => parsePattern(raw, options.cwd, platform, MinimatchClass));
  const includes = parsed.filter((p) => !p.negate);
  const candidates = new Set<string>();
  const directories = new Set<string>();

  for (const pattern of includes.filter((p) => p.literal)) {
    const info = await stat(pattern.root).catch(() => undefined);
    if (info?.isFile()) candidates.add(pattern.root);
    else if (info?.isDirectory()) directories.add(pattern.raw);
  }
  const walked = includes.filter((p) => !p.literal);
  const walker = new Walker(options.maxEntries);
  for (const root of outermost(walked.map((p) => p.root))) await walker.walk(root, walked, candidates);

  const files = [...candidates].filter((file) => included(file, parsed)).sort();
  const unmatched = includes
    .filter((p) => ![...candidates].some((file) => p.matcher.match(file)))
    .map((p) => ({ pattern: p.raw, directory: directories.has(p.raw) }));
  return { files: files.map((f) => (platform === 'win32' ? f.replace(/\//g, '\\') : f)), unmatched };
}

function parsePattern(
  raw: string,
  cwd: string,
  platform: NodeJS.Platform,
  MinimatchClass: typeof Minimatch,
): Pattern {
  let body = raw.trim();
  let negate = false;
  while (body.startsWith('!')) {
    negate = !negate;
    body = body.slice(1).trimStart();
  }
  // On Windows a backslash separates paths (as in @actions/glob); elsewhere it escapes a wildcard.
  const toSlash = (p: string): string => (platform === 'win32' ? p.replace(/\\/g, '/') : p);
  const absolute = path.isAbsolute(body) || (platform === 'win32' && /^[A-Za-z]:[\\/]/.test(body));
  const full = path.posix
    .normalize(absolute ? toSlash(body) : `${toSlash(cwd)}/${toSlash(body)}`)
    .replace(/\/+$/, '');
  const segments = full.split('/');
  const firstMagic = segments.findIndex((s) => /[*?[]/.test(s));
  const literal = firstMagic === -1;
  const root = literal ? full : segments.slice(0, firstMagic).join('/') || '/';
  const matcher = new MinimatchClass(full, {
    dot: true,
    nobrace: true,
    noext: true,
    nocomment: true,
    nonegate: true,
    nocase: platform === 'win32',
    platform,
    windowsPathsNoEscape: platform === 'win32',
  });
  return { raw, negate, matcher, root, segments, literal };
}

/** @actions/glob semantics: patterns apply in order, `!` removes, a later pattern may add again. */
function included(file: string, patterns: readonly Pattern[]): boolean {
  let result = false;
  for (const pattern of patterns) if (pattern.matcher.match(file)) result = !pattern.negate;
  return result;
}

/** Roots that are not inside another root: each directory is read once. */
function outermost(roots: readonly string[]): string[] {
  const unique = [...new Set(roots)].sort();
  return unique.filter(
    (root) =>
      !unique.some((other) => other !== root && (root + '/').startsWith(other === '/' ? '/' : `${other}/`)),
  );
}

class Walker {
  private entries = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly maxEntries: number) {}

  /** `patterns`: those that may match below `dir`; inside .git or node_modules, only those naming it. */
  async walk(dir: string, patterns: readonly Pattern[], into: Set<string>): Promise<void> {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) return;
    // A symlink back up the tree would loop forever: each real directory is read once.
    const id = `${info.dev}:${info.ino}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    this.entries += entries.length;
    if (this.entries > this.maxEntries) {
      throw new ActionError(
        `The attachment patterns made the action look at more than ${this.maxEntries} files and directories (under ${dir})`,
        {
          code: 'ATTACHMENTS_SCAN_LIMIT',
          stage: 'message',
          hint: "Make the patterns more specific, e.g. 'reports/*.pdf' rather than '**/*.pdf'.",
        },
      );
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(full).catch(() => undefined);
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isFile && patterns.some((p) => p.matcher.match(full))) into.add(full);
      if (!isDirectory) continue;
      const named = SKIPPED.includes(entry.name)
        ? patterns.filter((p) => p.segments.includes(entry.name))
        : patterns;
      const below = named.filter((p) => p.matcher.match(full, true));
      if (below.length > 0) await this.walk(full, below, into);
    }
  }
}
