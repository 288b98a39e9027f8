// `vars` and `headers` accept a YAML or JSON mapping. JSON is parsed directly; the YAML parser is
// loaded only when a value is not JSON, so most runs never load it.
import { inputError } from '../errors.js';

export async function parseMapping(input: string, value: string): Promise<Record<string, unknown>> {
  if (value.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    const { parse } = await import('yaml');
    try {
      // The core schema only: no custom tags, no merge keys; a YAML alias bomb is capped. No warnings:
      // the parser would print them (with an excerpt of the input) on stderr, where the runner reads
      // workflow commands.
      parsed = parse(value, {
        schema: 'core',
        merge: false,
        maxAliasCount: 50,
        uniqueKeys: true,
        logLevel: 'error',
      });
    } catch (err) {
      const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw inputError(input, `expected a YAML or JSON mapping, but it does not parse: ${detail ?? ''}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw inputError(
      input,
      'expected a mapping of names to values (key: value), got a list or a single value',
    );
  }
  return parsed as Record<string, unknown>;
}
