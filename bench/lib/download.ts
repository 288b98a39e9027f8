// What a runner downloads for `uses: owner/repo@ref`: GitHub's tarball of the tree at that ref, which is
// `git archive` of it (honouring export-ignore) compressed with gzip. Measured on HEAD, the commit a
// release would tag: changes not committed yet do not count.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { constants, gzipSync } from 'node:zlib';

export interface Download {
  readonly commit: string;
  /** The uncompressed tar, and the tar.gz a runner fetches. */
  readonly tarBytes: number;
  readonly gzipBytes: number;
}

const run = promisify(execFile);

export async function measureDownload(repoRoot: string): Promise<Download> {
  const { stdout: commit } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot });
  const { stdout: tar } = await run('git', ['archive', '--format=tar', 'HEAD'], {
    cwd: repoRoot,
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  const gzip = gzipSync(tar, { level: constants.Z_BEST_COMPRESSION });
  return { commit: commit.trim(), tarBytes: tar.length, gzipBytes: gzip.length };
}
