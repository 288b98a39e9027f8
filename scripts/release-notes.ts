// `npx tsx scripts/release-notes.ts --version x.y.z [--out notes.md]`, run by .github/workflows/release.yml
// before it tags anything: checks that package.json, package-lock.json and the newest entry of
// CHANGELOG.md all name the version being released (scripts/release-check.ts), then writes that entry's
// text, the release notes, to --out or to stdout. Exit code 1 with one error line per disagreement.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRunner } from '../src/runner/index.js';
import { checkRelease } from './release-check.js';

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function main(): void {
  const { values } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' } } });
  const root = fileURLToPath(new URL('../', import.meta.url));
  const pkg = readJson(`${root}package.json`);
  const lock = readJson(`${root}package-lock.json`);
  const lockRoot = (lock.packages as Record<string, { version?: unknown }> | undefined)?.[''];
  const result = checkRelease({
    version: values.version ?? '',
    packageVersion: pkg.version,
    lockVersions: [lock.version, lockRoot?.version],
    changelog: readFileSync(`${root}CHANGELOG.md`, 'utf8'),
  });
  const runner = createRunner();
  result.warnings.forEach((w) => runner.warning(w, { title: 'Release' }));
  if (result.problems.length > 0) {
    result.problems.forEach((p) => runner.error(p, { title: 'Release' }));
    runner.setFailed(
      `Not ready to release ${values.version ?? ''}: fix the above and run the workflow again`,
    );
    return;
  }
  if (values.out === undefined) process.stdout.write(result.notes);
  else writeFileSync(values.out, result.notes);
}

main();
