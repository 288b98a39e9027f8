// The runner port: the one place the action speaks to the GitHub runner (inputs, log lines,
// annotations, masks, outputs, job summary). @actions/core speaks the protocol; this seam adds the two
// things core leaves to each action: no printed text can act as a workflow command (safe-text.ts), and
// every secret is masked in every form the action writes.
import * as core from '@actions/core';
import { escapeHtml } from '../text.js';
import { neutraliseText, secretForms } from './safe-text.js';

export interface AnnotationProperties {
  readonly title?: string;
}

export interface Runner {
  /** The input's value, trimmed; '' when the workflow did not set it. */
  readonly input: (name: string) => string;
  /** The input exactly as the runner passed it (a secret is masked in this form too). */
  readonly rawInput: (name: string) => string;
  /** Masks a secret, in all its forms, in everything printed after this. */
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
  readonly appendSummary: (text: string) => Promise<void>;
  /** One error annotation and a failing exit code. */
  readonly setFailed: (message: string, properties?: AnnotationProperties) => void;
  /** A GitHub ID token for `audience` from the runner (permissions: id-token: write), masked. */
  readonly getIdToken: (audience: string) => Promise<string>;
}

/** What the seam needs of @actions/core: tests hand in a recorder with the same shape. */
export interface RunnerBackend {
  getInput(name: string, options?: { trimWhitespace?: boolean }): string;
  setSecret(secret: string): void;
  isDebug(): boolean;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: core.AnnotationProperties): void;
  error(message: string, properties?: core.AnnotationProperties): void;
  startGroup(name: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Appends to GITHUB_STEP_SUMMARY; false when the runner offers no summary file. */
  appendSummary(text: string): Promise<boolean>;
  markFailed(): void;
  getIdToken(audience: string): Promise<string>;
}

export const coreBackend: RunnerBackend = {
  getInput: (name, options) => core.getInput(name, options),
  setSecret: (secret) => core.setSecret(secret),
  isDebug: () => core.isDebug(),
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  startGroup: (name) => core.startGroup(name),
  endGroup: () => core.endGroup(),
  setOutput: (name, value) => core.setOutput(name, value),
  appendSummary: async (text) => {
    // core.summary throws when the variable is missing (outside a runner): nothing to append to.
    if (!process.env.GITHUB_STEP_SUMMARY) return false;
    await core.summary.addRaw(text, true).write();
    return true;
  },
  markFailed: () => {
    process.exitCode = core.ExitCode.Failure;
  },
  getIdToken: (audience) => core.getIDToken(audience),
};

export function createRunner(backend: RunnerBackend = coreBackend): Runner {
  const safe = (text: string): string => neutraliseText(text);
  const props = (properties: AnnotationProperties | undefined): core.AnnotationProperties =>
    properties?.title === undefined ? {} : { title: safe(properties.title) };
  const runner: Runner = {
    input: (name) => backend.getInput(name),
    rawInput: (name) => backend.getInput(name, { trimWhitespace: false }),
    setSecret: (value) => {
      for (const form of secretForms(value, escapeHtml)) backend.setSecret(form);
    },
    isDebug: () => backend.isDebug(),
    debug: (message) => backend.debug(safe(message)),
    info: (message) => backend.info(safe(message)),
    warning: (message, properties) => backend.warning(safe(message), props(properties)),
    error: (message, properties) => backend.error(safe(message), props(properties)),
    startGroup: (name) => backend.startGroup(safe(name)),
    endGroup: () => backend.endGroup(),
    setOutput: (name, value) => backend.setOutput(name, value),
    appendSummary: async (text) => {
      await backend.appendSummary(text);
    },
    setFailed: (message, properties) => {
      runner.error(message, properties);
      backend.markFailed();
    },
    getIdToken: async (audience) => {
      const token = await backend.getIdToken(audience);
      runner.setSecret(token);
      return token;
    },
  };
  return runner;
}
