// The runner passes every input declared in action.yml, using its `default` when the workflow sets
// none. Reproducing that keeps a test from passing only because an INPUT_ variable was missing.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export async function actionInputDefaults(actionYmlPath: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(actionYmlPath, 'utf8');
  } catch {
    return {};
  }
  const doc: unknown = parse(text);
  if (typeof doc !== 'object' || doc === null || !('inputs' in doc)) return {};
  const inputs = doc.inputs;
  if (typeof inputs !== 'object' || inputs === null) return {};
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(inputs) as Array<[string, unknown]>) {
    if (typeof spec !== 'object' || spec === null || !('default' in spec)) continue;
    const value: unknown = spec.default;
    // `${{ ... }}` defaults need the runner's expression engine: leave those unset.
    if (typeof value === 'string' && !value.includes('${{')) defaults[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') defaults[name] = String(value);
  }
  return defaults;
}

/** INPUT_<NAME>: upper-cased, spaces to '_', hyphens kept (as the runner and @actions/core do). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
