// Regenerates the inputs and outputs tables in README.md from action.yml (`npm run docs`).
// A unit test fails when the README is out of step, so the two cannot drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

interface ActionYaml {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- inputs:start (generated from action.yml by `npm run docs`) -->';
const END = '<!-- inputs:end -->';

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

export function readActionYaml(root = ROOT): ActionYaml {
  return parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYaml;
}

export function renderTables(action: ActionYaml): string {
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined && spec.default !== '' ? `\`${spec.default}\`` : ''} | ${cell(spec.description ?? '')} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description ?? '')} |`,
  );
  return [
    START,
    '### Inputs',
    '',
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

export function withTables(readme: string, tables: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return readme.slice(0, start) + tables + readme.slice(end + END.length);
}

/** The README as `npm run docs` writes it: tables from action.yml, then Prettier, which `npm run lint` checks. */
export async function generatedReadme(readme: string, action: ActionYaml, root = ROOT): Promise<string> {
  const file = path.join(root, 'README.md');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(withTables(readme, renderTables(action)), { ...options, filepath: file });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.join(ROOT, 'README.md');
  const before = readFileSync(file, 'utf8');
  const after = await generatedReadme(before, readActionYaml());
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? 'README.md tables already up to date' : 'README.md tables regenerated');
}
