// Builds dist/ with ncc: the bundle users run. CI rebuilds it and fails when it differs from the commit.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// ncc keeps a large cache under XDG_CACHE_HOME; use a throwaway one unless the caller chose one.
const env = {
  ...process.env,
  XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? mkdtempSync(path.join(os.tmpdir(), 'ncc-cache-')),
};
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
    'build',
    'src/index.ts',
    '-o',
    'dist',
    '--minify',
    '--license',
    'licenses.txt',
    '--quiet',
    '--target',
    'es2023',
  ],
  { cwd: root, env, stdio: 'inherit' },
);
