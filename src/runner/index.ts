// The one place that speaks to the runner: inputs, log lines, annotations, masks, outputs, job summary.
import { appendFileSync } from 'node:fs';
import { formatCommand, formatKeyValue, type CommandProperties } from './commands.js';

export interface AnnotationProperties {
  readonly title?: string;
}

export interface Runner {
  /** The input's value, trimmed; '' when the workflow did not set it. */
  readonly input: (name: string) => string;
  /** Tells the runner to mask a value, and each of its lines, in everything printed after this. */
  readonly setSecret: (value: string) => void;
  readonly isDebug: () => boolean;
  readonly debug: (message: string) => void;
  readonly info: (message: string) => void;
  readonly warning: (message: string, properties?: AnnotationProperties) => void;
  readonly error: (message: string, properties?: AnnotationProperties) => void;
  readonly startGroup: (name: string) => void;
  readonly endGroup: () => void;
  readonly setOutput: (name: string, value: string) => void;
  /** Appends Markdown/HTML to the job summary; a no-op outside a runner. */
  readonly appendSummary: (text: string) => void;
  /** One error annotation and a failing exit code. */
  readonly setFailed: (message: string, properties?: AnnotationProperties) => void;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface RunnerIo {
  readonly env: Env;
  write(line: string): void;
  setExitCode(code: number): void;
}

const processIo: RunnerIo = {
  get env() {
    return process.env;
  },
  write: (line) => process.stdout.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function createRunner(io: RunnerIo = processIo): Runner {
  const command = (name: string, message: string, properties: CommandProperties = {}): void => {
    io.write(formatCommand(name, properties, message));
  };
  const appendTo = (variable: string, text: string): boolean => {
    const file = io.env[variable];
    if (!file) return false;
    appendFileSync(file, `${text}\n`, 'utf8');
    return true;
  };
  const runner: Runner = {
    input: (name) => (io.env[inputEnvName(name)] ?? '').trim(),
    setSecret: (value) => {
      if (value.trim() === '') return;
      command('add-mask', value);
      // The runner masks a multi-line value line by line too, but only when it is registered whole;
      // register each line so a PEM block or a pasted secret with a stray newline is covered either way.
      const lines = value.split(/\r?\n/).filter((line) => line.trim().length >= 4);
      if (lines.length > 1) lines.forEach((line) => command('add-mask', line.trim()));
    },
    isDebug: () => io.env.RUNNER_DEBUG === '1',
    debug: (message) => command('debug', message),
    info: (message) => io.write(message),
    warning: (message, properties = {}) => command('warning', message, { title: properties.title }),
    error: (message, properties = {}) => command('error', message, { title: properties.title }),
    startGroup: (name) => command('group', name),
    endGroup: () => command('endgroup', ''),
    setOutput: (name, value) => {
      if (!appendTo('GITHUB_OUTPUT', formatKeyValue(name, value))) {
        command('set-output', value, { name });
      }
    },
    appendSummary: (text) => {
      appendTo('GITHUB_STEP_SUMMARY', text);
    },
    setFailed: (message, properties) => {
      runner.error(message, properties);
      io.setExitCode(1);
    },
  };
  return runner;
}
