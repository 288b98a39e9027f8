// What the hostile-input suites assert about a run of the action: no line of its output is a workflow
// command the action did not mean to issue, nothing was contacted after a refusal, and secrets are
// masked in every form the runner will show.
import assert from 'node:assert/strict';
import type { Sandbox } from '../sandbox/index.js';
import type { ActionResult } from './run-action.js';

/** The commands this action issues; anything else on stdout was forged. */
const ISSUED = new Set(['add-mask', 'debug', 'warning', 'error', 'notice', 'group', 'endgroup']);

/** Text the runner's reader takes as separate lines. */
const LINES = /\r\n|[\r\n]/;

/**
 * Every line the runner would treat as a command (`::name` after leading white space, or `##[name` in
 * the legacy form anywhere), other than the ones the action issues itself at the start of a line.
 */
export function forgedCommands(stdout: string): string[] {
  const forged: string[] = [];
  for (const line of stdout.split(LINES)) {
    if (/##\[/.test(line)) forged.push(line);
    const trimmed = line.replace(/^[\s\u0085]+/, '');
    if (!trimmed.startsWith('::')) continue;
    const name = /^::([A-Za-z-]+)/.exec(trimmed)?.[1] ?? '';
    const ours = trimmed === line && ISSUED.has(name);
    if (!ours) forged.push(line);
  }
  return forged;
}

export function assertNoForgedCommands(result: ActionResult): void {
  assert.deepEqual(forgedCommands(result.stdout), [], 'no line of stdout is a forged workflow command');
  assert.deepEqual(forgedCommands(result.stderr), [], 'no line of stderr is a forged workflow command');
}

/** Refused before any request: no token, no connection, nothing delivered. */
export function assertNothingContacted(sandbox: Sandbox): void {
  assert.deepEqual(
    [sandbox.tokenRequests.length, sandbox.connections.length, sandbox.delivered.length],
    [0, 0, 0],
    'no token request, no SMTP connection, nothing delivered',
  );
}

/** The one error annotation of a failed run. */
export function failure(result: ActionResult): string {
  assert.equal(result.code, 1, `the step fails\n${result.stdout}\n${result.stderr}`);
  const errors = result.annotations.filter((a) => a.level === 'error');
  assert.equal(errors.length, 1, 'exactly one error annotation');
  return errors[0]?.message ?? '';
}

/** What the runner shows of `text` once every `::add-mask::` value the run issued is replaced. */
export function maskedByRunner(text: string, result: ActionResult): string {
  const masks = result.masks
    .flatMap((m) => [m, ...m.split(/\r?\n/)])
    .filter((m) => m.length > 0)
    .sort((a, b) => b.length - a.length);
  return masks.reduce((shown, mask) => shown.split(mask).join('***'), text);
}
