// Builds dist/ with ncc: the bundle users run. CI rebuilds it and fails when it differs from the commit.
//
// ncc minifies only index.js; the chunks it splits off at `await import()` (msal, nodemailer, handlebars,
// markdown-it, yaml, ...) come out unminified, three times their minified size. terser minifies each chunk
// after ncc. No source maps are committed: they would triple what every runner downloads for the action
// (the tarball of the tree). `npm run bench -- profile` builds a source-mapped twin when it needs one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { minify } from 'terser';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
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

for (const file of readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const code = readFileSync(path.join(dist, file), 'utf8');
  const result = await minify(code, {
    module: true,
    ecma: 2023,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (result.code === undefined) throw new Error(`terser produced nothing for ${file}`);
  writeFileSync(path.join(dist, file), result.code);
}
