// The runner's workflow-command and file-command formats, written the way @actions/core writes them
// (a conformance test compares the two). The action does not import @actions/core at run time: it costs
// about 490 kB of bundle and 100 ms of start-up, mostly its HTTP stack (see docs/design.md).
import { randomUUID } from 'node:crypto';

export type CommandProperties = Readonly<Record<string, string | undefined>>;

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,key=value::message`: empty properties are left out, as the toolkit does. */
export function formatCommand(name: string, properties: CommandProperties, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** The heredoc form GITHUB_OUTPUT expects; the random delimiter cannot occur in the value. */
export function formatKeyValue(
  key: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (key.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Output '${key}' contains its own delimiter`);
  }
  return `${key}<<${delimiter}\n${value}\n${delimiter}`;
}
