// Bytes of what runs: every .js file in dist/ (index.js and ncc's chunk files). licenses.txt,
// package.json and any *.map are beside the code, not loaded, and not counted.
import { existsSync } from 'node:fs';
import { cp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface DistFile {
  name: string;
  bytes: number;
  /** true for the .js files Node may load. */
  runs: boolean;
}

export interface Bundle {
  dir: string;
  files: DistFile[];
  /** Sum of the .js files: the figure the 1.3 MB target is about. */
  runningBytes: number;
}

export const runsInNode = (name: string): boolean =>
  name.endsWith('.js') || name.endsWith('.mjs') || name.endsWith('.cjs');

export async function measureBundle(dir: string): Promise<Bundle> {
  const names = (await readdir(dir)).sort();
  const files = await Promise.all(
    names.map(async (name) => ({
      name,
      bytes: (await stat(path.join(dir, name))).size,
      runs: runsInNode(name),
    })),
  );
  // index.js first, then the chunks by size: the listing reads as "entry, then what it may pull in".
  files.sort((a, b) => Number(b.name === 'index.js') - Number(a.name === 'index.js') || b.bytes - a.bytes);
  return { dir, files, runningBytes: files.filter((f) => f.runs).reduce((n, f) => n + f.bytes, 0) };
}

/**
 * Copies dist/ aside so every run of one benchmark measures the same build, even when someone runs
 * `npm run build` (which deletes dist/ first) meanwhile. Chunks are loaded relative to index.js, and
 * dist/package.json carries "type": "module", so the copy runs exactly as the original does.
 */
export async function snapshotDist(distDir: string, into: string): Promise<string> {
  if (!existsSync(path.join(distDir, 'index.js')))
    throw new MissingBuildError(`${distDir}/index.js not found: run npm run build first`);
  const target = path.join(into, 'dist');
  await cp(distDir, target, { recursive: true });
  return target;
}

export class MissingBuildError extends Error {}
