// A stand-in for @actions/core behind the runner port: inputs from a map, and every call recorded as
// the protocol line core would print (same escaping), so tests read what the runner would see.
import type { RunnerBackend } from '../../src/runner/index.js';

const escapeData = (v: string): string => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (v: string): string => escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(name: string, message: string, properties: Record<string, string | undefined> = {}): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export interface RecordingBackend extends RunnerBackend {
  /** Everything printed to stdout, one entry per write, as core prints it (without the EOL). */
  readonly lines: string[];
  readonly outputs: Record<string, string>;
  readonly summary: string[];
  readonly failed: () => boolean;
}

export function recordingBackend(
  inputs: Readonly<Record<string, string>> = {},
  idToken: (audience: string) => Promise<string> = () => Promise.reject(new Error('no ID token here')),
): RecordingBackend {
  const lines: string[] = [];
  const outputs: Record<string, string> = {};
  const summary: string[] = [];
  let failed = false;
  return {
    lines,
    outputs,
    summary,
    failed: () => failed,
    getInput: (name, options) => {
      const value = inputs[name] ?? '';
      return options?.trimWhitespace === false ? value : value.trim();
    },
    setSecret: (secret) => lines.push(command('add-mask', secret)),
    isDebug: () => false,
    debug: (message) => lines.push(command('debug', message)),
    // core.info writes the message and an EOL: a message with line breaks is several lines.
    info: (message) => lines.push(...message.split(/\r?\n/)),
    warning: (message, properties = {}) =>
      lines.push(command('warning', message, { title: properties.title })),
    error: (message, properties = {}) => lines.push(command('error', message, { title: properties.title })),
    startGroup: (name) => lines.push(command('group', name)),
    endGroup: () => lines.push(command('endgroup', '')),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: (text) => {
      summary.push(text);
      return Promise.resolve(true);
    },
    markFailed: () => {
      failed = true;
    },
    getIdToken: idToken,
  };
}
