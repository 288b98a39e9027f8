// Runs Node's test runner on the files that match the given globs.
// Node 20 has no glob support in `node --test`, and a bare `node --test` finds no .ts file and
// passes with nothing run; this expands the patterns itself and fails when they match nothing.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const patterns = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
if (patterns.length === 0) {
  console.error('usage: node scripts/run-tests.mjs "test/**/*.test.ts" [--node-flags]');
  process.exit(2);
}

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const files = new Set();
for (const pattern of patterns) {
  if (!/[*?]/.test(pattern)) {
    if (!existsSync(pattern)) {
      console.error(`run-tests: no file '${pattern}'`);
      process.exit(2);
    }
    files.add(pattern);
    continue;
  }
  const base =
    pattern
      .split('/')
      .filter((p, i, all) => !/[*?]/.test(all.slice(0, i + 1).join('/')))
      .join('/') || '.';
  const re = globToRegExp(pattern);
  const matched = readdirSync(base, { recursive: true })
    .map((f) => path.posix.join(base, String(f).split(path.sep).join('/')))
    .filter((f) => re.test(f) && !f.includes('node_modules/'));
  if (matched.length === 0) {
    console.error(`run-tests: pattern '${pattern}' matched no file`);
    process.exit(2);
  }
  matched.forEach((f) => files.add(f));
}

const args = ['--import', 'tsx', '--test', ...passThrough, ...[...files].sort()];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
