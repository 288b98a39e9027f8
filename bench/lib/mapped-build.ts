// A source-mapped twin of dist/: the same ncc build (scripts/build.mjs's flags) plus -s, so CPU
// profiles and byte counts can be attributed to packages and src/ files. The twin is made to run
// exactly like dist/: ncc's `import './sourcemap-register.cjs'` (a source-map-support hook that
// dist/ does not have) is blanked with spaces of the same length, keeping every column in place.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DecodedMap } from './sourcemap.js';
import type { RawSourceMap } from './sourcemap.js';

const REGISTER = "import './sourcemap-register.cjs';";
const MAP_COMMENT = /\n?\/\/# sourceMappingURL=[^\n]*\n?$/;

export interface MappedBuild {
  dir: string;
  maps: Map<string, DecodedMap>;
  /** Files whose code differs from the given dist/ (src/ changed since dist/ was built). */
  differsFrom: string[];
}

export async function buildMapped(repoRoot: string, scratch: string, distDir: string): Promise<MappedBuild> {
  const dir = path.join(scratch, 'mapped');
  const cache = await mkdtemp(path.join(scratch, 'ncc-cache-'));
  await promisify(execFile)(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      ...['build', 'src/index.ts', '-o', dir, '--minify', '--source-map', '--quiet', '--target', 'es2023'],
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, XDG_CACHE_HOME: cache },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const indexPath = path.join(dir, 'index.js');
  const index = await readFile(indexPath, 'utf8');
  if (index.startsWith(REGISTER))
    await writeFile(indexPath, ' '.repeat(REGISTER.length) + index.slice(REGISTER.length));

  const maps = new Map<string, DecodedMap>();
  const differsFrom: string[] = [];
  const distFiles = new Set((await readdir(distDir)).filter((f) => f.endsWith('.js')));
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.js'))) {
    const raw = JSON.parse(await readFile(path.join(dir, `${file}.map`), 'utf8')) as RawSourceMap;
    maps.set(file, new DecodedMap(raw));
    const ours = (await readFile(path.join(dir, file), 'utf8')).replace(MAP_COMMENT, '').trimStart();
    const theirs = distFiles.has(file)
      ? (await readFile(path.join(distDir, file), 'utf8')).trimStart()
      : undefined;
    if (theirs === undefined || ours.trimEnd() !== theirs.trimEnd()) differsFrom.push(file);
    distFiles.delete(file);
  }
  differsFrom.push(...distFiles);
  return { dir, maps, differsFrom };
}
